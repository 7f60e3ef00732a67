import { createServer, type Server, type Socket } from 'node:net'
import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvHeader, csvRow, uploadUrl } from './corpus.js'

async function listen (server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Returns a port that refuses connections, because a server listened on it and closed. */
async function closedPort (): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts a server that accepts connections and never responds. */
async function silentServer (t: { teardown: (fn: () => Promise<void>) => void }): Promise<number> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => { sockets.add(socket) })
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return await listen(server)
}

t.test('logs of every error path hold no secret', async (t) => {
  const tokenPath = '/auth/realms/x/protocol/openid-connect/token'
  const harness = await startHarness(t, {
    tenants: ['acme', 'down', 'wrong', 'slow'],
    rawAuthorization: true,
    wfmConfig: { tokenTimeoutMs: 300, requestTimeoutMs: 300, maxAttempts: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10 },
    tenantOverrides: {
      down: { tokenUrl: `http://127.0.0.1:${await closedPort()}${tokenPath}` },
      wrong: { clientId: 'relay-unknown-client' },
      slow: { tokenUrl: `http://127.0.0.1:${await silentServer(t)}${tokenPath}` }
    }
  })
  const upload = async (tenant: string, headers: Record<string, string> = harness.authorization(), query = ''): Promise<number> => {
    const response = await harness.app.inject({
      method: 'POST',
      url: `/v1/tenants/${tenant}/historical-data${query}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csvHeader + csvRow(Math.floor(Math.random() * 5000))
    })
    return response.statusCode
  }

  t.equal(await upload('acme'), 200, 'a normal upload')
  harness.wfm.forceResponses({ status: 401 })
  t.equal(await upload('acme'), 200, 'WFM 401 once: a new token and a resend')
  harness.wfm.forceResponses({ status: 401 }, { status: 401 })
  t.ok(await upload('acme') >= 500, 'WFM 401 twice')
  harness.wfm.forceResponses({ status: 400, body: { error: 'bad_request', message: 'Authorization header rejected' } })
  t.ok(await upload('acme') >= 500, 'WFM 400')
  harness.wfm.forceResponses({ status: 403, body: 'forbidden' })
  t.ok(await upload('acme') >= 500, 'WFM 403')
  harness.wfm.forceResponses({ status: 500 }, { status: 503, headers: { 'retry-after': '0' } })
  t.ok(await upload('acme') >= 500, 'WFM 5xx')
  harness.wfm.forceResponses({ status: 200, delayMs: 1_000 }, { status: 200, delayMs: 1_000 })
  t.ok(await upload('acme') >= 500, 'WFM timeout')
  t.ok(await upload('down') >= 500, 'token endpoint refuses connections')
  t.ok(await upload('wrong') >= 500, 'token endpoint answers invalid_client')
  t.ok(await upload('slow') >= 500, 'token endpoint never answers')

  const wrongKey = 'wrong-key-0123456789abcdef'
  t.equal(await upload('acme', harness.authorization(wrongKey)), 401, 'unknown key')
  t.equal(await upload('acme', { authorization: `Basic ${Buffer.from(`user:${wrongKey}`).toString('base64')}` }), 401, 'basic credentials')
  t.equal(await upload('acme', {}, `?apiKey=${harness.apiKey}`), 401, 'key in the query string')
  t.equal(await upload('acme', { 'x-api-key': harness.narrowKey }), 401, 'key in another header')
  for (const tenant of ['acme', 'down', 'wrong']) {
    await harness.app.inject({ method: 'GET', url: `/v1/tenants/${tenant}/check`, headers: harness.authorization() })
  }
  await harness.app.inject({ method: 'GET', url: '/v1/tenants/acme/imports', headers: harness.authorization() })

  const tokens = harness.wfm.requests()
    .map((request) => request.headers.authorization?.replace(/^Bearer /, ''))
    .filter((token): token is string => token !== undefined && token.length > 20)
  t.ok(tokens.length >= 3, `the relay used ${tokens.length} real tokens`)

  const secrets = [
    harness.apiKey, harness.narrowKey, wrongKey, Buffer.from(`user:${wrongKey}`).toString('base64'),
    ...Object.values(harness.clientSecrets), ...tokens
  ]
  const log = harness.logLines.join('\n')
  t.ok(harness.logLines.length > 50, `${harness.logLines.length} log lines captured`)
  for (const secret of secrets) {
    t.notOk(log.includes(secret), `log does not contain ${secret.slice(0, 6)}...`)
  }
  t.notOk(/eyJ[A-Za-z0-9_-]{10,}\./.test(log), 'log contains no JWT')
  t.notOk(/Bearer [A-Za-z0-9._~+/-]{8,}/.test(log), 'log contains no bearer credentials')
  t.match(log, /token_endpoint|identity provider|invalid_client|ECONNREFUSED/i, 'the token failures were logged')
})
