import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

t.test('tenant check reports a working token', async (t) => {
  const harness = await startHarness(t, { accessTokenTtlSeconds: 600 })
  const before = Date.now()
  const response = await harness.app.inject({
    method: 'GET', url: '/v1/tenants/acme/check', headers: harness.authorization()
  })

  t.equal(response.statusCode, 200, response.body)
  const body = response.json()
  t.equal(body.tenant, 'acme')
  t.equal(body.realm, 'acme')
  t.equal(body.tokenUrl, `${harness.idp.url}/auth/realms/acme/protocol/openid-connect/token`)
  t.equal(body.token.obtained, true)
  t.equal(body.token.format, 'jwt')
  t.equal(body.token.hasPushRole, true)
  t.same(body.token.roles, ['WFM_HISTORICAL_DATA_PUSH'])
  const expiresInSeconds = (Date.parse(body.token.expiresAt) - before) / 1000
  t.ok(expiresInSeconds > 590 && expiresInSeconds <= 601, `expires in ${expiresInSeconds} s`)
  t.same(harness.wfm.requests(), [], 'nothing was pushed')
})

t.test('tenant check reports a missing push role', async (t) => {
  const harness = await startHarness(t, { clientRoles: ['WFM_ADHERENCE_PUSH'] })
  const response = await harness.app.inject({
    method: 'GET', url: '/v1/tenants/acme/check', headers: harness.authorization()
  })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().token.hasPushRole, false)
  t.same(response.json().token.roles, ['WFM_ADHERENCE_PUSH'])
})

t.test('tenant check with wrong credentials is a 502', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { clientId: 'unknown-client' } })
  const response = await harness.app.inject({
    method: 'GET', url: '/v1/tenants/acme/check', headers: harness.authorization()
  })
  t.equal(response.statusCode, 502)
  t.equal(response.json().code, 'WFM_RELAY_TOKEN_REJECTED')
  t.equal(response.json().upstream.status, 401)
})

t.test('tenant check needs access to the tenant', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  const denied = await harness.app.inject({
    method: 'GET', url: '/v1/tenants/globex/check', headers: harness.authorization(harness.narrowKey)
  })
  t.equal(denied.statusCode, 403)
  const anonymous = await harness.app.inject({ method: 'GET', url: '/v1/tenants/acme/check' })
  t.equal(anonymous.statusCode, 401)
  t.equal(harness.idp.tokenRequests('globex'), 0)
})
