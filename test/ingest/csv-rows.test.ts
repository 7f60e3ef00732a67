import t from 'tap'
import { caught, ingestCsv, row } from './helpers.js'

const header = 'intervalStart,queue,offered,aht\n'

t.test('canonical rows with RFC 4180 quoting', async (t) => {
  const text = header +
    '2019-01-18T22:15:00Z,"Sales, North",12,245.5\r\n' +
    '"2019-01-18T22:30:00Z","Say ""hi""","7","0"\n' +
    '2019-01-18T23:45:00+01:00,  Support  , 3 ,\t.5\n' +
    '2019-01-18T22:15:00.000Z,Support,0,0'
  const { result, sink } = await ingestCsv(text)
  t.strictSame(result, {
    rows: 4,
    skippedRows: 0,
    filledRows: 0,
    queues: 3,
    firstIntervalStart: 1547849700,
    lastIntervalStart: 1547851500,
    errors: [],
    errorCount: 0
  })
  t.strictSame(sink.received, [
    { row: row('2019-01-18T22:15:00Z', 'Sales, North', 12, 245.5), line: 2 },
    { row: row('2019-01-18T22:30:00Z', 'Say "hi"', 7, 0), line: 3 },
    { row: row('2019-01-18T22:45:00Z', 'Support', 3, 0.5), line: 4 },
    { row: row('2019-01-18T22:15:00Z', 'Support', 0, 0), line: 5 }
  ])
})

t.test('canonical rows keep physical line numbers', async (t) => {
  const text = header +
    '\n' +
    '2019-01-18T22:15:00Z,"Sales\r\nEast",1,2\r\n' +
    ',,,\n' +
    '2019-01-18T22:15:00Z,"Sales\nWest",x,2\n' +
    '  \n' +
    '2019-01-18T22:15:00Z,Sales,1,2\n'
  const { result, sink } = await ingestCsv(text)
  t.strictSame(result.errors, [
    { line: 3, field: 'queue', value: 'Sales\r\nEast', message: 'queue name "Sales\\r\\nEast" contains the control character U+000D; remove it' },
    { line: 6, field: 'queue', value: 'Sales\nWest', message: 'queue name "Sales\\nWest" contains the control character U+000A; remove it' },
    { line: 6, field: 'offered', value: 'x', message: '"x" is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces' }
  ])
  t.equal(result.errorCount, 3)
  t.equal(result.rows, 1, 'the valid row on line 9 is counted')
  t.strictSame(sink.received, [], 'nothing reaches the sink after an error')
})

t.test('canonical rows report every field', async (t) => {
  const text = header + '2019-02-30T00:00:00Z,,-1,245,5\n2019-01-18T22:10:00Z,Sales,1e3,1\n'
  const { result } = await ingestCsv(text)
  t.strictSame(result.errors, [
    { line: 2, field: 'row', message: 'the row has 5 fields but the header has 4; check for a missing or extra delimiter, or quote values that contain the delimiter' },
    { line: 3, field: 'intervalStart', value: '2019-01-18T22:10:00Z', message: '"2019-01-18T22:10:00Z" is not on a boundary of the 900-second interval; the interval containing it starts at 2019-01-18T22:00:00Z' },
    { line: 3, field: 'offered', value: '1e3', message: '"1e3" is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces' }
  ])

  const fields = await ingestCsv(header + '2019-02-30T00:00:00Z, ,-1,"245,5"\n')
  t.strictSame(fields.result.errors, [
    { line: 2, field: 'intervalStart', value: '2019-02-30T00:00:00Z', message: '"2019-02-30T00:00:00Z" is not a valid date and time: day 30 does not exist in 2019-02, which has 28 days' },
    { line: 2, field: 'queue', value: ' ', message: 'the queue name is empty; every row needs the ACD queue name' },
    { line: 2, field: 'offered', value: '-1', message: '"-1" is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces' },
    { line: 2, field: 'aht', value: '245,5', message: '"245,5" uses "," as the decimal separator; write "245.5" or set decimalComma in the profile if the export uses decimal commas' }
  ])
})

