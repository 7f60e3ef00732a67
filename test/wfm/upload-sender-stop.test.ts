import t, { type Test } from 'tap'
import type { TenantSettings } from '../../src/config/tenant-settings.js'
import { ChunkSpoolWriter, spoolDirectory } from '../../src/wfm/chunk-spool.js'
import { sendUpload, type SendUploadOptions } from '../../src/wfm/upload-sender.js'
import { captureLogger, createAgent, sendJson, startServer, testUpstream, type TestServer } from './fixtures/servers.js'

const lines = [
  '2024-01-01T00:00:00Z,acd,Sales,10,120.5\n',
  '2024-01-01T00:15:00Z,acd,Sales,12,98\n',
  '2024-01-01T00:30:00Z,acd,Sales,0,0\n',
  '2024-01-01T00:45:00Z,acd,Sales,3,61.25\n'
]

async function setup (t: Test, push: TestServer): Promise<SendUploadOptions> {
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(t.testdir(), 'upload'), maxChunkBytes: 50, durable: true })
  for (const line of lines) await writer.write(line)
  const tenant: TenantSettings = {
    name: 'acme',
    realm: 'acme',
    tokenUrl: 'http://127.0.0.1:9/token',
    pushUrl: `${push.origin}/push`,
    clientId: 'relay-client',
    clientSecret: 'secret',
    csvColumns: ['intervalStart', 'sourceId', 'queue', 'offered', 'aht'],
    maxChunkBytes: 50
  }
  return {
    tenant,
    manifest: await writer.finish(),
    pushToken: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
    sourceId: 'acd',
    intervalSeconds: 900,
    tokens: { getToken: async () => 'token-1', invalidate: () => {} },
    dispatcher: createAgent(t),
    upstream: testUpstream(),
    logger: captureLogger().logger
  }
}

t.test('stop signal lets the request finish', async (t) => {
  const stop = new AbortController()
  const push = await startServer(t, (_request, response) => {
    // The stop arrives while the first request is open; its response still counts.
    stop.abort(new Error('stopping'))
    setTimeout(() => sendJson(response, 200, {}), 50)
  })
  const options = await setup(t, push)
  t.equal(options.manifest.chunks.length, 4)
  const attempts: number[] = []
  const sent: number[] = []

  await t.rejects(sendUpload({
    ...options,
    stopSignal: stop.signal,
    onChunkAttempt: (index) => { attempts.push(index) },
    onChunkSent: (index) => { sent.push(index) }
  }), { message: 'stopping' })
  t.same(attempts, [1])
  t.same(sent, [1], 'the open request completed and was reported')
  t.equal(push.requests.length, 1, 'no request started after the stop')
})

t.test('chunk attempts include retries', async (t) => {
  let requests = 0
  const push = await startServer(t, (_request, response) => {
    requests += 1
    sendJson(response, requests === 2 ? 503 : 200, {})
  })
  const options = await setup(t, push)
  const attempts: number[] = []
  const result = await sendUpload({ ...options, startChunk: 3, onChunkAttempt: (index) => { attempts.push(index) } })
  t.same(attempts, [3, 4, 4])
  const bytes = (options.manifest.chunks[2]?.bytes ?? 0) + (options.manifest.chunks[3]?.bytes ?? 0)
  t.same(result, { chunksSent: 2, bytesSent: bytes, attempts: 3 })
})
