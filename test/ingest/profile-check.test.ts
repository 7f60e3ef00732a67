import t from 'tap'
import type { ProfileConfig } from '../../src/config/schema.js'
import { compileProfile, validateProfile } from '../../src/ingest/profile-check.js'

const dateTime: ProfileConfig = {
  timeZone: 'Europe/Berlin',
  columns: {
    queue: 'Queue',
    offered: 'Offered',
    aht: 'AHT',
    date: { column: 'Date', format: 'DD.MM.YYYY' },
    time: { column: 'Time', format: 'HH:mm' }
  }
}

const isoTimestamp: ProfileConfig = {
  columns: { queue: 'Queue', offered: 'Offered', aht: 'AHT', timestamp: { column: 'Start' } }
}

t.test('validateProfile accepts valid profiles', async (t) => {
  t.doesNotThrow(() => validateProfile('berlin', dateTime))
  t.doesNotThrow(() => validateProfile('iso', isoTimestamp), 'an ISO timestamp needs no time zone')
  t.doesNotThrow(() => validateProfile('local', {
    delimiter: ';',
    decimalComma: true,
    timeZone: 'America/New_York',
    columns: { ...isoTimestamp.columns, timestamp: { column: 'Start', format: 'M/D/YYYY H:mm' } },
    include: { Type: ['Inbound'] },
    exclude: { Queue: [] },
    emptyNumbersAreZero: true,
    completeDays: true
  }))
})

t.test('compileProfile results', async (t) => {
  const compiled = compileProfile('berlin', dateTime)
  t.equal(compiled.name, 'berlin')
  t.equal(compiled.delimiter, ',')
  t.equal(compiled.zone?.zone, 'Europe/Berlin')
  t.equal(compiled.time.kind, 'date-time')
  t.strictSame(compiled.numbers, { decimalComma: undefined, emptyNumbersAreZero: undefined })
  t.equal(compileProfile('iso', isoTimestamp).zone, undefined)
})

t.test('validateProfile rejects bad profiles', async (t) => {
  const cases: Array<[string, unknown, string]> = [
    ['schema: interval', { ...isoTimestamp, interval: 1000 },
      'profiles.p.interval: Expected integer to be a multiple of 900'],
    ['schema: unknown key', { ...isoTimestamp, colums: {} },
      'profiles.p.colums: Unexpected property'],
    ['schema: filter value', { ...isoTimestamp, include: { Type: [2] } },
      'profiles.p.include.Type.0: Expected string'],
    ['timestamp and date', { ...dateTime, columns: { ...dateTime.columns, timestamp: { column: 'Start' } } },
      'profiles.p.columns: set either timestamp, or date and time, not both'],
    ['no time column', { columns: { queue: 'Queue', offered: 'Offered', aht: 'AHT' } },
      'profiles.p.columns: the interval start needs a timestamp column, or both a date and a time column'],
    ['date without time', { ...dateTime, columns: { ...dateTime.columns, time: undefined } },
      'profiles.p.columns: the interval start needs a timestamp column, or both a date and a time column'],
    ['date without format', { ...dateTime, columns: { ...dateTime.columns, date: { column: 'Date' } } },
      'profiles.p.columns.date.format is missing: give the layout of the date column, such as M/D/YYYY'],
    ['time without format', { ...dateTime, columns: { ...dateTime.columns, time: { column: 'Time' } } },
      'profiles.p.columns.time.format is missing: give the layout of the time column, such as H:mm:ss'],
    ['bad time format', { ...dateTime, columns: { ...dateTime.columns, time: { column: 'Time', format: 'hh:mm' } } },
      'profiles.p.columns.time.format: format "hh:mm" has an unsupported token at "hh:mm"; the tokens are YYYY, MM, M, DD, D, HH, H, mm and ss'],
    ['bad timestamp format', { ...isoTimestamp, timeZone: 'UTC', columns: { ...isoTimestamp.columns, timestamp: { column: 'Start', format: 'YYYY-MM-DD' } } },
      'profiles.p.columns.timestamp.format: format "YYYY-MM-DD" of a timestamp column has no hour, minute'],
    ['unknown zone', { ...dateTime, timeZone: 'Mars/Base' },
      'profiles.p.timeZone: "Mars/Base" is not a known IANA time zone; use a name such as Europe/Berlin or Pacific/Honolulu'],
    ['missing zone', { ...dateTime, timeZone: undefined },
      'profiles.p.timeZone is missing: the time columns hold local times without an offset, so the profile must name their IANA time zone, such as America/New_York'],
    ['quote delimiter', { ...isoTimestamp, delimiter: '"' },
      'profiles.p.delimiter: "\\"" cannot separate fields, because it is the quote or a line break; use the export\'s delimiter, such as "," or ";"'],
    ['newline delimiter', { ...isoTimestamp, delimiter: '\n' },
      'profiles.p.delimiter: "\\n" cannot separate fields, because it is the quote or a line break; use the export\'s delimiter, such as "," or ";"'],
    ['column mapped twice', { ...isoTimestamp, columns: { ...isoTimestamp.columns, aht: ' offered ' } },
      'profiles.p.columns.aht: column " offered " is already mapped by columns.offered; each value needs its own column'],
    ['empty include', { ...isoTimestamp, include: { Type: [] } },
      'profiles.p.include.Type lists no values, so every row would be dropped; list the values to keep, or remove the filter']
  ]
  for (const [name, profile, message] of cases) {
    t.throws(() => validateProfile('p', profile as ProfileConfig), { message }, name)
  }
})