t.test('canonical rows with a short row', async (t) => {
  const { result } = await ingestCsv(header + '2019-01-18T22:15:00Z,Sales,1\n')
  t.strictSame(result.errors, [
    { line: 2, field: 'row', message: 'the row has 3 fields but the header has 4; check for a missing or extra delimiter, or quote values that contain the delimiter' }
  ])
})

t.test('canonical rows with empty numbers', async (t) => {
  const { result } = await ingestCsv(header + '2019-01-18T22:15:00Z,Sales,,\n')
  const message = 'the cell is empty; write 0 for an interval without contacts, or set emptyNumbersAreZero in the profile'
  t.strictSame(result.errors, [
    { line: 2, field: 'offered', value: '', message },
    { line: 2, field: 'aht', value: '', message }
  ])
})

t.test('canonical rows with a duplicate', async (t) => {
  const text = header +
    '2019-01-18T22:15:00Z,Sales,1,2\n' +
    '2019-01-18T22:15:00Z,Support,1,2\n' +
    '2019-01-18T23:15:00+01:00, Sales ,3,4\n'
  const { result, sink } = await ingestCsv(text)
  t.strictSame(result.errors, [{
    line: 4,
    field: 'intervalStart',
    value: '2019-01-18T22:15:00Z',
    message: 'queue "Sales" already has a row for the interval starting 2019-01-18T22:15:00Z on line 2; send one row per queue and interval'
  }])
  t.equal(result.rows, 2)
  t.strictSame(sink.rows, [row('2019-01-18T22:15:00Z', 'Sales', 1, 2), row('2019-01-18T22:15:00Z', 'Support', 1, 2)])
})

t.test('canonical rows on a longer interval', async (t) => {
  const text = header + '2019-01-18T22:00:00Z,Sales,1,2\n2019-01-18T22:30:00Z,Sales,1,2\n2019-01-18T23:00:00Z,Sales,1,2\n'
  const { result } = await ingestCsv(text, { intervalSeconds: 3600 })
  t.strictSame(result.errors, [{
    line: 3,
    field: 'intervalStart',
    value: '2019-01-18T22:30:00Z',
    message: '"2019-01-18T22:30:00Z" is not on a boundary of the 3600-second interval; the interval containing it starts at 2019-01-18T22:00:00Z'
  }])
  t.equal(result.rows, 2)
})

t.test('canonical rows with broken quoting', async (t) => {
  const cases: Array<[string, number, string]> = [
    [header + '2019-01-18T22:15:00Z,Sales,1,2\n2019-01-18T22:30:00Z,"Sales,1,2\n2019-01-18T22:45:00Z,Sales,1,2\n', 3,
      'the row starting on line 3 has a quoted field that is never closed; end the field with a quote (") and double every quote inside it ("")'],
    [header + '2019-01-18T22:15:00Z,"Sales"x,1,2\n', 2,
      'the row starting on line 2 has text between a closing quote and the next delimiter; quote the whole field and double every quote inside it ("")'],
    [header + '2019-01-18T22:15:00Z,"Sales" ,1,2\n', 2,
      'the row starting on line 2 has text between a closing quote and the next delimiter; quote the whole field and double every quote inside it ("")'],
    [header + '\n2019-01-18T22:15:00Z,Sa"les,1,2\n', 3,
      'the row starting on line 3 has a quote (") inside an unquoted field; quote the whole field and double every quote inside it ("")']
  ]
  for (const [text, line, message] of cases) {
    const error = await caught(() => ingestCsv(text))
    t.match(error, { code: 'WFM_RELAY_INVALID_ROWS', message, rowErrorCount: 1 }, message)
    t.strictSame((error as { rowErrors: unknown }).rowErrors, [{ line, field: 'row', message }], message)
  }
})

t.test('canonical rows too large', async (t) => {
  const text = header + '2019-01-18T22:15:00Z,"' + 'a\n'.repeat(600_000) + '",1,2\n'
  const error = await caught(() => ingestCsv(text))
  const message = 'the row starting on line 2 is longer than 1048576 bytes (limits.maxLineBytes); check for a quote that is never closed or a wrong delimiter'
  t.match(error, { code: 'WFM_RELAY_ROW_TOO_LARGE', message })
})
