import t, { type Test } from 'tap'
import { TokenClient } from '../../src/wfm/token-client.js'
import {
  captureLogger, closedPortUrl, createAgent, rejectsWith, sendJson, sendText, startServer,
  testUpstream,
  type CapturedLogger, type Handler, type TestServer
} from './fixtures/servers.js'

const tokenPath = '/auth/realms/acme/protocol/openid-connect/token'
const secret = 'client-secret-value'
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZWxheSJ9.c2lnbmF0dXJl'

interface Setup {
  server: TestServer
  client: TokenClient
  log: CapturedLogger
}

async function setup (t: Test, handler: Handler, upstream = testUpstream()): Promise<Setup> {
  const server = await startServer(t, handler)
  const log = captureLogger()
  const client = new TokenClient(
    { name: 'acme', tokenUrl: server.origin + tokenPath, clientId: 'relay-client', clientSecret: secret },
    { dispatcher: createAgent(t), upstream, logger: log.logger }
  )
  return { server, client, log }
}

t.test('token invalid_client', async (t) => {
  const { server, client } = await setup(t, (request, response) => {
    sendJson(response, 401, {
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials'
    })
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    statusCode: 502,
    message: 'The token endpoint rejected the client of tenant "acme" with status 401 ' +
      '(invalid_client); check clientId and clientSecret',
    upstream: {
      status: 401,
      excerpt: '{"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}'
    }
  })
  t.equal(server.requests.length, 1, 'no retry')
})

t.test('token unauthorized_client', async (t) => {
  const { server, client } = await setup(t, (request, response) => {
    sendJson(response, 400, {
      error: 'unauthorized_client',
      error_description: 'Client not enabled to retrieve service account'
    })
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    message: 'The token endpoint rejected the client of tenant "acme" with status 400 ' +
      '(unauthorized_client); enable "Service accounts" (the client credentials grant) for the ' +
      'client, a client of type "Historical data import"'
  })
  t.equal(server.requests.length, 1)
})

t.test('token 503 then success', async (t) => {
  const { server, client, log } = await setup(t, (request, response) => {
    if (server.requests.length <= 2) {
      sendText(response, 503, 'Service Unavailable')
      return
    }
    sendJson(response, 200, { access_token: 'fresh', expires_in: 300, token_type: 'bearer' })
  })

  t.equal(await client.getToken(), 'fresh')

  t.equal(server.requests.length, 3)
  const warnings = log.entries().filter((entry) => entry.level === 40)
  t.same(warnings.map((entry) => [entry.tenant, entry.attempt, entry.maxAttempts, entry.status, entry.msg]), [
    ['acme', 1, 3, 503, 'Token request failed; retrying'],
    ['acme', 2, 3, 503, 'Token request failed; retrying']
  ])
})

t.test('token 404', async (t) => {
  const { server, client } = await setup(t, (request, response) => {
    sendText(response, 404, '<html><body>Realm does not exist</body></html>')
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    message: 'The token endpoint of tenant "acme" returned 404; check tokenUrl and the realm name',
    upstream: { status: 404, excerpt: '<html><body>Realm does not exist</body></html>' }
  })
  t.equal(server.requests.length, 1)
})

t.test('token garbage response', async (t) => {
  const { server, client } = await setup(t, (request, response) => {
    sendText(response, 200, '<html>login page</html>')
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    message: 'The token endpoint of tenant "acme" returned status 200 without a usable token ' +
      '(the response is not JSON); check that tokenUrl is the realm\'s OpenID Connect token endpoint',
    upstream: { status: 200, excerpt: '<html>login page</html>' }
  })
  t.equal(server.requests.length, 1)
})

t.test('token wrong type redacted', async (t) => {
  const { client } = await setup(t, (request, response) => {
    sendJson(response, 200, { access_token: jwt, expires_in: 300, token_type: 'mac' })
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    message: 'The token endpoint of tenant "acme" returned status 200 without a usable token ' +
      '(token_type is "mac", not "bearer"); check that tokenUrl is the realm\'s OpenID Connect ' +
      'token endpoint',
    upstream: { status: 200, excerpt: '{"access_token":"[redacted]","expires_in":300,"token_type":"mac"}' }
  })
})

