import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { multipartCases } from './cases/multipart-cases.js'
import { runCorpus } from './corpus.js'

t.test('hostile multipart bodies get 4xx', async (t) => {
  const harness = await startHarness(t)
  await runCorpus(t, harness, multipartCases)
  t.same(await readdir(join(harness.dataDir, 'incoming')).catch(() => []), [], 'no stashed file is left')
})
