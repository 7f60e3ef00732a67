import t from 'tap'
import type { ProfileConfig } from '../../src/config/schema.js'
import { RelayError } from '../../src/errors.js'
import { caught, ingestCsv, row } from './helpers.js'

const germanExport: ProfileConfig = {
  delimiter: ';',
  decimalComma: true,
  timeZone: 'Europe/Berlin',
  columns: {
    queue: 'Warteschlange',
    offered: 'Angeboten',
    aht: 'AHT',
    timestamp: { column: 'Beginn', format: 'DD.MM.YYYY HH:mm' }
  },
  include: { Kanal: ['Telefon', 'Chat'] },
  exclude: { Warteschlange: ['Test'] }
}

t.test('profile with local timestamps', async (t) => {
  const text = 'Beginn;Warteschlange;Kanal;Angeboten;AHT;Bemerkung\n' +
    '15.01.2024 10:15;Vertrieb;Telefon;3;245,5;"frei; Text"\n' +
    '15.07.2024 10:15;Vertrieb;Chat; 12 ;,5;\n' +
    '15.01.2024 10:15;Vertrieb;E-Mail;x;x;\n' +
    '15.01.2024 10:15;Test;Telefon;1;1;\n' +
    '15.01.2024 10:15;Service;telefon;1;1;\n'
  const { result, sink } = await ingestCsv(text, { profile: germanExport, profileName: 'de' })
  t.strictSame(result, {
    rows: 2,
    skippedRows: 3,
    filledRows: 0,
    queues: 1,
    firstIntervalStart: 1705310100,
    lastIntervalStart: 1721031300,
    errors: [],
    errorCount: 0
  })
  t.strictSame(sink.received, [
    { row: row('2024-01-15T09:15:00Z', 'Vertrieb', 3, 245.5), line: 2 },
    { row: row('2024-07-15T08:15:00Z', 'Vertrieb', 12, 0.5), line: 3 }
  ])
})

t.test('profile errors name profile columns', async (t) => {
  const text = 'Beginn;Warteschlange;Kanal;Angeboten;AHT\n' +
    '15.01.2024 10:10;Vertrieb;Telefon;3;245.5\n' +
    '2024-01-15 10:15;Vertrieb;Telefon;;1\n' +
    '30.02.2024 10:15;Vertrieb;Telefon;1;1\n' +
    '31.03.2024 02:30;Vertrieb;Telefon;1;1\n' +
    '27.10.2024 02:30;Vertrieb;Telefon;1;1\n' +
    '27.10.2024 02:30;Vertrieb;Telefon;1\n'
  const { result } = await ingestCsv(text, { profile: germanExport, profileName: 'de' })
  t.strictSame(result.errors, [
    {
      line: 2,
      field: 'Beginn',
      value: '15.01.2024 10:10',
      message: '"15.01.2024 10:10" (2024-01-15T09:10:00Z) is not on a boundary of the 900-second interval; the interval containing it starts at 2024-01-15T09:00:00Z'
    },
    {
      line: 2,
      field: 'AHT',
      value: '245.5',
      message: '"245.5" uses "." as the decimal separator; write "245,5" because the profile sets decimalComma'
    },
    {
      line: 3,
      field: 'Beginn',
      value: '2024-01-15 10:15',
      message: '"2024-01-15 10:15" does not match the format "DD.MM.YYYY HH:mm"; fix the value, or the format in the profile if the export changed'
    },
    {
      line: 3,
      field: 'Angeboten',
      value: '',
      message: 'the cell is empty; write 0 for an interval without contacts, or set emptyNumbersAreZero in the profile'
    },
    {
      line: 4,
      field: 'Beginn',
      value: '30.02.2024 10:15',
      message: '"30.02.2024 10:15" is not a valid date and time: day 30 does not exist in 2024-02, which has 29 days'
    },
    {
      line: 5,
      field: 'Beginn',
      value: '31.03.2024 02:30',
      message: '2024-03-31 02:30:00 does not exist in Europe/Berlin because clocks skip it when daylight saving time starts; check the export\'s time zone'
    },
    {
      line: 6,
      field: 'Beginn',
      value: '27.10.2024 02:30',
      message: '2024-10-27 02:30:00 is ambiguous in Europe/Berlin: it occurs twice (2024-10-27T00:30:00Z and 2024-10-27T01:30:00Z) because clocks are set back, so export this day with UTC offsets or in UTC'
    },
    {
      line: 7,
      field: 'row',
      message: 'the row has 4 fields but the header has 5; check for a missing or extra delimiter, or quote values that contain the delimiter'
    }
  ])
})

