import type { ServerResponse } from 'node:http'
import t, { type Test } from 'tap'
import type { TenantSettings } from '../../src/config/tenant-settings.js'
import { ChunkSpoolWriter, spoolDirectory, type SpoolManifest } from '../../src/wfm/chunk-spool.js'
import { TokenClient } from '../../src/wfm/token-client.js'
import { sendUpload, type SendUploadOptions } from '../../src/wfm/upload-sender.js'
import {
  captureLogger, createAgent, rejectsWith, sendJson, sendText, startServer, testUpstream,
  type CapturedLogger, type RecordedRequest, type TestServer
} from './fixtures/servers.js'

const pushPath = '/_rest/forecasting/historical-data/historical-data-push'
const tokenPath = '/auth/realms/acme/protocol/openid-connect/token'
const pushToken = '7d444840-9dc0-11d1-b245-5ffdce74fad2'
const secret = 'client-secret-value'

/** Three chunks of two rows each (maxChunkBytes 80). */
const lines = [
  '2024-01-01T00:00:00Z,acd,Sales,10,120.5\n',
  '2024-01-01T00:15:00Z,acd,Sales,12,98\n',
  '2024-01-01T00:30:00Z,acd,Sales,0,0\n',
  '2024-01-01T00:45:00Z,acd,Sales,3,61.25\n',
  '2024-01-01T01:00:00Z,acd,Sales,7,300\n',
  '2024-01-01T01:15:00Z,acd,Sales,1,45\n'
]

type PushHandler = (request: RecordedRequest, response: ServerResponse) => void

interface Setup {
  push: TestServer
  tokenServer: TestServer
  log: CapturedLogger
  options: SendUploadOptions
}

async function spool (t: Test): Promise<SpoolManifest> {
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(t.testdir(), 'upload'), maxChunkBytes: 80 })
  for (const line of lines) {
    await writer.write(line)
  }
  return await writer.finish()
}

async function setup (t: Test, handler: PushHandler, upstream = testUpstream()): Promise<Setup> {
  let issued = 0
  const tokenServer = await startServer(t, (request, response) => {
    issued += 1
    sendJson(response, 200, { access_token: `token-${issued}`, expires_in: 300, token_type: 'Bearer' })
  })
  const push = await startServer(t, handler)
  const tenant: TenantSettings = {
    name: 'acme',
    realm: 'acme',
    tokenUrl: tokenServer.origin + tokenPath,
    pushUrl: push.origin + pushPath,
    clientId: 'relay-client',
    clientSecret: secret,
    csvColumns: ['intervalStart', 'sourceId', 'queue', 'offered', 'aht'],
    maxChunkBytes: 80
  }
  const log = captureLogger()
  const dispatcher = createAgent(t)
  const tokens = new TokenClient(tenant, { dispatcher, upstream, logger: log.logger })
  const options: SendUploadOptions = {
    tenant,
    manifest: await spool(t),
    pushToken,
    sourceId: 'acd',
    intervalSeconds: 900,
    tokens,
    dispatcher,
    upstream,
    logger: log.logger
  }
  return { push, tokenServer, log, options }
}

function query (request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? '/', 'http://relay.test').searchParams)
}

function warnings (log: CapturedLogger): Array<Record<string, unknown>> {
  return log.entries().filter((entry) => entry.level === 40)
}

t.test('upload sends chunks in order', async (t) => {
  const { push, tokenServer, log, options } = await setup(t, (request, response) => {
    sendText(response, 200, '')
  })
  const sent: number[] = []

  const result = await sendUpload({ ...options, onChunkSent: (index) => { sent.push(index) } })

  t.same(result, { chunksSent: 3, bytesSent: options.manifest.bytes, attempts: 3 })
  t.same(sent, [1, 2, 3])
  t.same(push.requests.map((request) => request.body.toString()), [
    lines[0]! + lines[1]!, lines[2]! + lines[3]!, lines[4]! + lines[5]!
  ])
  t.same(push.requests.map((request) => query(request)), [
    { pushToken, sourceId: 'acd', lastChunk: 'false', historicalDataInterval: '900' },
    { pushToken, sourceId: 'acd', lastChunk: 'false', historicalDataInterval: '900' },
    { pushToken, sourceId: 'acd', lastChunk: 'true', historicalDataInterval: '900' }
  ])
  t.same(push.requests.map((request) => request.headers.authorization), Array(3).fill('Bearer token-1'))
  t.equal(tokenServer.requests.length, 1, 'the cached token serves every chunk')
  t.notMatch(log.text(), 'token-1')
  t.notMatch(log.text(), secret)
})

