import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const csv = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'

t.test('logs never contain keys, secrets or tokens', async (t) => {
  const harness = await startHarness(t, { rawAuthorization: true })
  const send = async (headers: Record<string, string>, payload = csv, url = '/v1/tenants/acme/historical-data') =>
    await harness.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/csv', ...headers }, payload })

  t.equal((await send(harness.authorization())).statusCode, 200)
  harness.wfm.forceResponses({ status: 401 })
  t.equal((await send(harness.authorization())).statusCode, 200)
  harness.wfm.forceResponses({ status: 400, body: 'bad chunk' })
  t.equal((await send(harness.authorization())).statusCode, 502)
  t.equal((await send(harness.authorization('wrong-key-123'))).statusCode, 401)
  t.equal((await send(harness.authorization(), 'intervalStart,queue,offered,aht\nbad,,x,y\n')).statusCode, 400)
  t.equal((await send(harness.authorization(), csv, '/v1/tenants/acme/historical-data?interval=7')).statusCode, 400)

  const tokens = harness.wfm.requests()
    .map((request) => request.headers.authorization?.replace(/^Bearer /, ''))
    .filter((token): token is string => token !== undefined && token.length > 20)
  t.ok(tokens.length >= 2, 'the relay used real tokens')

  const secrets = [harness.apiKey, harness.narrowKey, 'wrong-key-123', harness.clientSecrets.acme ?? '', ...tokens]
  const log = harness.logLines.join('\n')
  t.ok(harness.logLines.length > 10, `${harness.logLines.length} log lines captured`)
  for (const secret of secrets) {
    t.notOk(log.includes(secret), `log does not contain ${secret.slice(0, 6)}...`)
  }
  t.notOk(/eyJ[A-Za-z0-9_-]{10,}\./.test(log), 'log contains no JWT')
})
