import t from 'tap'

import { push, pushQuery, startWfm } from '../helpers/sim-helpers.js'

const wfm = await startWfm(t, { identityProvider: undefined })

t.beforeEach(() => wfm.reset())

t.test('forced responses are used in order', async (t) => {
  wfm.forceResponses(
    { status: 503, headers: { 'retry-after': '1' }, body: 'busy' },
    { status: 422, body: { error: 'unknown_queue' } }
  )

  const first = await push(wfm, {})
  const second = await push(wfm, {})
  const third = await push(wfm, {})

  t.equal(first.status, 503)
  t.equal(first.text, 'busy')
  t.equal(first.headers.get('retry-after'), '1')
  t.equal(second.status, 422)
  t.strictSame(second.body, { error: 'unknown_queue' })
  t.equal(third.status, 200)
  t.strictSame(wfm.requests().map((request) => request.status), [503, 422, 200])
  t.equal(wfm.uploads().length, 1, 'forced answers record no chunk')
})

t.test('forced response skips every check', async (t) => {
  wfm.forceResponses({ status: 200 })

  const { status, text } = await push(wfm, { contentType: 'application/json', body: 'junk' })

  t.equal(status, 200)
  t.equal(text, '')
})

t.test('forced response waits for its delay', async (t) => {
  wfm.forceResponses({ status: 504, delayMs: 300 })

  const started = Date.now()
  const { status } = await push(wfm, {})

  t.equal(status, 504)
  t.ok(Date.now() - started >= 290, `answered after ${Date.now() - started} ms`)
})

t.test('failNext fails the next requests', async (t) => {
  wfm.failNext(2, 500)

  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await push(wfm, {})).status)

  t.strictSame(statuses, [500, 500, 200])
  t.equal(wfm.requests()[0]?.status, 500)
})

t.test('reset drops queued failures', async (t) => {
  wfm.failNext(1, 500)
  wfm.reset()

  const { status } = await push(wfm, {})

  t.equal(status, 200)
})

t.test('keepBodies false keeps only counts', async (t) => {
  const lean = await startWfm(t, { identityProvider: undefined, keepBodies: false })
  const query = pushQuery()
  const body = '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n2024-03-04T00:15:00Z,acd-1,Sales,3,60\n'

  await push(lean, { query, body })
  const chunk = lean.upload(query.pushToken ?? '')?.chunks[0]

  t.strictSame(chunk?.body, Buffer.alloc(0))
  t.strictSame(chunk?.rows, [])
  t.equal(chunk?.bodyBytes, Buffer.byteLength(body))
  t.equal(chunk?.rowCount, 2)
})

t.test('rawAuthorization keeps the header', async (t) => {
  const raw = await startWfm(t, { identityProvider: undefined, rawAuthorization: true })
  const query = pushQuery()

  await push(raw, { query, token: 'abc.def.ghi' })

  t.equal(raw.requests()[0]?.headers.authorization, 'Bearer abc.def.ghi')
  t.equal(raw.upload(query.pushToken ?? '')?.chunks[0]?.headers.authorization, 'Bearer abc.def.ghi')
})

t.test('close ends a delayed response', async (t) => {
  const slow = await startWfm(t, { identityProvider: undefined })
  slow.forceResponses({ status: 200, delayMs: 60_000 })

  const started = Date.now()
  const pending = push(slow, {}).then(() => 'answered', () => 'failed')
  await new Promise((resolve) => setTimeout(resolve, 100))
  await slow.close()
  const outcome = await pending

  t.ok(['answered', 'failed'].includes(outcome), `the request ${outcome}`)
  t.ok(Date.now() - started < 5_000, 'without waiting for the delay')
})
