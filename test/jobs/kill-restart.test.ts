// The relay process is killed with SIGKILL while a chunk request is open, then started again on
// the same data directory. The simulator delays each push request by 400 ms, so the kill lands
// inside a request, and it drops a request whose client died, so each chunk arrives once.

import t from 'tap'
import { expectedChunks, generateUpload, waitForImportState, waitUntil } from '../helpers/import-helpers.js'
import { childGetter, startChildStack } from './helpers/relay-child.js'

t.test('upload survives kill -9 mid-send', async (t) => {
  const stack = await startChildStack(t, {})
  stack.wfm.injectFaults({ rate: 1, fault: { kind: 'slow', delayMs: 400 } })
  const upload = generateUpload(150)
  const chunks = expectedChunks(upload.wfmLines, 1024)
  t.ok(chunks.length >= 6, `${chunks.length} chunks`)

  const first = await stack.startRelay()
  const accepted = await fetch(`${first.url}/v1/tenants/acme/historical-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'text/csv', prefer: 'respond-async' },
    body: upload.csv
  })
  t.equal(accepted.status, 202)
  const { importId, pushToken } = await accepted.json() as { importId: string, pushToken: string }

  await waitUntil(() => (stack.wfm.upload(pushToken)?.chunks.length ?? 0) >= 2, 'two chunks arrived')
  await new Promise((resolve) => setTimeout(resolve, 150))
  first.child.kill('SIGKILL')
  t.same(await first.exited, { code: null, signal: 'SIGKILL' })
  const beforeRestart = stack.wfm.upload(pushToken)?.chunks.length ?? 0
  t.equal(beforeRestart, 2, 'the kill landed during the third chunk')
  t.equal(stack.wfm.requests().at(-1)?.status, 0, 'the open request was cut off')

  const second = await stack.startRelay()
  const done = await waitForImportState(childGetter(second, stack.apiKey), importId, ['completed'], 30_000)
  t.equal(done.chunksSent, chunks.length)
  t.equal(done.pushToken, pushToken, 'the same pushToken after the restart')

  const received = stack.wfm.upload(pushToken)?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks, 'every chunk once, in order')
  t.equal(received.reduce((sum, chunk) => sum + chunk.rowCount, 0), 150, 'all rows present')
  t.equal(stack.wfm.upload(pushToken)?.completed, true)
  t.ok(second.logLines().some((line) => String(line.msg).startsWith('Resuming 1 unfinished import job(s)')))
  t.equal(second.stderr(), '')
})
