import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const csv = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'

async function upload (harness: Awaited<ReturnType<typeof startHarness>>) {
  return await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })
}

t.test('wfm rejection is a 502 with its answer', async (t) => {
  const harness = await startHarness(t)
  harness.wfm.forceResponses({ status: 422, body: { error: 'unknown_queue', message: 'queue Sales is not mapped' } })
  const response = await upload(harness)
  t.equal(response.statusCode, 502)
  t.equal(response.json().code, 'WFM_RELAY_WFM_REJECTED')
  t.equal(response.json().upstream.status, 422)
  t.match(response.json().upstream.excerpt, 'queue Sales is not mapped')
  t.equal(harness.wfm.requests().length, 1, 'a rejection is not retried')
})

t.test('transient wfm failures are retried', async (t) => {
  const harness = await startHarness(t)
  harness.wfm.failNext(2, 503)
  const response = await upload(harness)
  t.equal(response.statusCode, 200, response.body)
  t.same(harness.wfm.requests().map((request) => request.status), [503, 503, 200])
  t.ok(harness.wfm.upload(response.json().pushToken)?.completed)
})

t.test('wfm unavailable after retries is a 503', async (t) => {
  const harness = await startHarness(t, { wfmConfig: { maxAttempts: 3 } })
  harness.wfm.failNext(3, 503)
  const response = await upload(harness)
  t.equal(response.statusCode, 503)
  t.equal(response.json().code, 'WFM_RELAY_WFM_UNREACHABLE')
  t.equal(harness.wfm.requests().length, 3)
})

t.test('wfm too slow is a 504', async (t) => {
  const harness = await startHarness(t, { wfmConfig: { maxAttempts: 1, requestTimeoutMs: 300 } })
  harness.wfm.forceResponses({ status: 200, delayMs: 1_500 })
  const response = await upload(harness)
  t.equal(response.statusCode, 504)
  t.equal(response.json().code, 'WFM_RELAY_WFM_TIMEOUT')
})

t.test('rejected client credentials are a 502', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { clientId: 'not-registered' } })
  const response = await upload(harness)
  t.equal(response.statusCode, 502)
  t.equal(response.json().code, 'WFM_RELAY_TOKEN_REJECTED')
  t.match(response.json().message, /acme/)
  t.equal(harness.idp.tokenRequests('acme'), 1, 'configuration errors are not retried')
  t.same(harness.wfm.requests(), [])
})

t.test('expired token on the wfm is renewed once', async (t) => {
  const harness = await startHarness(t)
  harness.wfm.forceResponses({ status: 401, body: { error: 'invalid_token' } })
  const response = await upload(harness)
  t.equal(response.statusCode, 200, response.body)
  t.equal(harness.idp.tokenRequests('acme'), 2)
  t.same(harness.wfm.requests().map((request) => request.status), [401, 200])
})

t.test('tokens are reused across uploads', async (t) => {
  const harness = await startHarness(t)
  for (let index = 0; index < 3; index++) {
    t.equal((await upload(harness)).statusCode, 200)
  }
  const parallel = await Promise.all([upload(harness), upload(harness), upload(harness)])
  t.same(parallel.map((response) => response.statusCode), [200, 200, 200])
  t.equal(harness.idp.tokenRequests('acme'), 1)
  t.equal(harness.wfm.uploads().length, 6)
})

t.test('wfm answer echoing the client secret is redacted', async (t) => {
  const harness = await startHarness(t)
  const secret = harness.clientSecrets.acme ?? ''
  harness.wfm.forceResponses({ status: 400, body: `bad request; secret=${secret}` })
  const response = await upload(harness)
  t.equal(response.statusCode, 502)
  t.notMatch(response.body, secret)
  t.notOk(harness.logLines.join('\n').includes(secret), 'not in the log either')
})
