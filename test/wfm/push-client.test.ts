import t, { type Test } from 'tap'
import { buildPushUrl, pushChunk, type PushChunkRequest } from '../../src/wfm/push-client.js'
import {
  closedPortUrl, createAgent, sendJson, sendText, startServer, type Handler, type TestServer
} from './fixtures/servers.js'

const pushPath = '/_rest/forecasting/historical-data/historical-data-push'
const csv = Buffer.from('2024-03-31T01:45:00Z,genesys,"Support, Tier 2",12,245.5\n')

async function setup (t: Test, handler: Handler): Promise<{ server: TestServer, request: PushChunkRequest }> {
  const server = await startServer(t, handler)
  const request: PushChunkRequest = {
    pushUrl: server.origin + pushPath,
    realm: 'acme',
    accessToken: 'access-token-1',
    pushToken: '0f8fad5b-d9cb-469f-a165-70867728950e',
    sourceId: 'Genesys Cloud',
    lastChunk: false,
    intervalSeconds: 900,
    body: csv,
    dispatcher: createAgent(t),
    timeoutMs: 1_000
  }
  return { server, request }
}

t.test('push request as sent', async (t) => {
  const { server, request } = await setup(t, (received, response) => sendText(response, 202, ''))

  const outcome = await pushChunk({ ...request, lastChunk: true, intervalSeconds: 1800 })

  t.same(outcome, { result: 'accepted', status: 202 })
  const [received] = server.requests
  t.equal(received?.method, 'POST')
  t.equal(received?.url, pushPath + '?pushToken=0f8fad5b-d9cb-469f-a165-70867728950e' +
    '&sourceId=Genesys%20Cloud&lastChunk=true&historicalDataInterval=1800')
  t.equal(received?.headers['content-type'], 'text/csv')
  t.equal(received?.headers['tenant-id'], 'acme')
  t.equal(received?.headers.authorization, 'Bearer access-token-1')
  t.equal(received?.headers['content-length'], String(csv.length))
  t.same(received?.body, csv)

  const names = received?.rawHeaders.filter((_, i) => i % 2 === 0) ?? []
  t.ok(names.includes('Content-Type'), 'Content-Type spelled as in the WFM documentation')
  t.ok(names.includes('Tenant-ID'), 'Tenant-ID spelled as in the WFM documentation')
  t.ok(names.includes('Authorization'), 'Authorization spelled as in the WFM documentation')
})

t.test('push url with query', async (t) => {
  const parameters = { pushToken: 'p 1', sourceId: 'a&b', lastChunk: false, intervalSeconds: 900 }

  t.equal(buildPushUrl('http://wfm.test/push?mode=x#top', parameters),
    'http://wfm.test/push?mode=x&pushToken=p%201&sourceId=a%26b&lastChunk=false&historicalDataInterval=900')
  t.equal(buildPushUrl('http://wfm.test/push?', parameters),
    'http://wfm.test/push?pushToken=p%201&sourceId=a%26b&lastChunk=false&historicalDataInterval=900')
})

t.test('push status classes', async (t) => {
  const cases: Array<[number, Record<string, unknown>]> = [
    [200, { result: 'accepted', status: 200 }],
    [204, { result: 'accepted', status: 204 }],
    [401, { result: 'unauthorized', status: 401, excerpt: 'status 401' }],
    [302, { result: 'rejected', status: 302, excerpt: 'status 302' }],
    [400, { result: 'rejected', status: 400, excerpt: 'status 400' }],
    [403, { result: 'rejected', status: 403, excerpt: 'status 403' }],
    [404, { result: 'rejected', status: 404, excerpt: 'status 404' }],
    [409, { result: 'rejected', status: 409, excerpt: 'status 409' }],
    [413, { result: 'rejected', status: 413, excerpt: 'status 413' }],
    [422, { result: 'rejected', status: 422, excerpt: 'status 422' }],
    [408, { result: 'retry', status: 408, excerpt: 'status 408', timedOut: false, retryAfterMs: undefined }],
    [429, { result: 'retry', status: 429, excerpt: 'status 429', timedOut: false, retryAfterMs: undefined }],
    [500, { result: 'retry', status: 500, excerpt: 'status 500', timedOut: false, retryAfterMs: undefined }],
    [502, { result: 'retry', status: 502, excerpt: 'status 502', timedOut: false, retryAfterMs: undefined }],
    [503, { result: 'retry', status: 503, excerpt: 'status 503', timedOut: false, retryAfterMs: undefined }],
    [504, { result: 'retry', status: 504, excerpt: 'status 504', timedOut: true, retryAfterMs: undefined }]
  ]
  let status = 0
  const { request } = await setup(t, (received, response) => {
    sendText(response, status, status === 204 ? '' : `status ${status}`)
  })

  for (const [caseStatus, expected] of cases) {
    status = caseStatus
    t.strictSame(await pushChunk(request), expected, `status ${caseStatus}`)
  }
})

