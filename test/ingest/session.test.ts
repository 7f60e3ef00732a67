import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { readCsv } from '../../src/ingest/csv-source.js'
import { readJsonRows } from '../../src/ingest/json-source.js'
import { IngestSession } from '../../src/ingest/session.js'
import type { IntervalRow } from '../../src/ingest/types.js'
import { caught, createSession, ingestCsv, row, streamOf } from './helpers.js'

const header = 'intervalStart,queue,offered,aht\n'
const badOffered = (value: string): string =>
  `${JSON.stringify(value)} is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces`

t.test('session keeps the first errors and counts all', async (t) => {
  const text = header + ['a', 'b', 'c', 'd', 'e'].map((value, index) => `2019-01-18T1${index}:00:00Z,Sales,${value},1\n`).join('')
  const { result } = await ingestCsv(text, { maxReportedErrors: 2 })
  t.strictSame(result.errors, [
    { line: 2, field: 'offered', value: 'a', message: badOffered('a') },
    { line: 3, field: 'offered', value: 'b', message: badOffered('b') }
  ])
  t.equal(result.errorCount, 5)

  const none = await ingestCsv(text, { maxReportedErrors: 0 })
  t.strictSame(none.result.errors, [])
  t.equal(none.result.errorCount, 5)
})

t.test('session shortens long values', async (t) => {
  const queue = 'q'.repeat(300)
  const { result } = await ingestCsv(header + `2019-01-18T20:00:00Z,${queue},1,1\n`)
  t.strictSame(result.errors, [{
    line: 2,
    field: 'queue',
    value: 'q'.repeat(200) + '…',
    message: `queue name "${'q'.repeat(40)}…" is 300 characters long; the maximum is 255`
  }])
})

t.test('session stops the sink at the first error', async (t) => {
  const text = header +
    '2019-01-18T20:00:00Z,Sales,1,1\n' +
    '2019-01-18T20:15:00Z,Sales,x,1\n' +
    '2019-01-18T20:30:00Z,Sales,2,1\n'
  const { result, sink } = await ingestCsv(text)
  t.strictSame(sink.received, [{ row: row('2019-01-18T20:00:00Z', 'Sales', 1, 1), line: 2 }])
  t.equal(result.rows, 2, 'valid rows are still counted')
  t.equal(result.queues, 1)
})

t.test('session duplicates across files', async (t) => {
  const { session, sink } = createSession()
  await readCsv(streamOf(header + '\n2019-01-18T20:00:00Z,Sales,1,1\n\n\n'), session, { fileName: 'a.csv' })
  await readCsv(streamOf(header + '2019-01-18T20:15:00Z,Sales,1,1\n2019-01-18T20:00:00Z,Sales,2,2\n2019-01-18T20:15:00Z,Sales,3,3\n'), session, { fileName: 'b.csv' })
  const result = await session.finish()
  t.strictSame(result.errors, [
    {
      line: 3,
      file: 'b.csv',
      field: 'intervalStart',
      value: '2019-01-18T20:00:00Z',
      message: 'queue "Sales" already has a row for the interval starting 2019-01-18T20:00:00Z on line 3 of "a.csv"; send one row per queue and interval'
    },
    {
      line: 4,
      file: 'b.csv',
      field: 'intervalStart',
      value: '2019-01-18T20:15:00Z',
      message: 'queue "Sales" already has a row for the interval starting 2019-01-18T20:15:00Z on line 2; send one row per queue and interval'
    }
  ])
  t.strictSame(sink.received, [
    { row: row('2019-01-18T20:00:00Z', 'Sales', 1, 1), line: 3 },
    { row: row('2019-01-18T20:15:00Z', 'Sales', 1, 1), line: 2 }
  ])
})

t.test('session result of several sources', async (t) => {
  const { session } = createSession()
  await readCsv(streamOf(header + '2019-01-18T20:00:00Z,Sales,1,1\n'), session, { fileName: 'a.csv' })
  await readJsonRows({ rows: [{ intervalStart: '2019-01-18T19:00:00Z', queue: 'Support', offered: 2, aht: 3 }] }, session)
  t.strictSame(await session.finish(), {
    rows: 2,
    skippedRows: 0,
    filledRows: 0,
    queues: 2,
    firstIntervalStart: 1547838000,
    lastIntervalStart: 1547841600,
    errors: [],
    errorCount: 0
  })
})

t.test('session interval option', async (t) => {
  const message = (value: number): string => `interval ${value} is not valid; use a multiple of 900 seconds from 900 to 86400`
  for (const intervalSeconds of [0, 600, 1000, 900.5, 87300, -900, Number.NaN]) {
    const error = await caught(async () => new IngestSession({ intervalSeconds, maxReportedErrors: 10 }, { add: () => {} }))
    t.ok(error instanceof RelayError, String(intervalSeconds))
    t.match(error, { code: 'WFM_RELAY_INVALID_PARAMETER', message: message(intervalSeconds) }, String(intervalSeconds))
  }
  for (const intervalSeconds of [900, 1800, 4500, 86400]) {
    t.doesNotThrow(() => new IngestSession({ intervalSeconds, maxReportedErrors: 10 }, { add: () => {} }), String(intervalSeconds))
  }
})

t.test('session with an invalid profile', async (t) => {
  const profile = { timeZone: 'Nowhere/City', columns: { queue: 'q', offered: 'o', aht: 'a', timestamp: { column: 't' } } }
  t.throws(() => new IngestSession({ intervalSeconds: 900, maxReportedErrors: 1, profile, profileName: 'bad' }, { add: () => {} }), {
    message: 'profiles.bad.timeZone: "Nowhere/City" is not a known IANA time zone; use a name such as Europe/Berlin or Pacific/Honolulu'
  })
})

t.test('session misuse', async (t) => {
  const { session } = createSession()
  await session.finish()
  await t.rejects(session.finish(), { message: 'IngestSession.finish() was called twice' })
  await t.rejects(readCsv(streamOf(header), session), {
    message: 'IngestSession: a source was started while another was running or after finish()'
  })
})

t.test('session passes sink errors through', async (t) => {
  const failure = new RelayError('WFM_RELAY_ROW_TOO_LARGE', 'row too large for a chunk')
  const session = new IngestSession({ intervalSeconds: 900, maxReportedErrors: 10 }, {
    add: async (row: IntervalRow) => {
      if (row.queue === 'Huge') {
        throw failure
      }
    }
  })
  const error = await caught(() => readCsv(streamOf(header + '2019-01-18T20:00:00Z,Sales,1,1\n2019-01-18T20:00:00Z,Huge,1,1\n'), session))
  t.equal(error, failure)
})

t.test('session passes input stream errors through', async (t) => {
  const { session } = createSession()
  const broken = streamOf(header)
  const failure = new Error('client aborted')
  broken.destroy(failure)
  const error = await caught(() => readCsv(broken, session))
  t.equal(error, failure)
})
