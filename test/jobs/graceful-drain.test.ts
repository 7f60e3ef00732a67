import t from 'tap'
import { expectedChunks, generateUpload, injectGetter, injectUpload, waitForImportState, waitUntil } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('drain finishes the chunk in flight and resumes later', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  const upload = generateUpload(60)
  const chunks = expectedChunks(upload.wfmLines, 1024)
  harness.wfm.injectFaults({ rate: 1, fault: { kind: 'slow', delayMs: 300 } })

  const waiting = injectUpload(harness.app, harness.authorization(), { csv: upload.csv })
  await waitUntil(() => (harness.wfm.uploads()[0]?.chunks.length ?? 0) >= 1, 'chunk 1 arrived')
  const store = harness.app.relay.jobs.store
  for (let chunk2 = ''; chunk2 !== 'sending';) {
    const [id] = await store.unfinishedIds()
    chunk2 = id === undefined ? '' : (await store.get(id))?.chunks[1]?.state ?? ''
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const draining = harness.app.relay.jobs.drain(5_000)

  const ready = await harness.app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'shutting down' })
  const refused = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(1).csv })
  t.equal(refused.statusCode, 503)
  t.equal(refused.json().code, 'WFM_RELAY_SHUTTING_DOWN')

  const answer = await waiting
  t.equal(answer.statusCode, 202, answer.body)
  t.equal(answer.json().asyncReason, 'shutting-down')
  await draining
  const id = String(answer.json().importId)

  const stored = await store.get(id)
  t.equal(stored?.state, 'sending')
  t.equal(stored?.leaseOwner, undefined, 'the lease is released')
  t.same(stored?.chunks.map((chunk) => chunk.state), chunks.map((_, index) => index < 2 ? 'sent' : 'pending'),
    'the chunk in flight finished, no later chunk started')
  t.equal(harness.wfm.uploads()[0]?.chunks.length, 2)

  const app = await harness.restartApp()
  const done = await waitForImportState(injectGetter(app, harness.authorization()), id, ['completed'])
  t.equal(done.chunksSent, chunks.length)
  const received = harness.wfm.uploads()[0]?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks, 'every chunk once, in order')
  t.equal(harness.wfm.uploads().length, 1, 'the same pushToken after the restart')
})
