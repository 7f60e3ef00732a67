import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { caught, ingestCsv, row } from './helpers.js'

const needs = 'The first non-empty line is the header, and a CSV without a profile needs the columns ' +
  'intervalStart, queue, offered and aht, in any order.'
const profileHint = 'For an ACD export, choose the profile that maps its columns.'

t.test('canonical header in any order and case', async (t) => {
  const { result, sink } = await ingestCsv(' AHT ,Queue,OFFERED,intervalstart\r\n245.5,Sales,12,2019-01-18T22:15:00Z\r\n')
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [{ row: row('2019-01-18T22:15:00Z', 'Sales', 12, 245.5), line: 2 }])
})

t.test('canonical header after blank lines', async (t) => {
  const { result, sink } = await ingestCsv('\n,,,\n\r\nintervalStart,queue,offered,aht\n2019-01-18T22:15:00Z,Sales,1,2\n')
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [{ row: row('2019-01-18T22:15:00Z', 'Sales', 1, 2), line: 5 }])
})

t.test('canonical header missing a column', async (t) => {
  const message = `the header has no column aht. ${needs} ${profileHint}`
  const error = await caught(() => ingestCsv('intervalStart,queue,offered\n2019-01-18T22:15:00Z,Sales,1\n', { fileName: 'a.csv' }))
  t.ok(error instanceof RelayError)
  t.match(error, { code: 'WFM_RELAY_MISSING_COLUMN', statusCode: 400, message, rowErrorCount: 1 })
  t.strictSame((error as RelayError).rowErrors, [{ line: 1, file: 'a.csv', field: 'aht', message }])
})

t.test('canonical header with a misspelled column', async (t) => {
  const message = `the header has no column offered. ${needs} It has unknown columns instead: "offerd". ${profileHint}`
  const error = await caught(() => ingestCsv('intervalStart,queue,offerd,aht\n'))
  t.match(error, { code: 'WFM_RELAY_MISSING_COLUMN', message })
  t.strictSame((error as RelayError).rowErrors, [{ line: 1, field: 'offered', message }])
})

t.test('canonical header of a headerless file', async (t) => {
  const message = 'the header has no columns intervalStart, queue, offered, aht. ' + needs +
    ' It has unknown columns instead: "2019-01-18T22:15:00Z", "Sales", "1", "2". ' + profileHint
  const error = await caught(() => ingestCsv('2019-01-18T22:15:00Z,Sales,1,2\n'))
  t.match(error, { code: 'WFM_RELAY_MISSING_COLUMN', message })
})

t.test('canonical header with an unknown column', async (t) => {
  const message = 'unknown column "site" in the header; a CSV without a profile has exactly the columns ' +
    'intervalStart, queue, offered and aht, in any order'
  const error = await caught(() => ingestCsv('intervalStart,queue,offered,aht,site\n'))
  t.match(error, { code: 'WFM_RELAY_UNKNOWN_COLUMN', message })
  t.strictSame((error as RelayError).rowErrors, [{ line: 1, field: 'site', message }])
})

t.test('canonical header with an unnamed column', async (t) => {
  const message = 'column 5 of the header has no name; a CSV without a profile has exactly the columns ' +
    'intervalStart, queue, offered and aht, in any order'
  const error = await caught(() => ingestCsv('intervalStart,queue,offered,aht,\n'))
  t.match(error, { code: 'WFM_RELAY_UNKNOWN_COLUMN', message })
})

t.test('canonical header with a repeated column', async (t) => {
  const message = 'column "queue" appears 2 times in the header (columns 2 and 5), so its values are ' +
    'ambiguous; remove the extra column'
  const error = await caught(() => ingestCsv('intervalStart,queue,offered,aht,Queue\n'))
  t.match(error, { code: 'WFM_RELAY_UNKNOWN_COLUMN', message })
  t.strictSame((error as RelayError).rowErrors, [{ line: 1, field: 'queue', message }])
})

t.test('canonical CSV without a header', async (t) => {
  const message = 'the CSV has no header row; send a header naming intervalStart, queue, offered and aht, ' +
    'then one row per queue and interval'
  for (const text of ['', '\n\n', ',,,\r\n', '\uFEFF']) {
    const error = await caught(() => ingestCsv(text))
    t.match(error, { code: 'WFM_RELAY_EMPTY_UPLOAD', message }, JSON.stringify(text))
    t.strictSame((error as RelayError).rowErrors, [{ line: 1, field: 'header', message }], JSON.stringify(text))
  }
})

t.test('canonical CSV with only a header', async (t) => {
  const { result, sink } = await ingestCsv('intervalStart,queue,offered,aht\n')
  t.strictSame(result, { rows: 0, skippedRows: 0, filledRows: 0, queues: 0, errors: [], errorCount: 0 })
  t.strictSame(sink.received, [])
})
