import t from 'tap'
import { decodeJwt } from 'jose'

import { startIdentityProvider } from '../../sim/identity-provider.js'
import { requestToken, startIdp } from '../helpers/sim-helpers.js'

const idp = await startIdp(t)

t.test('wrong secret answers invalid_client', async (t) => {
  const { status, body } = await requestToken(idp, 'acme', 'relay-acme', 'wrong-secret')

  t.equal(status, 401)
  t.equal(body.error, 'invalid_client')
  t.equal(typeof body.error_description, 'string')
})

t.test('unknown client answers invalid_client', async (t) => {
  const { status, body } = await requestToken(idp, 'acme', 'nobody', 'whatever')

  t.equal(status, 401)
  t.equal(body.error, 'invalid_client')
})

t.test('another realm secret answers invalid_client', async (t) => {
  const { status, body } = await requestToken(idp, 'acme', 'relay-acme', 'globex-secret')

  t.equal(status, 401)
  t.equal(body.error, 'invalid_client')
})

t.test('unknown realm answers 404', async (t) => {
  const { status, body } = await requestToken(idp, 'initech')

  t.equal(status, 404)
  t.strictSame(body, { error: 'realm_not_found', error_description: 'Realm "initech" does not exist' })
})

t.test('path outside the realms answers 404', async (t) => {
  const response = await fetch(`${idp.url}/token`, { method: 'POST' })

  t.equal(response.status, 404)
})

t.test('client roles are configurable', async (t) => {
  const { status, body } = await requestToken(idp, 'acme', 'reader-acme', 'reader-secret')
  const payload = decodeJwt(body.access_token as string)

  t.equal(status, 200)
  t.strictSame(payload.resource_access, { 'wfm-forecasting-app': { roles: ['WFM_FORECAST_READ'] } })
})

t.test('invalid realm options are rejected', async (t) => {
  await t.rejects(
    startIdentityProvider({ realms: { 'a/b': { clients: [] } } }),
    { message: 'Invalid realm name "a/b": use letters, digits, ".", "_" or "-"' }
  )
  await t.rejects(
    startIdentityProvider({ realms: { acme: { clients: [], accessTokenTtlSeconds: 1.5 } } }),
    { message: 'Invalid accessTokenTtlSeconds 1.5 for realm "acme": use a positive integer' }
  )
})
