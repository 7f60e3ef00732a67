import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { limitCases, tightLimits } from './cases/limit-cases.js'
import { runCorpus } from './corpus.js'

t.test('requests over a limit get its error', async (t) => {
  const harness = await startHarness(t, { limits: tightLimits })
  await runCorpus(t, harness, limitCases)
  t.same(await readdir(join(harness.dataDir, 'incoming')).catch(() => []), [], 'no stashed file is left')
  t.same(await readdir(join(harness.dataDir, 'spool')).catch(() => []), [], 'no spool directory is left')
})
