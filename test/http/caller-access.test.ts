import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const body = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,1\n'

t.test('caller access is checked before anything is sent', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  const cases = [
    { name: 'no key', headers: {}, url: '/v1/tenants/acme/historical-data', status: 401, code: 'WFM_RELAY_UNAUTHORIZED' },
    { name: 'not a bearer key', headers: { authorization: 'Basic abc' }, url: '/v1/tenants/acme/historical-data', status: 401, code: 'WFM_RELAY_UNAUTHORIZED' },
    { name: 'unknown key', headers: harness.authorization('wrong'), url: '/v1/tenants/acme/historical-data', status: 401, code: 'WFM_RELAY_UNAUTHORIZED' },
    { name: 'unknown tenant', headers: harness.authorization(), url: '/v1/tenants/initech/historical-data', status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
    { name: 'tenant of another caller', headers: harness.authorization(harness.narrowKey), url: '/v1/tenants/globex/historical-data', status: 403, code: 'WFM_RELAY_FORBIDDEN' },
    { name: 'tenant name with a dot', headers: harness.authorization(), url: '/v1/tenants/acme.evil.example/historical-data', status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' }
  ]

  for (const testCase of cases) {
    const response = await harness.app.inject({
      method: 'POST',
      url: testCase.url,
      headers: { ...testCase.headers, 'content-type': 'text/csv' },
      payload: body
    })
    t.equal(response.statusCode, testCase.status, testCase.name)
    t.equal(response.json().code, testCase.code, testCase.name)
    t.equal(response.json().statusCode, testCase.status, testCase.name)
    t.type(response.json().message, 'string', testCase.name)
  }

  t.same(harness.wfm.requests(), [], 'the WFM got no request')
  t.equal(harness.idp.tokenRequests('acme') + harness.idp.tokenRequests('globex'), 0, 'no token was requested')
})

t.test('missing key answer names the header', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { 'content-type': 'text/csv' },
    payload: body
  })
  t.equal(response.headers['www-authenticate'], 'Bearer')
  t.same(response.json(), {
    statusCode: 401,
    code: 'WFM_RELAY_UNAUTHORIZED',
    error: 'Unauthorized',
    message: 'missing API key; send the header "Authorization: Bearer <api key>"'
  })
})

t.test('narrow caller writes to its own tenant', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(harness.narrowKey), 'content-type': 'text/csv' },
    payload: body
  })
  t.equal(response.statusCode, 200, response.body)
  t.equal(harness.wfm.uploads().length, 1)
  t.equal(harness.wfm.uploads()[0]?.tenant, 'acme')
})
