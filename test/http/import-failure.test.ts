import t from 'tap'
import { expectedChunks, generateUpload, injectGetter, injectUpload, waitForImportState } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('permanent rejection fails the job at once', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  const upload = generateUpload(60)
  const chunks = expectedChunks(upload.wfmLines, 1024)
  harness.wfm.forceResponses({ status: 200 }, { status: 422, body: { message: 'queue Queue 0 is not mapped' } })
  const response = await injectUpload(harness.app, harness.authorization(), { csv: upload.csv })

  t.equal(response.statusCode, 502, response.body)
  const body = response.json()
  t.equal(body.code, 'WFM_RELAY_WFM_REJECTED')
  t.match(body.importId, /^[0-9a-f-]{36}$/)
  t.same(body.upstream, { status: 422, excerpt: '{"message":"queue Queue 0 is not mapped"}' })

  const status = await waitForImportState(injectGetter(harness.app, harness.authorization()), body.importId, ['failed'])
  t.equal(status.chunksSent, 1)
  t.same((status.lastError as Record<string, unknown>).upstream, body.upstream)
  t.equal((status.lastError as Record<string, unknown>).message, body.message)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.same(harness.wfm.requests().map((request) => request.status), [200, 422], 'nothing more was sent')
  t.ok(chunks.length > 2)
})

t.test('retry resumes from the first unsent chunk', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  const upload = generateUpload(60)
  const chunks = expectedChunks(upload.wfmLines, 1024)
  harness.wfm.injectFaults({ sequence: ['pass', { kind: 'status', status: 403 }] })
  const failed = await injectUpload(harness.app, harness.authorization(), { csv: upload.csv })
  t.equal(failed.statusCode, 502, failed.body)
  const id = String(failed.json().importId)

  const retry = await harness.app.inject({ method: 'POST', url: `/v1/imports/${id}/retry`, headers: harness.authorization() })
  t.equal(retry.statusCode, 202, retry.body)
  t.equal(retry.headers.location, `/v1/imports/${id}`)
  t.equal(retry.json().lastError, undefined)
  const done = await waitForImportState(injectGetter(harness.app, harness.authorization()), id, ['completed'])
  t.equal(done.chunksSent, chunks.length)

  const pushToken = String(failed.json().pushToken)
  t.ok(pushToken.length > 0)
  const received = harness.wfm.uploads()[0]?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks, 'each chunk once, in order')
  t.same(harness.wfm.requests().map((request) => request.status), [200, 403, ...chunks.slice(1).map(() => 200)])

  const again = await harness.app.inject({ method: 'POST', url: `/v1/imports/${id}/retry`, headers: harness.authorization() })
  t.equal(again.statusCode, 409)
  t.same(again.json(), {
    statusCode: 409,
    code: 'WFM_RELAY_IMPORT_NOT_RETRYABLE',
    error: 'Conflict',
    message: `import ${id} is completed; only failed imports can be retried`,
    importId: id
  })
})

t.test('unavailable wfm fails after attempts with reason', async (t) => {
  const harness = await startHarness(t, { wfmConfig: { maxAttempts: 3 } })
  harness.wfm.injectFaults({ rate: 1, fault: { kind: 'status', status: 503 }, limit: 3 })
  const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(2).csv })
  t.equal(response.statusCode, 503, response.body)
  t.equal(response.json().code, 'WFM_RELAY_WFM_UNREACHABLE')
  t.match(response.json().message, /responded with status 503 for chunk 1 of 1 .* after 3 attempts/)
  t.equal(harness.wfm.requests().length, 3)
})

t.test('retry deadline ends retries early', async (t) => {
  const harness = await startHarness(t, { wfmConfig: { maxAttempts: 20, retryDeadlineMs: 1_000, retryMaxDelayMs: 2_000 } })
  harness.wfm.injectFaults({ rate: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, limit: 10 })
  const startedAt = Date.now()
  const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(2).csv })
  t.equal(response.statusCode, 503, response.body)
  t.equal(harness.wfm.requests().length, 1, 'the first Retry-After wait would pass the deadline')
  t.ok(Date.now() - startedAt < 900, 'no wait for a retry that cannot start in time')
})
