import t from 'tap'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'

import { clientId, clientSecret, requestToken, startIdp } from '../helpers/sim-helpers.js'

const idp = await startIdp(t, {
  acme: { clients: [{ clientId, clientSecret }], accessTokenTtlSeconds: 120 }
})

t.test('token answer has the standard fields', async (t) => {
  const { status, body } = await requestToken(idp, 'acme')

  t.equal(status, 200)
  t.equal(typeof body.access_token, 'string')
  t.equal(body.expires_in, 120)
  t.equal(body.token_type, 'Bearer')
})

t.test('token verifies against the realm JWKS', async (t) => {
  const { body } = await requestToken(idp, 'acme')
  const token = body.access_token as string
  const keySet = createRemoteJWKSet(new URL(idp.jwksUrl('acme')))

  const { payload } = await jwtVerify(token, keySet, { issuer: idp.issuer('acme') })

  t.equal(decodeProtectedHeader(token).alg, 'RS256')
  t.equal(payload.iss, `${idp.url}/auth/realms/acme`)
  t.equal(payload.azp, clientId)
  t.equal(payload.client_id, clientId)
  t.strictSame(payload.resource_access, {
    'wfm-forecasting-app': { roles: ['WFM_HISTORICAL_DATA_PUSH'] }
  })
})

t.test('token lifetime matches expires_in', async (t) => {
  const { body } = await requestToken(idp, 'acme')
  const { payload } = await jwtVerify(
    body.access_token as string,
    createRemoteJWKSet(new URL(idp.jwksUrl('acme')))
  )

  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), 120)
  t.equal(body.expires_in, 120)
})

t.test('token endpoint accepts HTTP Basic client auth', async (t) => {
  const credentials = Buffer.from(`${clientId}:${clientSecret}`).toString('base64')
  const response = await fetch(idp.tokenUrl('acme'), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${credentials}`
    },
    body: 'grant_type=client_credentials'
  })
  const body = await response.json() as Record<string, unknown>

  t.equal(response.status, 200)
  t.equal(typeof body.access_token, 'string')
})

t.test('URLs follow the Keycloak layout', async (t) => {
  t.equal(idp.issuer('acme'), `${idp.url}/auth/realms/acme`)
  t.equal(idp.tokenUrl('acme'), `${idp.url}/auth/realms/acme/protocol/openid-connect/token`)
  t.equal(idp.jwksUrl('acme'), `${idp.url}/auth/realms/acme/protocol/openid-connect/certs`)
  t.match(idp.url, /^http:\/\/127\.0\.0\.1:\d+$/)
})

t.test('discovery document names the token endpoint', async (t) => {
  const response = await fetch(`${idp.issuer('acme')}/.well-known/openid-configuration`)
  const document = await response.json() as Record<string, unknown>

  t.equal(response.status, 200)
  t.equal(document.issuer, idp.issuer('acme'))
  t.equal(document.token_endpoint, idp.tokenUrl('acme'))
  t.equal(document.jwks_uri, idp.jwksUrl('acme'))
})
