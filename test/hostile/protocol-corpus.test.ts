import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { protocolCases } from './cases/protocol-cases.js'
import { runCorpus } from './corpus.js'

t.test('hostile requests get 4xx', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  await runCorpus(t, harness, protocolCases(harness.narrowKey))
  t.equal(harness.idp.tokenRequests('globex'), 0, 'no token was requested for globex')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted')
})
