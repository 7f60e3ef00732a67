import t from 'tap'

import { requestToken, startIdp } from '../helpers/sim-helpers.js'

t.test('token requests are counted per realm', async (t) => {
  const idp = await startIdp(t)

  t.equal(idp.tokenRequests('acme'), 0)

  await requestToken(idp, 'acme')
  await requestToken(idp, 'acme')
  await requestToken(idp, 'globex', 'relay-acme', 'globex-secret')

  t.equal(idp.tokenRequests('acme'), 2)
  t.equal(idp.tokenRequests('globex'), 1)
})

t.test('failed token requests are counted too', async (t) => {
  const idp = await startIdp(t)

  await requestToken(idp, 'acme', 'relay-acme', 'wrong-secret')
  await fetch(idp.jwksUrl('acme'))

  t.equal(idp.tokenRequests('acme'), 1, 'the JWKS request is not a token request')
})