t.test('token error echoes secret', async (t) => {
  const { client } = await setup(t, (request, response) => {
    sendText(response, 403, `denied for ${request.body.toString()} and Bearer ${jwt}`)
  })

  const error = await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_REJECTED',
    upstream: {
      status: 403,
      excerpt: 'denied for grant_type=client_credentials&client_id=relay-client&client_secret=[redacted] ' +
        'and Bearer [redacted]'
    }
  })
  t.notMatch(error.message, secret)
})

t.test('token connection refused', async (t) => {
  const log = captureLogger()
  const tokenUrl = await closedPortUrl(tokenPath)
  const client = new TokenClient(
    { name: 'acme', tokenUrl, clientId: 'relay-client', clientSecret: secret },
    { dispatcher: createAgent(t), upstream: testUpstream(), logger: log.logger }
  )

  const error = await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_UNREACHABLE',
    statusCode: 503,
    message: `The token endpoint of tenant "acme" (${tokenUrl}) could not be reached ` +
      '(ECONNREFUSED) after 3 attempts; check tokenUrl and the network, or try again later'
  })
  t.equal(error.upstream, undefined, 'no upstream response')
  t.same(log.entries().map((entry) => entry.code), ['ECONNREFUSED', 'ECONNREFUSED'])
})

t.test('token endpoint never responds', async (t) => {
  const { server, client } = await setup(t, () => {}, testUpstream({ tokenTimeoutMs: 100, maxAttempts: 2 }))
  const started = performance.now()

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_TIMEOUT',
    statusCode: 504,
    message: `The token endpoint of tenant "acme" (${server.origin}${tokenPath}) did not respond ` +
      'within 100 ms after 2 attempts; check that it is reachable from the relay or raise tokenTimeoutMs'
  })
  t.equal(server.requests.length, 2)
  t.ok(performance.now() - started >= 190, 'each attempt waited for its deadline')
})

t.test('token 503 exhausted', async (t) => {
  const { server, client } = await setup(t, (request, response) => {
    sendJson(response, 503, { error: 'temporarily_unavailable' }, { 'retry-after': '0' })
  })

  await rejectsWith(t, client.getToken(), {
    code: 'WFM_RELAY_TOKEN_UNREACHABLE',
    statusCode: 503,
    message: `The token endpoint of tenant "acme" (${server.origin}${tokenPath}) responded with status 503 ` +
      'after 3 attempts; check tokenUrl and the network, or try again later',
    upstream: { status: 503, excerpt: '{"error":"temporarily_unavailable"}' }
  })
  t.equal(server.requests.length, 3)
})

t.test('token 429 retry-after', async (t) => {
  const upstream = testUpstream({ retryBaseDelayMs: 1, retryMaxDelayMs: 80 })
  const { server, client, log } = await setup(t, (request, response) => {
    if (server.requests.length === 1) {
      sendJson(response, 429, { error: 'slow_down' }, { 'retry-after': '5' })
      return
    }
    sendJson(response, 200, { access_token: 'after-wait', expires_in: 300, token_type: 'Bearer' })
  }, upstream)
  const started = performance.now()

  t.equal(await client.getToken(), 'after-wait')

  t.ok(performance.now() - started >= 75, 'waited for Retry-After, capped by retryMaxDelayMs')
  t.same(log.entries().filter((entry) => entry.level === 40).map((entry) => entry.delayMs), [80])
})

t.test('token logs no secrets', async (t) => {
  const { client, log } = await setup(t, (request, response) => {
    sendJson(response, 200, { access_token: jwt, expires_in: 300, token_type: 'Bearer' })
  })

  t.equal(await client.getToken(), jwt)

  t.equal(log.entries().length, 1, 'the debug line of the new token')
  t.notMatch(log.text(), jwt)
  t.notMatch(log.text(), secret)
})
