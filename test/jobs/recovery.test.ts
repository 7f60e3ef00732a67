import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { recoverJobs } from '../../src/jobs/recovery.js'
import { SqliteJobStore } from '../../src/jobs/sqlite-job-store.js'
import { newJob } from './store-contract.js'

const silent = { debug () {}, info () {}, warn () {}, error () {} }
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

t.test('recovery frees own leases and unused spools', async (t) => {
  const dataDir = t.testdir()
  const store = new SqliteJobStore(join(dataDir, 'jobs.sqlite'))
  t.teardown(async () => { await store.close() })
  for (let n = 1; n <= 4; n++) await store.create(newJob({ id: id(n), createdAt: n }))
  await store.claim({ owner: 'relay-0/100-aa', leaseMs: 60_000, excludeTenants: [], now: 10 })
  await store.claim({ owner: 'relay-1/200-bb', leaseMs: 60_000, excludeTenants: [], now: 10 })
  await store.claim({ owner: 'relay-0/100-aa', leaseMs: 60_000, excludeTenants: [], now: 10 })
  await store.finish(id(3), 'relay-0/100-aa', { state: 'completed', now: 20 })
  for (const name of [id(1), id(2), id(3), id(4), 'orphan-upload']) {
    await mkdir(join(dataDir, 'spool', name), { recursive: true })
    await writeFile(join(dataDir, 'spool', name, 'chunk-000001.csv'), 'x\n')
  }
  await mkdir(join(dataDir, 'incoming', 'cut-off-request'), { recursive: true })
  await writeFile(join(dataDir, 'incoming', 'cut-off-request', 'part-0001'), 'partial')

  const result = await recoverJobs({ store, dataDir, ownerPrefix: 'relay-0/', logger: silent, now: 30 })
  t.same(result, {
    releasedLeases: 1,
    unfinishedJobs: [id(1), id(2), id(4)],
    removedSpools: [id(3), 'orphan-upload'].sort(),
    removedIncoming: 1
  })
  t.same(await readdir(join(dataDir, 'incoming')), [], 'multipart files of cut-off requests are gone')
  t.equal((await store.get(id(1)))?.leaseOwner, undefined, 'this replica\'s earlier lease is free')
  t.equal((await store.get(id(2)))?.leaseOwner, 'relay-1/200-bb', 'another replica keeps its lease')
  t.same((await readdir(join(dataDir, 'spool'))).sort(), [id(1), id(2), id(4)])
})

t.test('recovery without a spool directory', async (t) => {
  const dataDir = t.testdir()
  const store = new SqliteJobStore(join(dataDir, 'jobs.sqlite'))
  t.teardown(async () => { await store.close() })
  t.same(await recoverJobs({ store, dataDir, ownerPrefix: 'x/', logger: silent, now: 1 }),
    { releasedLeases: 0, unfinishedJobs: [], removedSpools: [], removedIncoming: 0 })
})
