import t from 'tap'
import type { ProfileConfig } from '../../src/config/schema.js'
import type { IntervalRow } from '../../src/ingest/types.js'
import { epoch, ingestCsv, row, type SunkRow } from './helpers.js'

const isoProfile = (timeZone?: string): ProfileConfig => ({
  timeZone,
  completeDays: true,
  columns: { queue: 'queue', offered: 'offered', aht: 'aht', timestamp: { column: 'intervalStart' } }
})

const header = 'intervalStart,queue,offered,aht\n'

/** Zero rows for every interval in [from, to) that `present` does not list. */
function zeroRows (queue: string, from: string, to: string, step: number, present: string[]): SunkRow[] {
  const skip = new Set(present.map(epoch))
  const rows: SunkRow[] = []
  for (let start = epoch(from); start < epoch(to); start += step) {
    if (!skip.has(start)) {
      rows.push({ row: { intervalStart: start, queue, offered: 0, aht: 0 }, line: 0 })
    }
  }
  return rows
}

t.test('completeDays in UTC', async (t) => {
  const text = header +
    '2019-01-18T22:00:00Z,Sales,5,100\n' +
    '2019-01-19T05:00:00Z,Support,2,50\n' +
    '2019-01-19T01:00:00Z,Sales,3,90\n'
  const { result, sink } = await ingestCsv(text, { intervalSeconds: 3600, profile: isoProfile(), profileName: 'utc' })
  t.strictSame(result, {
    rows: 72,
    skippedRows: 0,
    filledRows: 69,
    queues: 2,
    firstIntervalStart: epoch('2019-01-18T00:00:00Z'),
    lastIntervalStart: epoch('2019-01-19T23:00:00Z'),
    errors: [],
    errorCount: 0
  })
  t.strictSame(sink.received, [
    { row: row('2019-01-18T22:00:00Z', 'Sales', 5, 100), line: 2 },
    { row: row('2019-01-19T05:00:00Z', 'Support', 2, 50), line: 3 },
    { row: row('2019-01-19T01:00:00Z', 'Sales', 3, 90), line: 4 },
    ...zeroRows('Sales', '2019-01-18T00:00:00Z', '2019-01-20T00:00:00Z', 3600, ['2019-01-18T22:00:00Z', '2019-01-19T01:00:00Z']),
    ...zeroRows('Support', '2019-01-19T00:00:00Z', '2019-01-20T00:00:00Z', 3600, ['2019-01-19T05:00:00Z'])
  ])
})

t.test('completeDays with a half-hour offset zone', async (t) => {
  // Kolkata is UTC+05:30, so its midnight (18:30 UTC) is not on an hour boundary.
  const text = header + '2024-01-15T10:30:00+05:30,Sales,1,2\n'
  const { result, sink } = await ingestCsv(text, { intervalSeconds: 3600, profile: isoProfile('Asia/Kolkata'), profileName: 'in' })
  t.equal(result.filledRows, 23)
  t.equal(result.firstIntervalStart, epoch('2024-01-14T19:00:00Z'))
  t.equal(result.lastIntervalStart, epoch('2024-01-15T18:00:00Z'))
  t.strictSame(sink.received.slice(1), zeroRows('Sales', '2024-01-14T19:00:00Z', '2024-01-15T19:00:00Z', 3600, ['2024-01-15T05:00:00Z']))
})

t.test('completeDays rejects very long spans', async (t) => {
  const text = header + '2011-01-01T00:00:00Z,Sales,1,2\n2000-01-01T00:00:00Z,Sales,1,2\n2000-01-01T00:00:00Z,Support,1,2\n'
  const { result, sink } = await ingestCsv(text, { profile: isoProfile(), profileName: 'utc' })
  t.strictSame(result.errors, [{
    line: 2,
    field: 'intervalStart',
    value: '2011-01-01T00:00:00Z',
    message: 'queue "Sales" spans 4019 days (2000-01-01 to 2011-01-01 in UTC); completeDays fills at most 3660 days per queue, so check for a wrong date or split the upload'
  }])
  t.equal(result.errorCount, 1)
  t.equal(result.filledRows, 0)
  t.equal(sink.received.length, 3, 'only the uploaded rows reached the sink')
})

t.test('completeDays skipped after row errors', async (t) => {
  const text = header + '2019-01-18T22:00:00Z,Sales,5,100\n2019-01-18T22:15:00Z,Sales,x,100\n'
  const { result, sink } = await ingestCsv(text, { profile: isoProfile(), profileName: 'utc' })
  t.equal(result.errorCount, 1)
  t.equal(result.filledRows, 0)
  t.equal(result.rows, 1)
  const expected: IntervalRow[] = [row('2019-01-18T22:00:00Z', 'Sales', 5, 100)]
  t.strictSame(sink.rows, expected)
})

t.test('completeDays off by default', async (t) => {
  const { result } = await ingestCsv(header + '2019-01-18T22:00:00Z,Sales,5,100\n', {
    profile: { ...isoProfile(), completeDays: false },
    profileName: 'utc'
  })
  t.equal(result.filledRows, 0)
  t.equal(result.rows, 1)
})
