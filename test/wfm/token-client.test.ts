import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { TokenClient, TokenClients } from '../../src/wfm/token-client.js'
import { reuseWindowMs } from '../../src/wfm/token-response.js'
import {
  captureLogger, createAgent, sendJson, startServer, testUpstream, type TestServer
} from './fixtures/servers.js'

const tokenPath = '/auth/realms/acme/protocol/openid-connect/token'

/** Starts a token endpoint that issues token-1, token-2, ... with the given lifetimes in turn. */
async function startTokenServer (t: Test, lifetimes: number[], delayMs = 0): Promise<TestServer> {
  let issued = 0
  return await startServer(t, async (request, response) => {
    issued += 1
    await sleep(delayMs)
    sendJson(response, 200, {
      access_token: `token-${issued}`,
      expires_in: lifetimes[(issued - 1) % lifetimes.length],
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email'
    })
  })
}

function tenantFor (server: TestServer, clientSecret = 's3cret') {
  return {
    name: 'acme',
    tokenUrl: server.origin + tokenPath,
    clientId: 'relay-client',
    clientSecret
  }
}

t.test('token request form', async (t) => {
  const server = await startTokenServer(t, [300])
  const client = new TokenClient(tenantFor(server, 'a&b=c d+é'), {
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })

  t.equal(await client.getToken(), 'token-1')

  const [request] = server.requests
  t.equal(request?.method, 'POST')
  t.equal(request?.url, tokenPath)
  t.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded')
  t.equal(request?.body.toString(),
    'grant_type=client_credentials&client_id=relay-client&client_secret=a%26b%3Dc+d%2B%C3%A9')
})

t.test('token single flight', async (t) => {
  const server = await startTokenServer(t, [300], 50)
  const client = new TokenClient(tenantFor(server), {
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })

  const tokens = await Promise.all(Array.from({ length: 10 }, async () => await client.getToken()))

  t.same(tokens, Array(10).fill('token-1'))
  t.equal(server.requests.length, 1)
  t.equal(await client.getToken(), 'token-1', 'later callers get the cached token')
  t.equal(server.requests.length, 1)
})

t.test('token expiry margin', async (t) => {
  const cases = [
    { expiresIn: 300, reuseMs: 270_000 },
    { expiresIn: 3600, reuseMs: 3_240_000 },
    { expiresIn: 20, reuseMs: 10_000 }
  ]
  for (const { expiresIn, reuseMs } of cases) {
    let nowMs = 5_000
    const server = await startTokenServer(t, [expiresIn])
    const client = new TokenClient(tenantFor(server), {
      dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger, now: () => nowMs
    })

    t.equal(await client.getToken(), 'token-1', `${expiresIn} s: first token`)
    nowMs = 5_000 + reuseMs - 1
    t.equal(await client.getToken(), 'token-1', `${expiresIn} s: reused 1 ms before the margin`)
    t.equal(server.requests.length, 1, `${expiresIn} s: one request so far`)
    nowMs = 5_000 + reuseMs
    t.equal(await client.getToken(), 'token-2', `${expiresIn} s: renewed at the margin`)
    t.equal(server.requests.length, 2, `${expiresIn} s: second request`)
  }
})

t.test('token reuse window', async (t) => {
  t.equal(reuseWindowMs(300), 270_000)
  t.equal(reuseWindowMs(3600), 3_240_000)
  t.equal(reuseWindowMs(20), 10_000)
  t.equal(reuseWindowMs(60), 30_000)
  t.equal(reuseWindowMs(0), 0)
  t.equal(reuseWindowMs(undefined), 0)
})

t.test('token without expires_in', async (t) => {
  let issued = 0
  const server = await startServer(t, (request, response) => {
    issued += 1
    sendJson(response, 200, { access_token: `token-${issued}`, token_type: 'bearer' })
  })
  const client = new TokenClient(tenantFor(server), {
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })

  t.equal(await client.getToken(), 'token-1')
  t.equal(await client.getToken(), 'token-2', 'a token without a lifetime is used once')
})

t.test('token invalidate', async (t) => {
  const server = await startTokenServer(t, [300])
  const client = new TokenClient(tenantFor(server), {
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })
  t.equal(await client.getToken(), 'token-1')

  client.invalidate('some-older-token')
  t.equal(await client.getToken(), 'token-1', 'another token leaves the cache alone')
  client.invalidate('token-1')
  t.equal(await client.getToken(), 'token-2')
  t.equal(server.requests.length, 2)
})

t.test('token caller abort', async (t) => {
  const server = await startTokenServer(t, [300], 50)
  const client = new TokenClient(tenantFor(server), {
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })
  const controller = new AbortController()
  const reason = new Error('caller went away')

  const aborted = client.getToken(controller.signal)
  const waiting = client.getToken()
  controller.abort(reason)

  await t.rejects(aborted, reason)
  t.equal(await waiting, 'token-1', 'the shared request goes on for the other caller')
  t.equal(server.requests.length, 1)
})

t.test('token clients registry', async (t) => {
  const server = await startTokenServer(t, [300])
  const clients = new TokenClients({
    dispatcher: createAgent(t), upstream: testUpstream(), logger: captureLogger().logger
  })
  const acme = tenantFor(server)

  const first = clients.forTenant(acme)

  t.equal(clients.forTenant({ ...acme }), first, 'same tenant, same client')
  t.not(clients.forTenant({ ...acme, name: 'globex' }), first, 'another tenant')
  t.not(clients.forTenant({ ...acme, clientSecret: 'rotated' }), first, 'changed secret')
})
