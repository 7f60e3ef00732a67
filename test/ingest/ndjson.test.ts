import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { readNdjson } from '../../src/ingest/json-source.js'
import { caught, createSession, row, streamOf } from './helpers.js'

const line = (intervalStart: string, queue: string, offered: unknown, aht: unknown): string =>
  JSON.stringify({ intervalStart, queue, offered, aht })

t.test('readNdjson rows and blank lines', async (t) => {
  const text = line('2019-01-18T22:15:00Z', 'Sales', 12, 245.5) + '\r\n' +
    '\n' +
    '   \t\n' +
    line('2019-01-18T22:30:00Z', 'Sales', 3, 0) + '\n' +
    line('2019-01-18T22:45:00Z', 'Café', 1, 2)
  const bytes = Buffer.from(text)
  const cut = bytes.indexOf(Buffer.from('é')) + 1
  const { session, sink } = createSession()
  await readNdjson(streamOf(bytes.subarray(0, 30), bytes.subarray(30, cut), bytes.subarray(cut)), session, { fileName: 'rows.ndjson' })
  const result = await session.finish()
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [
    { row: row('2019-01-18T22:15:00Z', 'Sales', 12, 245.5), line: 1 },
    { row: row('2019-01-18T22:30:00Z', 'Sales', 3, 0), line: 4 },
    { row: row('2019-01-18T22:45:00Z', 'Café', 1, 2), line: 5 }
  ])
})

t.test('readNdjson row errors', async (t) => {
  const text = '\uFEFF' + line('2019-01-18T22:15:00Z', 'Sales', 12, 245.5) + '\n' +
    '{"intervalStart": "2019-01-18T22:30:00Z", "queue": "Sales",\n' +
    '[1, 2]\n' +
    line('2019-01-18T22:30:00Z', 'Sales', '3', 0) + '\n' +
    line('2019-01-18T22:15:00Z', 'Sales', 1, 1) + '\n'
  const { session, sink } = createSession()
  await readNdjson(streamOf(text), session, { fileName: 'rows.ndjson' })
  const result = await session.finish()
  t.strictSame(result.errors, [
    {
      line: 2,
      file: 'rows.ndjson',
      field: 'row',
      value: '{"intervalStart": "2019-01-18T22:30:00Z", "queue": "Sales",',
      message: 'the line is not valid JSON at character 60; write one JSON object per line'
    },
    {
      line: 3,
      file: 'rows.ndjson',
      field: 'row',
      value: '[1,2]',
      message: 'each row must be a JSON object with the fields intervalStart, queue, offered and aht'
    },
    {
      line: 4,
      file: 'rows.ndjson',
      field: 'offered',
      value: '"3"',
      message: 'offered must be an integer from 0 to 9007199254740991, such as 12'
    },
    {
      line: 5,
      file: 'rows.ndjson',
      field: 'intervalStart',
      value: '2019-01-18T22:15:00Z',
      message: 'queue "Sales" already has a row for the interval starting 2019-01-18T22:15:00Z on line 1; send one row per queue and interval'
    }
  ])
  t.strictSame(sink.received, [{ row: row('2019-01-18T22:15:00Z', 'Sales', 12, 245.5), line: 1 }])
})

t.test('readNdjson invalid UTF-8', async (t) => {
  const bytes = Buffer.concat([Buffer.from(line('2019-01-18T22:15:00Z', 'Sales', 1, 2) + '\n{"queue": "'), Buffer.from([0xC3, 0x28]), Buffer.from('"}\n')])
  const { session } = createSession()
  const error = await caught(() => readNdjson(streamOf(bytes), session))
  const message = 'line 2 contains bytes that are not valid UTF-8; save the file as UTF-8, or declare the charset it uses in the Content-Type (for example text/csv; charset=windows-1252)'
  t.ok(error instanceof RelayError)
  t.match(error, { code: 'WFM_RELAY_INVALID_ROWS', message, rowErrorCount: 1 })
  t.strictSame((error as RelayError).rowErrors, [{ line: 2, field: 'row', message }])
})

t.test('readNdjson long line', async (t) => {
  const { session } = createSession()
  const error = await caught(() => readNdjson(streamOf('{"queue": "' + 'a'.repeat(1_100_000) + '"}\n'), session))
  t.match(error, {
    code: 'WFM_RELAY_ROW_TOO_LARGE',
    message: 'line 1 is longer than 1048576 bytes (limits.maxLineBytes); check the delimiter and line endings of the file'
  })
})

t.test('readNdjson empty stream', async (t) => {
  const { session, sink } = createSession()
  await readNdjson(streamOf(''), session)
  const result = await session.finish()
  t.strictSame(result, { rows: 0, skippedRows: 0, filledRows: 0, queues: 0, errors: [], errorCount: 0 })
  t.strictSame(sink.received, [])
})
