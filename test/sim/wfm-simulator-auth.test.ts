import { setTimeout as sleep } from 'node:timers/promises'

import t from 'tap'

import {
  clientId,
  clientSecret,
  defaultRealms,
  fetchAccessToken,
  push,
  startIdp,
  startWfm
} from '../helpers/sim-helpers.js'

const idp = await startIdp(t, {
  ...defaultRealms,
  brief: { clients: [{ clientId, clientSecret }], accessTokenTtlSeconds: 1 }
})
const wfm = await startWfm(t, { identityProvider: idp })
const acmeToken = await fetchAccessToken(idp, 'acme')

t.test('missing token answers 401', async (t) => {
  const { status, body } = await push(wfm, {})

  t.equal(status, 401)
  t.strictSame(body, {
    error: 'missing_token',
    message: 'The Authorization header is missing: send "Bearer {access_token}"'
  })
})

t.test('other scheme answers 401', async (t) => {
  const { status, body } = await push(wfm, { headers: { authorization: 'Basic YTpi' } })

  t.equal(status, 401)
  t.equal(body.error, 'invalid_token')
})

t.test('token that is not a JWT answers 401', async (t) => {
  const { status, body } = await push(wfm, { token: 'opaque-token-value' })

  t.equal(status, 401)
  t.strictSame(body, { error: 'invalid_token', message: 'The bearer token is not a JWT' })
})

t.test('tampered signature answers 401', async (t) => {
  const [header, payload, signature = ''] = acmeToken.split('.')
  const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1)
  const { status, body } = await push(wfm, { token: `${header}.${payload}.${flipped}` })

  t.equal(status, 401)
  t.equal(body.error, 'invalid_token')
  t.match(body.message, /^The bearer token failed verification: /)
})

t.test('expired token answers 401', async (t) => {
  const token = await fetchAccessToken(idp, 'brief')
  await sleep(2_100)
  const { status, body } = await push(wfm, { token, tenant: 'brief' })

  t.equal(status, 401)
  t.strictSame(body, {
    error: 'token_expired',
    message: 'The bearer token has expired: request a new one'
  })
})

t.test('token of another realm answers 403', async (t) => {
  const globexToken = await fetchAccessToken(idp, 'globex', clientId, 'globex-secret')
  const { status, body } = await push(wfm, { token: globexToken, tenant: 'acme' })

  t.equal(status, 403)
  t.strictSame(body, {
    error: 'wrong_tenant',
    message: `The bearer token was issued by ${idp.issuer('globex')}, ` +
      `not by tenant "acme" (${idp.issuer('acme')})`
  })
})

t.test('unknown Tenant-ID answers 403', async (t) => {
  const { status, body } = await push(wfm, { token: acmeToken, tenant: 'initech' })

  t.equal(status, 403)
  t.equal(body.error, 'wrong_tenant')
})

t.test('missing Tenant-ID answers 400', async (t) => {
  const { status, body } = await push(wfm, { token: acmeToken, tenant: '' })

  t.equal(status, 400)
  t.strictSame(body, {
    error: 'missing_tenant',
    message: 'The Tenant-ID header is missing: send the realm name'
  })
})

t.test('token without the push role answers 403', async (t) => {
  const token = await fetchAccessToken(idp, 'acme', 'reader-acme', 'reader-secret')
  const { status, body } = await push(wfm, { token })

  t.equal(status, 403)
  t.strictSame(body, {
    error: 'missing_role',
    message: 'The bearer token lacks the role WFM_HISTORICAL_DATA_PUSH under ' +
      'resource_access["wfm-forecasting-app"].roles'
  })
})

t.test('valid token is accepted', async (t) => {
  const { status } = await push(wfm, { token: acmeToken })

  t.equal(status, 200)
})

t.test('rejected requests record no upload', async (t) => {
  t.equal(wfm.uploads().length, 1)
  t.equal(wfm.requests().length, 10)
})

t.test('simulator without identity provider skips token checks', async (t) => {
  const open = await startWfm(t, { identityProvider: undefined })
  const { status } = await push(open, {})

  t.equal(status, 200)
})
