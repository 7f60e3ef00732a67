import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const csv = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'

t.test('unsupported content type names accepted types', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'application/xml' },
    payload: '<rows/>'
  })
  t.equal(response.statusCode, 415)
  t.equal(response.json().code, 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE')
  t.match(response.json().message, 'text/csv, multipart/form-data, application/json, application/x-ndjson')
})

t.test('invalid query parameters are 400', async (t) => {
  const harness = await startHarness(t)
  const cases = ['interval=600', 'interval=abc', 'pushToken=not-a-uuid', 'profile=unknown', 'dryRun=maybe', 'extra=1']
  for (const query of cases) {
    const response = await harness.app.inject({
      method: 'POST',
      url: `/v1/tenants/acme/historical-data?${query}`,
      headers: { ...harness.authorization(), 'content-type': 'text/csv' },
      payload: csv
    })
    t.equal(response.statusCode, 400, query)
    t.match(response.json().code, /^WFM_RELAY_(INVALID_PARAMETER|PROFILE_NOT_FOUND)$/, query)
  }
  t.same(harness.wfm.requests(), [])
})

t.test('missing sourceId without tenant default', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { sourceId: undefined } })
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })
  t.equal(response.statusCode, 400)
  t.match(response.json().message, /sourceId/)
})

t.test('dry run sends nothing and previews chunks', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data?dryRun=true',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })
  t.equal(response.statusCode, 200, response.body)
  const summary = response.json()
  t.equal(summary.dryRun, true)
  t.equal(summary.rows, 1)
  t.equal(summary.chunks, 1)
  t.same(summary.chunkBytes, [38])
  t.equal(summary.bytesSent, 0)
  t.same(summary.firstLines, ['2026-01-05T09:00:00Z,acd-1,Sales,1,10'])
  t.same(harness.wfm.requests(), [])
  t.equal(harness.idp.tokenRequests('acme'), 0)
})

t.test('unknown route answers the error schema', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({ method: 'GET', url: '/v2/nothing' })
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'WFM_RELAY_NOT_FOUND')
})

t.test('health probes answer', async (t) => {
  const harness = await startHarness(t)
  t.equal((await harness.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
  t.equal((await harness.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
})
