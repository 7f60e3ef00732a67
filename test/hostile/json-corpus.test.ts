import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { jsonCases } from './cases/json-cases.js'
import { runCorpus } from './corpus.js'

t.test('hostile json and ndjson bodies get 4xx', async (t) => {
  const harness = await startHarness(t)
  await runCorpus(t, harness, jsonCases)
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted')
})