t.test('upload single chunk', async (t) => {
  const { push, options } = await setup(t, (request, response) => sendText(response, 200, ''))
  const only = options.manifest.chunks[0]!
  const manifest = { ...options.manifest, chunks: [only], rows: only.rows, bytes: only.bytes }

  await sendUpload({ ...options, manifest })

  t.same(push.requests.map((request) => query(request).lastChunk), ['true'])
})

t.test('upload 401 renews token', async (t) => {
  const { push, tokenServer, log, options } = await setup(t, (request, response) => {
    if (push.requests.length === 2) {
      sendJson(response, 401, { error: 'token expired' })
      return
    }
    sendText(response, 200, '')
  })

  const result = await sendUpload(options)

  t.same(result, { chunksSent: 3, bytesSent: options.manifest.bytes, attempts: 4 })
  t.same(push.requests.map((request) => request.headers.authorization), [
    'Bearer token-1', 'Bearer token-1', 'Bearer token-2', 'Bearer token-2'
  ])
  t.same(push.requests.map((request) => query(request).lastChunk), ['false', 'false', 'false', 'true'])
  t.same(push.requests[1]?.body, push.requests[2]?.body, 'the resend carries the same bytes')
  t.equal(tokenServer.requests.length, 2)
  t.same(warnings(log).map((entry) => [entry.tenant, entry.pushToken, entry.chunk, entry.attempt, entry.msg]), [
    ['acme', pushToken, 2, 1, 'The WFM rejected the token with 401; resending the chunk with a new token']
  ])
})

t.test('upload second 401 permanent', async (t) => {
  const { push, tokenServer, options } = await setup(t, (request, response) => {
    sendJson(response, 401, { error: 'invalid token' })
  })

  await rejectsWith(t, sendUpload(options), {
    code: 'WFM_RELAY_WFM_REJECTED',
    statusCode: 502,
    message: `The WFM rejected chunk 1 of 3 of upload ${pushToken} for tenant "acme" with status 401: ` +
      'the WFM refused a newly issued token too; check that the realm is the WFM\'s tenant and that ' +
      'the client has the WFM_HISTORICAL_DATA_PUSH role. The WFM will not list this upload, because ' +
      'no request with lastChunk=true succeeded; upload the data again',
    upstream: { status: 401, excerpt: '{"error":"invalid token"}' }
  })
  t.equal(push.requests.length, 2)
  t.equal(tokenServer.requests.length, 2)
})

t.test('upload 429 retry-after', async (t) => {
  const upstream = testUpstream({ retryBaseDelayMs: 1, retryMaxDelayMs: 60 })
  const { push, log, options } = await setup(t, (request, response) => {
    if (push.requests.length === 1) {
      sendText(response, 429, 'Too Many Requests', { 'retry-after': '2' })
      return
    }
    sendText(response, 200, '')
  }, upstream)
  const started = performance.now()

  const result = await sendUpload(options)

  t.same(result, { chunksSent: 3, bytesSent: options.manifest.bytes, attempts: 4 })
  t.ok(performance.now() - started >= 55, 'waited for Retry-After, capped by retryMaxDelayMs')
  t.same(push.requests[0]?.body, push.requests[1]?.body, 'the retry carries the same bytes')
  t.same(warnings(log), [{
    level: 40,
    time: warnings(log)[0]?.time,
    pid: process.pid,
    hostname: warnings(log)[0]?.hostname,
    tenant: 'acme',
    pushToken,
    chunk: 1,
    chunks: 3,
    attempt: 1,
    maxAttempts: 3,
    status: 429,
    delayMs: 60,
    msg: 'WFM push failed; retrying'
  }])
})

