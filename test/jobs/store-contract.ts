// The behaviour every JobStore must have, as a suite that takes a store factory. SQLite runs it
// in sqlite-job-store.test.ts; a PostgreSQL store would add one more file that calls it.

import type { Test } from 'tap'
import { RelayError } from '../../src/errors.js'
import type { ImportJob, JobStore, NewJob } from '../../src/jobs/job-store.js'

export interface StoreFactory {
  /** Prepares empty storage; `open` may be called again after `close` and reads the same data. */
  prepare: (t: Test) => Promise<{ open: () => Promise<JobStore> }>
}

const t0 = Date.UTC(2026, 0, 5, 9, 0, 0)

export function newJob (overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    tenant: 'acme',
    caller: 'etl',
    sourceId: 'acd-1',
    intervalSeconds: 900,
    pushToken: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
    rows: 6,
    bytes: 230,
    facts: {
      skippedRows: 1, filledRows: 0, queues: 2,
      firstIntervalStart: '2026-01-05T09:00:00Z', lastIntervalStart: '2026-01-05T09:45:00Z'
    },
    chunks: [{ index: 1, rows: 4, bytes: 150 }, { index: 2, rows: 2, bytes: 80 }],
    contentHash: 'a'.repeat(64),
    createdAt: t0,
    ...overrides
  }
}

function id (n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
}

async function openStore (t: Test, factory: StoreFactory): Promise<JobStore> {
  const storage = await factory.prepare(t)
  const store = await storage.open()
  t.teardown(async () => { await store.close() })
  return store
}