t.test('push retry-after', async (t) => {
  const date = new Date(Date.now() + 30_000).toUTCString()
  const headers = [{ 'retry-after': '7' }, { 'retry-after': date }, { 'retry-after': 'soon' }]
  const { request } = await setup(t, (received, response) => {
    sendText(response, 429, 'slow down', headers.shift())
  })

  const seconds = await pushChunk(request)
  const httpDate = await pushChunk(request)
  const invalid = await pushChunk(request)

  t.equal(seconds.result === 'retry' && seconds.retryAfterMs, 7_000)
  const dateDelay = httpDate.result === 'retry' ? httpDate.retryAfterMs ?? 0 : 0
  t.ok(dateDelay > 28_000 && dateDelay <= 30_000, `HTTP date gives ${dateDelay} ms`)
  t.equal(invalid.result === 'retry' && invalid.retryAfterMs, undefined)
})

t.test('push long response', async (t) => {
  const responseText = JSON.stringify({ message: 'Invalid row', detail: 'x'.repeat(200_000) })
  const { server, request } = await setup(t, (received, response) => {
    if (server.requests.length === 1) {
      sendJson(response, 400, JSON.parse(responseText))
      return
    }
    sendText(response, 200, 'ok')
  })

  const rejected = await pushChunk(request)
  const accepted = await pushChunk(request)

  t.equal(rejected.result, 'rejected')
  const excerpt = rejected.result === 'rejected' ? rejected.excerpt : ''
  t.equal(excerpt, responseText.slice(0, 300))
  t.same(accepted, { result: 'accepted', status: 200 })
  t.equal(server.requests.length, 2)
})

t.test('push socket reused', async (t) => {
  const { server, request } = await setup(t, (received, response) => {
    sendText(response, 400, 'e'.repeat(100_000))
  })

  for (let i = 0; i < 10; i++) {
    await pushChunk(request)
  }

  // undici 7 sometimes opens a second socket while the first is being handed back to the pool.
  // A 100 kB response left unread would hold its socket, so each request would need a new one.
  t.ok(server.connections() <= 2, `10 requests used ${server.connections()} sockets`)
})

t.test('push excerpt redacts token', async (t) => {
  const { request } = await setup(t, (received, response) => {
    sendText(response, 403, `token ${received.headers.authorization ?? ''} lacks a role`)
  })

  const outcome = await pushChunk(request)

  t.same(outcome, { result: 'rejected', status: 403, excerpt: 'token Bearer [redacted] lacks a role' })
})

t.test('push connection refused', async (t) => {
  const { request } = await setup(t, () => {})
  const pushUrl = await closedPortUrl(pushPath)

  const outcome = await pushChunk({ ...request, pushUrl })

  t.equal(outcome.result, 'retry')
  t.equal(outcome.result === 'retry' && outcome.code, 'ECONNREFUSED')
  t.equal(outcome.result === 'retry' && outcome.timedOut, false)
})

t.test('push timeout', async (t) => {
  const { request } = await setup(t, () => {})

  const outcome = await pushChunk({ ...request, timeoutMs: 100 })

  t.equal(outcome.result, 'retry')
  t.equal(outcome.result === 'retry' && outcome.timedOut, true)
})

t.test('push caller abort', async (t) => {
  const { request } = await setup(t, () => {})
  const controller = new AbortController()
  const reason = new Error('shutting down')
  setTimeout(() => controller.abort(reason), 20)

  await t.rejects(pushChunk({ ...request, signal: controller.signal }), reason)
})
