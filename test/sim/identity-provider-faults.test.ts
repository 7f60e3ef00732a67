import t from 'tap'
import { requestToken, startIdp } from '../helpers/sim-helpers.js'

t.test('token faults make an outage', async (t) => {
  const idp = await startIdp(t)
  idp.injectTokenFaults({ tenant: 'acme', sequence: [{ kind: 'status', status: 503 }, { kind: 'reset' }] })

  const outage = await requestToken(idp, 'acme')
  t.equal(outage.status, 503)
  t.same(outage.body, { error: 'fault_injected', message: 'Fault plan response with status 503' })
  await t.rejects(requestToken(idp, 'acme'), 'the reset ends the connection')
  const other = await requestToken(idp, 'globex', 'relay-acme', 'globex-secret')
  t.equal(other.status, 200, 'other realms are not affected')
  const recovered = await requestToken(idp, 'acme')
  t.equal(recovered.status, 200)
  t.type(recovered.body.access_token, 'string')
  t.equal(idp.tokenRequests('acme'), 3)
})

t.test('slow token answer passes on', async (t) => {
  const idp = await startIdp(t)
  idp.injectTokenFaults({ sequence: [{ kind: 'slow', delayMs: 200 }] })
  const startedAt = Date.now()
  const slow = await requestToken(idp, 'acme')
  t.equal(slow.status, 200)
  t.ok(Date.now() - startedAt >= 190, `answered after ${Date.now() - startedAt} ms`)
})
