// SIGTERM during an upload: readiness fails, the chunk in flight finishes, the process exits
// within shutdownGraceMs, and the next start sends the rest.

import t from 'tap'
import { expectedChunks, generateUpload, waitForImportState, waitUntil } from '../helpers/import-helpers.js'
import { childGetter, startChildStack, type RelayChild } from './helpers/relay-child.js'

async function startUpload (relay: RelayChild, apiKey: string, csv: string): Promise<{ importId: string, pushToken: string }> {
  const response = await fetch(`${relay.url}/v1/tenants/acme/historical-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv', prefer: 'respond-async' },
    body: csv
  })
  return await response.json() as { importId: string, pushToken: string }
}

t.test('sigterm lets the chunk in flight finish', async (t) => {
  const stack = await startChildStack(t, { shutdownGraceMs: 10_000 })
  stack.wfm.injectFaults({ rate: 1, fault: { kind: 'slow', delayMs: 600 } })
  const upload = generateUpload(150)
  const chunks = expectedChunks(upload.wfmLines, 1024)

  const first = await stack.startRelay()
  const { importId, pushToken } = await startUpload(first, stack.apiKey, upload.csv)
  await waitUntil(() => (stack.wfm.upload(pushToken)?.chunks.length ?? 0) >= 1, 'chunk 1 arrived')
  await new Promise((resolve) => setTimeout(resolve, 200))
  const stoppedAt = Date.now()
  first.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 100))
  const ready = await fetch(`${first.url}/readyz`).then((response) => response.status, () => 0)
  t.equal(ready, 503, 'readiness fails while the chunk finishes')

  t.same(await first.exited, { code: 0, signal: null })
  t.ok(Date.now() - stoppedAt < 2_000, `stopped after ${Date.now() - stoppedAt} ms`)
  t.equal(stack.wfm.upload(pushToken)?.chunks.length, 2, 'the chunk in flight was delivered')
  const messages = first.logLines().map((line) => line.msg)
  t.same(messages.slice(messages.indexOf('wfm-relay stopping')), [
    'wfm-relay stopping',
    'Import interrupted; the next start resumes it from this chunk',
    'wfm-relay stopped'
  ])
  t.equal(first.logLines().at(-2)?.chunk, 3)

  const second = await stack.startRelay()
  await waitForImportState(childGetter(second, stack.apiKey), importId, ['completed'], 30_000)
  const received = stack.wfm.upload(pushToken)?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks, 'every chunk once, in order')
})

t.test('sigterm exits within the grace period', async (t) => {
  const stack = await startChildStack(t, { shutdownGraceMs: 1_500, wfm: { requestTimeoutMs: 20_000 } })
  stack.wfm.injectFaults({ sequence: [{ kind: 'slow', delayMs: 15_000 }] })

  const relay = await stack.startRelay()
  const { importId, pushToken } = await startUpload(relay, stack.apiKey, generateUpload(4).csv)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const stoppedAt = Date.now()
  relay.child.kill('SIGTERM')
  t.same(await relay.exited, { code: 0, signal: null })
  const elapsedMs = Date.now() - stoppedAt
  // The worker cuts the request off shortly before the grace ends; the slack covers process exit.
  t.ok(elapsedMs >= 1_000 && elapsedMs < 2_000, `stopped after ${elapsedMs} ms`)
  t.equal(stack.wfm.upload(pushToken), undefined)

  const second = await stack.startRelay()
  const done = await waitForImportState(childGetter(second, stack.apiKey), importId, ['completed'], 30_000)
  t.equal(done.attempts, 2, 'the cut-off request is sent again')
  t.equal(stack.wfm.upload(pushToken)?.chunks.length, 1)
})
