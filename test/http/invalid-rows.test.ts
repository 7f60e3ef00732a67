import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

t.test('invalid rows reject the whole upload', async (t) => {
  const harness = await startHarness(t)
  const csv = [
    'intervalStart,queue,offered,aht',
    '2026-01-05T09:00:00Z,Sales,12,245.5',
    '2026-01-05T09:00:00,Sales,1,1',
    '2026-01-05T09:15:00Z,Sales,12.5,245,5',
    '2026-01-05T09:15:00Z,Billing,1,1',
    '2026-01-05T09:07:00Z,Billing,1,1',
    '2026-01-05T09:00:00Z,Sales,3,3',
    ''
  ].join('\n')
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })

  t.equal(response.statusCode, 400)
  const body = response.json()
  t.equal(body.code, 'WFM_RELAY_INVALID_ROWS')
  const fieldsByLine = body.errors.map((error: { line: number, field: string }) => `${error.line}:${error.field}`)
  t.ok(fieldsByLine.includes('3:intervalStart'), 'timestamp without offset on line 3')
  t.ok(fieldsByLine.some((entry: string) => entry.startsWith('4:')), 'ragged or bad numbers on line 4')
  t.ok(fieldsByLine.includes('6:intervalStart'), 'off-boundary start on line 6')
  t.ok(fieldsByLine.some((entry: string) => entry.startsWith('7:')), 'duplicate on line 7')
  const duplicate = body.errors.find((error: { line: number }) => error.line === 7)
  t.match(duplicate.message, /line 2/, 'duplicate names the first line')
  t.equal(body.errorCount, body.errors.length)

  t.same(harness.wfm.requests(), [], 'the WFM got no request')
  t.equal(harness.idp.tokenRequests('acme'), 0, 'no token was requested')
})

t.test('error list is capped but counted', async (t) => {
  const harness = await startHarness(t, { limits: { maxReportedErrors: 100 } })
  const lines = ['intervalStart,queue,offered,aht']
  for (let index = 0; index < 250; index++) lines.push(`2026-01-05T09:00:00Z,Q${index},-1,1`)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: lines.join('\n')
  })

  t.equal(response.statusCode, 400)
  t.equal(response.json().errors.length, 100)
  t.equal(response.json().errorCount, 250)
  t.same(response.json().errors[0], {
    line: 2, field: 'offered', value: '-1', message: response.json().errors[0].message
  })
  t.same(harness.wfm.requests(), [])
})

t.test('missing column is named', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: 'intervalStart,queue,offered\n2026-01-05T09:00:00Z,Sales,1\n'
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_MISSING_COLUMN')
  t.match(response.json().message, /aht/)
  t.same(harness.wfm.requests(), [])
})

t.test('header without rows is an empty upload', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: 'intervalStart,queue,offered,aht\n\n'
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_EMPTY_UPLOAD')
  t.same(harness.wfm.requests(), [])
})