t.test('upload 400 permanent', async (t) => {
  const { push, options } = await setup(t, (request, response) => {
    if (push.requests.length === 2) {
      sendJson(response, 400, { message: 'Unknown column layout on line 1' })
      return
    }
    sendText(response, 200, '')
  })
  const sent: number[] = []

  await rejectsWith(t, sendUpload({ ...options, onChunkSent: (index) => { sent.push(index) } }), {
    code: 'WFM_RELAY_WFM_REJECTED',
    statusCode: 502,
    message: `The WFM rejected chunk 2 of 3 of upload ${pushToken} for tenant "acme" with status 400: ` +
      'check the tenant\'s csvColumns and the interval against the WFM\'s expectations. The WFM will ' +
      'not list this upload, because no request with lastChunk=true succeeded; upload the data again',
    upstream: { status: 400, excerpt: '{"message":"Unknown column layout on line 1"}' }
  })
  t.equal(push.requests.length, 2, 'no retry and no later chunk')
  t.same(sent, [1])
})

t.test('upload retries exhausted', async (t) => {
  const { push, log, options } = await setup(t, (request, response) => {
    sendText(response, 503, 'maintenance')
  })

  await rejectsWith(t, sendUpload(options), {
    code: 'WFM_RELAY_WFM_UNREACHABLE',
    statusCode: 503,
    message: `The WFM (${push.origin}${pushPath}) responded with status 503 for chunk 1 of 3 of upload ` +
      `${pushToken} for tenant "acme" after 3 attempts. The WFM will not list this upload, because ` +
      'no request with lastChunk=true succeeded; upload the data again',
    upstream: { status: 503, excerpt: 'maintenance' }
  })
  t.equal(push.requests.length, 3)
  t.same(warnings(log).map((entry) => [entry.tenant, entry.pushToken, entry.chunk, entry.attempt, entry.status]), [
    ['acme', pushToken, 1, 1, 503],
    ['acme', pushToken, 1, 2, 503]
  ])
})

t.test('upload timeouts exhausted', async (t) => {
  const upstream = testUpstream({ requestTimeoutMs: 100, maxAttempts: 2 })
  const { push, options } = await setup(t, () => {}, upstream)

  const error = await rejectsWith(t, sendUpload(options), {
    code: 'WFM_RELAY_WFM_TIMEOUT',
    statusCode: 504,
    message: `The WFM (${push.origin}${pushPath}) did not respond within 100 ms for chunk 1 of 3 of ` +
      `upload ${pushToken} for tenant "acme" after 2 attempts. The WFM will not list this upload, ` +
      'because no request with lastChunk=true succeeded; upload the data again'
  })
  t.equal(error.upstream, undefined, 'no upstream response')
  t.equal(push.requests.length, 2)
})

t.test('upload resumes at chunk', async (t) => {
  const { push, options } = await setup(t, (request, response) => sendText(response, 200, ''))
  const sent: number[] = []

  const result = await sendUpload({ ...options, startChunk: 2, onChunkSent: (index) => { sent.push(index) } })

  const [, second, third] = options.manifest.chunks
  t.same(result, { chunksSent: 2, bytesSent: second!.bytes + third!.bytes, attempts: 2 })
  t.same(sent, [2, 3])
  t.same(push.requests.map((request) => request.body.toString()), [
    lines[2]! + lines[3]!, lines[4]! + lines[5]!
  ])
  t.same(push.requests.map((request) => query(request).lastChunk), ['false', 'true'])
})

t.test('upload argument checks', async (t) => {
  const { push, options } = await setup(t, (request, response) => sendText(response, 200, ''))

  await rejectsWith(t, sendUpload({ ...options, manifest: { ...options.manifest, chunks: [] } }), {
    code: 'WFM_RELAY_EMPTY_UPLOAD',
    message: 'The upload has no rows; nothing to send'
  })
  await t.rejects(sendUpload({ ...options, startChunk: 4 }), RangeError)
  await t.rejects(sendUpload({ ...options, startChunk: 0 }), RangeError)
  t.equal(push.requests.length, 0)
})

t.test('upload abort', async (t) => {
  const { push, options } = await setup(t, (request, response) => sendText(response, 503, 'busy'),
    testUpstream({ retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000, maxAttempts: 5 }))
  const controller = new AbortController()
  const reason = new Error('relay shutting down')

  const sending = sendUpload({ ...options, signal: controller.signal, random: () => 1 })
  setTimeout(() => controller.abort(reason), 50)

  await t.rejects(sending, reason)
  t.equal(push.requests.length, 1, 'the backoff wait ends at once')
})