t.test('profile with ISO timestamps and a zone', async (t) => {
  const profile: ProfileConfig = {
    timeZone: 'America/New_York',
    emptyNumbersAreZero: true,
    columns: { queue: 'queue_name', offered: 'calls', aht: 'handle_avg', timestamp: { column: 'start' } }
  }
  const text = 'start,queue_name,calls,handle_avg\n' +
    '2024-01-15T10:15:00,Sales,,\n' +
    '2024-01-15T10:15:00Z,Sales,1,2\n' +
    '2024-01-15T10:30:00-05:00,Sales,4,5\n' +
    '2024-03-10T02:15:00,Sales,1,1\n'
  const { result, sink } = await ingestCsv(text, { profile, profileName: 'ny' })
  t.strictSame(result.errors, [{
    line: 5,
    field: 'start',
    value: '2024-03-10T02:15:00',
    message: '2024-03-10 02:15:00 does not exist in America/New_York because clocks skip it when daylight saving time starts; check the export\'s time zone'
  }])
  t.strictSame(sink.received, [
    { row: row('2024-01-15T15:15:00Z', 'Sales', 0, 0), line: 2 },
    { row: row('2024-01-15T10:15:00Z', 'Sales', 1, 2), line: 3 },
    { row: row('2024-01-15T15:30:00Z', 'Sales', 4, 5), line: 4 }
  ])
})

t.test('profile ISO timestamps without a zone', async (t) => {
  const profile: ProfileConfig = {
    columns: { queue: 'queue_name', offered: 'calls', aht: 'handle_avg', timestamp: { column: 'start' } }
  }
  const { result } = await ingestCsv('start,queue_name,calls,handle_avg\n2024-01-15T10:15:00,Sales,1,2\n', { profile, profileName: 'iso' })
  t.strictSame(result.errors, [{
    line: 2,
    field: 'start',
    value: '2024-01-15T10:15:00',
    message: '"2024-01-15T10:15:00" has no UTC offset; append Z or an offset such as +01:00, or set timeZone in profile "iso"'
  }])
})

t.test('profile with date and time columns', async (t) => {
  const profile: ProfileConfig = {
    timeZone: 'UTC',
    columns: {
      queue: 'Q',
      offered: 'N',
      aht: 'T',
      date: { column: 'D', format: 'M/D/YYYY' },
      time: { column: 'H', format: 'H:mm:ss' }
    }
  }
  const text = 'D,H,Q,N,T\n5/16/2014,5:00:00,Sales,1,2\n5/16/14,5:30:00,Sales,1,2\n5/16/2014,5:30,Sales,1,2\n5/16/2014,25:00:00,Sales,1,2\n'
  const { result, sink } = await ingestCsv(text, { profile, profileName: 'dt' })
  t.strictSame(sink.rows, [row('2014-05-16T05:00:00Z', 'Sales', 1, 2)])
  t.strictSame(result.errors, [
    { line: 3, field: 'D', value: '5/16/14', message: '"5/16/14" does not match the format "M/D/YYYY"; fix the value, or the format in the profile if the export changed' },
    { line: 4, field: 'H', value: '5:30', message: '"5:30" does not match the format "H:mm:ss"; fix the value, or the format in the profile if the export changed' },
    { line: 5, field: 'H', value: '5/16/2014 25:00:00', message: '"5/16/2014 25:00:00" is not a valid date and time: hour 25 does not exist; hours are 0 to 23' }
  ])
})

t.test('profile header problems', async (t) => {
  const missing = await caught(() => ingestCsv('Beginn;Queue;Kanal;Angeboten;AHT\n', { profile: germanExport, profileName: 'de', fileName: 'x.csv' }))
  const message = 'the header has no column "Warteschlange", which profile "de" needs for columns.queue; check that the file is an export of the kind the profile describes'
  t.ok(missing instanceof RelayError)
  t.match(missing, { code: 'WFM_RELAY_MISSING_COLUMN', message })
  t.strictSame((missing as RelayError).rowErrors, [{ line: 1, file: 'x.csv', field: 'Warteschlange', message }])

  const filter = await caught(() => ingestCsv('Beginn;Warteschlange;Angeboten;AHT\n', { profile: germanExport, profileName: 'de' }))
  t.match(filter, {
    code: 'WFM_RELAY_MISSING_COLUMN',
    message: 'the header has no column "Kanal", which profile "de" needs for include.Kanal; check that the file is an export of the kind the profile describes'
  })

  const repeated = await caught(() => ingestCsv('Beginn;Warteschlange;Kanal;Angeboten;AHT;aht\n', { profile: germanExport, profileName: 'de' }))
  t.match(repeated, {
    code: 'WFM_RELAY_UNKNOWN_COLUMN',
    message: 'column "AHT" appears 2 times in the header (columns 5 and 6), so its values are ambiguous; remove the extra column'
  })

  const empty = await caught(() => ingestCsv('', { profile: germanExport, profileName: 'de' }))
  t.match(empty, {
    code: 'WFM_RELAY_EMPTY_UPLOAD',
    message: 'the CSV has no header row; send a header naming the columns of profile "de", then one row per queue and interval'
  })
})
