import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvCases } from './cases/csv-cases.js'
import { runCorpus } from './corpus.js'

t.test('hostile csv bodies get 4xx', async (t) => {
  const harness = await startHarness(t)
  await runCorpus(t, harness, csvCases)
})