export function runJobStoreContract (t: Test, factory: StoreFactory): void {
  t.test('create and get', async (t) => {
    const store = await openStore(t, factory)
    const result = await store.create(newJob({ idempotencyKey: 'key:k1', facts: { ...newJob().facts, profile: 'hihix' } }))
    const expected: ImportJob = {
      ...newJob({ idempotencyKey: 'key:k1', facts: { ...newJob().facts, profile: 'hihix' } }),
      chunks: [
        { index: 1, rows: 4, bytes: 150, state: 'pending', attempts: 0 },
        { index: 2, rows: 2, bytes: 80, state: 'pending', attempts: 0 }
      ],
      state: 'accepted',
      updatedAt: t0
    }
    t.same(result, { job: expected, created: true })
    t.strictSame(await store.get(id(1)), expected)
    t.equal(await store.get(id(99)), undefined)
    t.equal(await store.has(id(1)), true)
    t.equal(await store.has(id(99)), false)
  })

  t.test('create with idempotency keys', async (t) => {
    const store = await openStore(t, factory)
    await store.create(newJob({ id: id(1), idempotencyKey: 'key:k1' }))

    const repeated = await store.create(newJob({ id: id(2), idempotencyKey: 'key:k1', contentHash: 'b'.repeat(64) }))
    t.equal(repeated.created, false)
    t.equal(repeated.job.id, id(1))
    t.equal(repeated.job.contentHash, 'a'.repeat(64), 'the stored job, not the new content')

    const otherCaller = await store.create(newJob({ id: id(3), idempotencyKey: 'key:k1', caller: 'other' }))
    const otherTenant = await store.create(newJob({ id: id(4), idempotencyKey: 'key:k1', tenant: 'globex' }))
    const noKey = await store.create(newJob({ id: id(5) }))
    const noKeyAgain = await store.create(newJob({ id: id(6) }))
    t.same([otherCaller, otherTenant, noKey, noKeyAgain].map((r) => [r.created, r.job.id]),
      [[true, id(3)], [true, id(4)], [true, id(5)], [true, id(6)]])
    t.equal(await store.has(id(2)), false)
  })

  t.test('list newest first with cursor and state', async (t) => {
    const store = await openStore(t, factory)
    for (let n = 1; n <= 5; n++) {
      await store.create(newJob({ id: id(n), createdAt: t0 + n * 1000 }))
    }
    await store.create(newJob({ id: id(6), tenant: 'globex', createdAt: t0 + 9000 }))
    await store.claim({ owner: 'w1', leaseMs: 1000, excludeTenants: ['globex'], now: t0 })

    const first = await store.list({ tenant: 'acme', limit: 2 })
    t.same(first.jobs.map((job) => job.id), [id(5), id(4)])
    t.type(first.nextCursor, 'string')
    const second = await store.list({ tenant: 'acme', limit: 2, cursor: first.nextCursor })
    t.same(second.jobs.map((job) => job.id), [id(3), id(2)])
    const third = await store.list({ tenant: 'acme', limit: 2, cursor: second.nextCursor })
    t.same(third.jobs.map((job) => job.id), [id(1)])
    t.equal(third.nextCursor, undefined)

    const sending = await store.list({ tenant: 'acme', limit: 10, state: 'sending' })
    t.same(sending.jobs.map((job) => job.id), [id(1)], 'the claim took the oldest')
    const accepted = await store.list({ tenant: 'acme', limit: 10, state: 'accepted' })
    t.same(accepted.jobs.map((job) => job.id), [id(5), id(4), id(3), id(2)])
    await t.rejects(store.list({ tenant: 'acme', limit: 2, cursor: 'bm90IGEgY3Vyc29y' }),
      new RelayError('WFM_RELAY_INVALID_PARAMETER', 'invalid cursor; pass the nextCursor of the ' +
        'previous page unchanged, or leave it out'))
  })

  t.test('claim order, leases and tenant limits', async (t) => {
    const store = await openStore(t, factory)
    await store.create(newJob({ id: id(1), createdAt: t0 + 1 }))
    await store.create(newJob({ id: id(2), createdAt: t0 + 2 }))
    await store.create(newJob({ id: id(3), tenant: 'globex', createdAt: t0 + 3 }))

    const claimed = await store.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 + 10 })
    t.same({ ...claimed, chunks: [] }, {
      ...newJob({ id: id(1), createdAt: t0 + 1 }),
      chunks: [],
      state: 'sending',
      updatedAt: t0 + 10,
      startedAt: t0 + 10,
      leaseOwner: 'w1',
      leaseExpiresAt: t0 + 5010
    })
    const excluded = await store.claim({ owner: 'w2', leaseMs: 5000, excludeTenants: ['acme'], now: t0 + 20 })
    t.equal(excluded?.id, id(3), 'acme is excluded, globex is next')
    const next = await store.claim({ owner: 'w2', leaseMs: 5000, excludeTenants: [], now: t0 + 30 })
    t.equal(next?.id, id(2))
    t.equal(await store.claim({ owner: 'w3', leaseMs: 5000, excludeTenants: [], now: t0 + 40 }), undefined,
      'every job is leased')

    const takenOver = await store.claim({ owner: 'w3', leaseMs: 5000, excludeTenants: [], now: t0 + 5010 })
    t.equal(takenOver?.id, id(1), 'an expired lease can be claimed')
    t.equal(takenOver?.leaseOwner, 'w3')
    t.equal(takenOver?.startedAt, t0 + 10, 'startedAt keeps the first claim')
  })

  t.test('concurrent claims take distinct jobs', async (t) => {
    const store = await openStore(t, factory)
    for (let n = 1; n <= 3; n++) await store.create(newJob({ id: id(n), createdAt: t0 + n }))
    const claims = await Promise.all([1, 2, 3, 4, 5].map(async (n) =>
      await store.claim({ owner: `w${n}`, leaseMs: 5000, excludeTenants: [], now: t0 + 10 })))
    const ids = claims.map((job) => job?.id).filter((value) => value !== undefined).sort()
    t.same(ids, [id(1), id(2), id(3)])
  })

  t.test('chunk progress needs the lease', async (t) => {
    const store = await openStore(t, factory)
    await store.create(newJob())
    await store.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 + 10 })

    t.equal(await store.recordAttempt(id(1), 'w1', 1, t0 + 20), true)
    t.equal(await store.recordAttempt(id(1), 'w1', 1, t0 + 30), true)
    t.equal(await store.markChunkSent(id(1), 'w1', 1, t0 + 40), true)
    t.equal(await store.recordAttempt(id(1), 'w1', 2, t0 + 50), true)
    t.equal(await store.recordAttempt(id(1), 'w2', 2, t0 + 60), false, 'not the owner')
    t.equal(await store.markChunkSent(id(1), 'w2', 2, t0 + 60), false, 'not the owner')
    t.equal(await store.renewLease(id(1), 'w2', 5000, t0 + 60), false, 'not the owner')
    t.equal(await store.renewLease(id(1), 'w1', 5000, t0 + 70), true)

    const job = await store.get(id(1))
    t.same(job?.chunks, [
      { index: 1, rows: 4, bytes: 150, state: 'sent', attempts: 2, sentAt: t0 + 40 },
      { index: 2, rows: 2, bytes: 80, state: 'sending', attempts: 1 }
    ])
    t.equal(job?.leaseExpiresAt, t0 + 5070)
    t.equal(job?.updatedAt, t0 + 50)
  })

  t.test('finish, release and retry', async (t) => {
    const store = await openStore(t, factory)
    await store.create(newJob({ id: id(1), createdAt: t0 + 1 }))
    await store.create(newJob({ id: id(2), createdAt: t0 + 2 }))
    await store.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 + 10 })
    await store.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 + 10 })
    await store.markChunkSent(id(2), 'w1', 1, t0 + 15)

    const error = { code: 'WFM_RELAY_WFM_REJECTED', statusCode: 502, message: 'rejected', upstream: { status: 422, excerpt: 'no' } }
    t.equal(await store.finish(id(2), 'w2', { state: 'failed', error, now: t0 + 20 }), false, 'not the owner')
    t.equal(await store.finish(id(2), 'w1', { state: 'failed', error, now: t0 + 20 }), true)
    t.equal(await store.finish(id(1), 'w1', { state: 'completed', now: t0 + 30 }), true)
    const failed = await store.get(id(2))
    t.same([failed?.state, failed?.lastError, failed?.finishedAt, failed?.leaseOwner],
      ['failed', error, t0 + 20, undefined])
    t.same(await store.unfinishedIds(), [])

    t.same(await store.retry(id(1), t0 + 40).then((r) => [r?.retried, r?.job.state]), [false, 'completed'])
    t.equal(await store.retry(id(99), t0 + 40), undefined)
    const retried = await store.retry(id(2), t0 + 50)
    t.equal(retried?.retried, true)
    t.same([retried?.job.state, retried?.job.lastError, retried?.job.finishedAt, retried?.job.updatedAt],
      ['accepted', undefined, undefined, t0 + 50])
    t.same(retried?.job.chunks.map((chunk) => chunk.state), ['sent', 'pending'], 'sent chunks stay sent')

    const again = await store.claim({ owner: 'w3', leaseMs: 5000, excludeTenants: [], now: t0 + 60 })
    t.equal(again?.id, id(2))
    t.equal(await store.release(id(2), 'w3', t0 + 70), true)
    const released = await store.get(id(2))
    t.same([released?.state, released?.leaseOwner, released?.leaseExpiresAt], ['sending', undefined, undefined])
    t.same(await store.unfinishedIds(), [id(2)])
  })

  t.test('release leases by owner prefix', async (t) => {
    const store = await openStore(t, factory)
    for (let n = 1; n <= 3; n++) await store.create(newJob({ id: id(n), createdAt: t0 + n }))
    await store.claim({ owner: 'relay-0/111-aa', leaseMs: 60_000, excludeTenants: [], now: t0 })
    await store.claim({ owner: 'relay-0/222-bb', leaseMs: 60_000, excludeTenants: [], now: t0 })
    await store.claim({ owner: 'relay-1/333-cc', leaseMs: 60_000, excludeTenants: [], now: t0 })

    t.equal(await store.releaseLeases('relay-0/', t0 + 5), 2)
    const owners = await Promise.all([1, 2, 3].map(async (n) => (await store.get(id(n)))?.leaseOwner))
    t.same(owners, [undefined, undefined, 'relay-1/333-cc'])
    t.equal(await store.releaseLeases('%', t0 + 6), 0, 'the prefix is not a pattern')
  })

  t.test('delete finished before a time', async (t) => {
    const store = await openStore(t, factory)
    for (let n = 1; n <= 4; n++) await store.create(newJob({ id: id(n), createdAt: t0 + n }))
    for (let n = 1; n <= 3; n++) await store.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 })
    await store.finish(id(1), 'w1', { state: 'completed', now: t0 + 100 })
    await store.finish(id(2), 'w1', { state: 'failed', now: t0 + 200, error: { code: 'X', statusCode: 500, message: 'x' } })
    await store.finish(id(3), 'w1', { state: 'completed', now: t0 + 300 })

    t.same((await store.deleteFinishedBefore(t0 + 300)).sort(), [id(1), id(2)])
    t.same(await Promise.all([1, 2, 3, 4].map(async (n) => await store.has(id(n)))), [false, false, true, true])
    t.same(await store.deleteFinishedBefore(t0 + 300), [])
  })

  t.test('data survives close and open', async (t) => {
    const storage = await factory.prepare(t)
    const first = await storage.open()
    await first.create(newJob({ idempotencyKey: 'key:k1' }))
    await first.claim({ owner: 'w1', leaseMs: 5000, excludeTenants: [], now: t0 + 10 })
    await first.markChunkSent(id(1), 'w1', 1, t0 + 20)
    const before = await first.get(id(1))
    await first.close()

    const second = await storage.open()
    t.teardown(async () => { await second.close() })
    t.strictSame(await second.get(id(1)), before)
    t.equal((await second.create(newJob({ id: id(2), idempotencyKey: 'key:k1' }))).created, false)
  })
}
