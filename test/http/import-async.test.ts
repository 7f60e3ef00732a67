import t from 'tap'
import { expectedChunks, generateUpload, injectGetter, injectUpload, waitForImportState } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('respond-async answers 202 then completes', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  const upload = generateUpload(60)
  const response = await injectUpload(harness.app, harness.authorization(), {
    csv: upload.csv,
    headers: { prefer: 'respond-async' }
  })

  t.equal(response.statusCode, 202, response.body)
  const body = response.json()
  t.match(body.importId, /^[0-9a-f-]{36}$/)
  t.equal(response.headers.location, `/v1/imports/${String(body.importId)}`)
  t.equal(response.headers['preference-applied'], 'respond-async')
  t.equal(body.asyncReason, 'respond-async')
  t.equal(body.tenant, 'acme')
  t.equal(body.rows, 60)
  t.equal(body.chunks, expectedChunks(upload.wfmLines, 1024).length)
  t.ok(['accepted', 'sending'].includes(body.state), `state ${String(body.state)}`)

  const done = await waitForImportState(injectGetter(harness.app, harness.authorization()), body.importId, ['completed'])
  const chunks = expectedChunks(upload.wfmLines, 1024)
  t.equal(done.chunksSent, chunks.length)
  t.equal(done.attempts, chunks.length)
  t.type(done.finishedAt, 'string')

  const received = harness.wfm.upload(String(body.pushToken))?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks)
  t.same(received.map((chunk) => chunk.query.lastChunk), chunks.map((_, index) => String(index === chunks.length - 1)))
})

t.test('prefer header among other preferences', async (t) => {
  const harness = await startHarness(t)
  const response = await injectUpload(harness.app, harness.authorization(), {
    csv: generateUpload(2).csv,
    headers: { prefer: 'handling=strict, Respond-Async; foo=1' }
  })
  t.equal(response.statusCode, 202, response.body)
  t.equal(response.headers['preference-applied'], 'respond-async')
})

t.test('upload without prefer waits and answers 200', async (t) => {
  const harness = await startHarness(t)
  const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(3).csv })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['preference-applied'], undefined)
  t.equal(response.json().state, 'completed')
  t.equal(response.json().bytesSent, response.json().chunkBytes[0])
})
