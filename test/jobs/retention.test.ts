import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { pruneFinishedJobs } from '../../src/jobs/retention.js'
import { SqliteJobStore } from '../../src/jobs/sqlite-job-store.js'
import { newJob } from './store-contract.js'

const silent = { debug () {}, info () {}, warn () {}, error () {} }
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const hourMs = 3_600_000

t.test('retention deletes old finished jobs and spools', async (t) => {
  const dataDir = t.testdir()
  const store = new SqliteJobStore(join(dataDir, 'jobs.sqlite'))
  t.teardown(async () => { await store.close() })
  for (let n = 1; n <= 4; n++) {
    await store.create(newJob({ id: id(n), createdAt: n }))
    await mkdir(join(dataDir, 'spool', id(n)), { recursive: true })
  }
  for (let n = 1; n <= 3; n++) await store.claim({ owner: 'w', leaseMs: 1000, excludeTenants: [], now: 0 })
  const error = { code: 'WFM_RELAY_WFM_REJECTED', statusCode: 502, message: 'rejected' }
  await store.finish(id(1), 'w', { state: 'failed', error, now: 1 * hourMs })
  await store.finish(id(2), 'w', { state: 'completed', now: 2 * hourMs })
  await store.finish(id(3), 'w', { state: 'failed', error, now: 5 * hourMs })

  const deleted = await pruneFinishedJobs({
    store, dataDir, retentionMs: 3 * hourMs, logger: silent, now: () => 6 * hourMs
  })
  t.same(deleted.sort(), [id(1), id(2)])
  t.same(await Promise.all([1, 2, 3, 4].map(async (n) => await store.has(id(n)))), [false, false, true, true])
  t.same((await readdir(join(dataDir, 'spool'))).sort(), [id(3), id(4)],
    'a failed job inside its retention keeps its spool for a retry')
})
