import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const csv = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'

function metricValue (text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

t.test('metrics count uploads and token requests', async (t) => {
  const harness = await startHarness(t)
  const upload = async (payload: string) => await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload
  })
  t.equal((await upload(csv)).statusCode, 200)
  t.equal((await upload(csv)).statusCode, 200)
  t.equal((await upload('intervalStart,queue,offered,aht\nbad,Sales,1,1\n')).statusCode, 400)
  await harness.app.inject({ method: 'POST', url: '/v1/tenants/unknown/historical-data', headers: harness.authorization() })

  const response = await harness.app.inject({ method: 'GET', url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain/)
  const text = response.body
  t.equal(metricValue(text, 'wfm_relay_uploads_total{tenant="acme",outcome="completed"}'), 2)
  t.equal(metricValue(text, 'wfm_relay_uploads_total{tenant="acme",outcome="rejected"}'), 1)
  t.notMatch(text, /tenant="unknown"/, 'no label from an unknown tenant in the path')
  t.equal(metricValue(text, 'wfm_relay_token_requests_total{tenant="acme",outcome="issued"}'), 1)
  t.equal(metricValue(text, 'wfm_relay_upstream_request_duration_seconds_count{tenant="acme",endpoint="token",status_class="2xx"}'), 1)
  const tokenAge = metricValue(text, 'wfm_relay_token_age_seconds{tenant="acme"}')
  t.ok(tokenAge !== undefined && tokenAge >= 0 && tokenAge < 60, `token age ${String(tokenAge)}`)
  t.equal(metricValue(text, 'wfm_relay_spool_bytes'), 0)
  t.equal(metricValue(text, 'wfm_relay_rows_accepted_total{tenant="acme"}'), 2)
  t.equal(metricValue(text, 'wfm_relay_bytes_accepted_total{tenant="acme"}'), 76)
  t.equal(metricValue(text, 'wfm_relay_chunks_sent_total{tenant="acme"}'), 2)
  t.equal(metricValue(text, 'wfm_relay_bytes_sent_total{tenant="acme"}'), 76)
  t.equal(metricValue(text, 'wfm_relay_upstream_request_duration_seconds_count{tenant="acme",endpoint="push",status_class="2xx"}'), 2)
  t.equal(metricValue(text, 'wfm_relay_jobs{state="completed"}'), 2)
  t.equal(metricValue(text, 'wfm_relay_jobs{state="failed"}'), 0)
  t.match(text, /wfm_relay_process_resident_memory_bytes/)
})

t.test('metrics count token retries', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { tokenUrl: 'http://127.0.0.1:9/auth/realms/acme/protocol/openid-connect/token' }, wfmConfig: { maxAttempts: 2 } })
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })
  t.equal(response.statusCode, 503)
  t.equal(response.json().code, 'WFM_RELAY_TOKEN_UNREACHABLE')
  const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body
  t.equal(metricValue(text, 'wfm_relay_retries_total{tenant="acme",endpoint="token",reason="network"}'), 1)
  t.equal(metricValue(text, 'wfm_relay_token_requests_total{tenant="acme",outcome="unavailable"}'), 1)
  t.equal(metricValue(text, 'wfm_relay_uploads_total{tenant="acme",outcome="failed"}'), 1)
})

t.test('metrics count push retries', async (t) => {
  const harness = await startHarness(t)
  harness.wfm.failNext(1, 503)
  harness.wfm.forceResponses()
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })
  t.equal(response.statusCode, 200, response.body)
  const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body
  t.equal(metricValue(text, 'wfm_relay_retries_total{tenant="acme",endpoint="push",reason="503"}'), 1)
  t.equal(metricValue(text, 'wfm_relay_upstream_request_duration_seconds_count{tenant="acme",endpoint="push",status_class="5xx"}'), 1)
})
