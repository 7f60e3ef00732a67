import t from 'tap'
import { request } from 'undici'
import { push, pushQuery, startWfm } from '../helpers/sim-helpers.js'

const wfm = await startWfm(t, { identityProvider: undefined })

t.beforeEach(() => wfm.reset())

async function statuses (count: number, tenant = 'acme'): Promise<number[]> {
  const result: number[] = []
  for (let i = 0; i < count; i++) {
    result.push(await push(wfm, { tenant }).then((response) => response.status, () => 0))
  }
  return result
}

t.test('fault sequence applies in order', async (t) => {
  wfm.injectFaults({
    sequence: [{ kind: 'status', status: 500 }, 'pass', { kind: 'status', status: 429, retryAfterSeconds: 3 }]
  })
  const first = await push(wfm, {})
  t.equal(first.status, 500)
  t.same(first.body, { error: 'fault_injected', message: 'Fault plan response with status 500' })
  t.equal((await push(wfm, {})).status, 200)
  const throttled = await push(wfm, {})
  t.equal(throttled.status, 429)
  t.equal(throttled.headers.get('retry-after'), '3')
  t.same(await statuses(2), [200, 200], 'the plan ends with its sequence')
  t.same(wfm.requests().map((recorded) => recorded.status), [500, 200, 429, 200, 200])
  t.equal(wfm.uploads().length, 3, 'faulted requests record no chunk')
})

t.test('fault rate repeats with its seed', async (t) => {
  wfm.injectFaults({ rate: 0.5, fault: { kind: 'status', status: 503 }, seed: 42 })
  const run1 = await statuses(12)
  wfm.reset()
  wfm.injectFaults({ rate: 0.5, fault: { kind: 'status', status: 503 }, seed: 42 })
  const run2 = await statuses(12)
  t.same(run1, run2)
  t.ok(run1.includes(503) && run1.includes(200), run1.join(','))
})

t.test('fault limit and tenant filter', async (t) => {
  wfm.injectFaults({ tenant: 'globex', rate: 1, fault: { kind: 'status', status: 503 }, limit: 2 })
  t.same(await statuses(2, 'acme'), [200, 200])
  t.same(await statuses(3, 'globex'), [503, 503, 200])
})

t.test('reset fault destroys the connection', async (t) => {
  wfm.injectFaults({ sequence: [{ kind: 'reset' }] })
  const query = new URLSearchParams(pushQuery()).toString()
  await t.rejects(request(`${wfm.pushUrl}?${query}`, {
    method: 'POST', headers: { 'content-type': 'text/csv', 'tenant-id': 'acme' }, body: '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n'
  }))
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(wfm.requests().map((recorded) => recorded.status), [0])
  t.same(wfm.uploads(), [])
})

t.test('slow fault drops a request whose client left', async (t) => {
  wfm.injectFaults({ sequence: [{ kind: 'slow', delayMs: 2_000 }, { kind: 'slow', delayMs: 100 }] })
  const query = new URLSearchParams(pushQuery()).toString()
  const startedAt = Date.now()
  await t.rejects(request(`${wfm.pushUrl}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'tenant-id': 'acme' },
    body: '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n',
    signal: AbortSignal.timeout(200)
  }))
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(wfm.requests().map((recorded) => recorded.status), [0])
  t.ok(Date.now() - startedAt < 1_000, 'the held request ends with its client')

  const late = await push(wfm, {})
  t.equal(late.status, 200, 'a client that waits gets the usual handling')
  t.equal(wfm.uploads().length, 1)
})

t.test('peak concurrency by tenant', async (t) => {
  wfm.injectFaults({ rate: 1, fault: { kind: 'slow', delayMs: 100 } })
  await Promise.all([push(wfm, { tenant: 'acme' }), push(wfm, { tenant: 'acme' }), push(wfm, { tenant: 'globex' })])
  t.same(wfm.peakConcurrency(), { total: 3, byTenant: { acme: 2, globex: 1 } })
})

t.test('idle keep-alive connections are closed', async (t) => {
  const idle = await startWfm(t, { identityProvider: undefined, idleTimeoutMs: 100 })
  const response = await push(idle, {})
  t.equal(response.status, 200)
  t.equal(response.headers.get('keep-alive'), 'timeout=0')
})
