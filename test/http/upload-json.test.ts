import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const rows = [
  { intervalStart: '2026-01-05T09:00:00Z', queue: 'Sales', offered: 12, aht: 245.5 },
  { intervalStart: '2026-01-05T09:00:00Z', queue: 'Billing', offered: 0, aht: 0 }
]
const expectedBody = '2026-01-05T09:00:00Z,acd-1,Sales,12,245.5\n2026-01-05T09:00:00Z,acd-1,Billing,0,0\n'

t.test('json rows reach the WFM', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: harness.authorization(),
    payload: { rows }
  })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().rows, 2)
  t.equal(harness.wfm.upload(response.json().pushToken)?.chunks[0]?.body.toString('utf8'), expectedBody)
})

t.test('ndjson rows reach the WFM', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'application/x-ndjson' },
    payload: `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`
  })
  t.equal(response.statusCode, 200, response.body)
  t.equal(harness.wfm.upload(response.json().pushToken)?.chunks[0]?.body.toString('utf8'), expectedBody)
})

t.test('json with unknown field is rejected', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: harness.authorization(),
    payload: { rows: [{ ...rows[0], handled: 3 }] }
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_ROWS')
  t.equal(response.json().errors[0].line, 1)
  t.equal(response.json().errors[0].field, 'handled')
  t.same(harness.wfm.requests(), [])
})

t.test('json with prototype keys is rejected harmlessly', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'application/json' },
    payload: '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":1,"aht":1,"__proto__":{"polluted":true}}]}'
  })
  t.equal(response.statusCode, 400)
  t.match(response.json().code, /^WFM_RELAY_INVALID_(JSON|ROWS)$/)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.same(harness.wfm.requests(), [])
})

t.test('malformed json is a 400', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'application/json' },
    payload: '{"rows":[{"intervalStart":'
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_JSON')
})

t.test('json without rows array is a 400', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: harness.authorization(),
    payload: [rows[0]]
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_BODY')
})
