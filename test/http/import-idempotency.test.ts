import t from 'tap'
import { generateUpload, injectUpload } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('same idempotency key and body returns the job', async (t) => {
  const harness = await startHarness(t)
  const csv = generateUpload(4).csv
  const headers = { 'idempotency-key': 'nightly-2026-01-05' }
  const first = await injectUpload(harness.app, harness.authorization(), { csv, headers })
  const second = await injectUpload(harness.app, harness.authorization(), { csv, headers })
  const async = await injectUpload(harness.app, harness.authorization(), { csv, headers: { ...headers, prefer: 'respond-async' } })

  t.equal(first.statusCode, 200, first.body)
  t.equal(second.statusCode, 200, second.body)
  t.equal(async.statusCode, 200, 'a completed job answers 200 even with respond-async')
  t.equal(second.json().importId, first.json().importId)
  t.equal(async.json().importId, first.json().importId)
  t.equal(second.json().pushToken, first.json().pushToken)
  t.equal(harness.wfm.uploads().length, 1, 'the WFM got one upload')
  t.equal(harness.wfm.requests().length, 1)
  const spool = await harness.app.inject({ method: 'GET', url: '/v1/tenants/acme/imports', headers: harness.authorization() })
  t.equal(spool.json().imports.length, 1)
})

t.test('same key with another body is a conflict', async (t) => {
  const harness = await startHarness(t)
  const headers = { 'idempotency-key': 'k-1' }
  const first = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(4).csv, headers })
  const cases = [
    { name: 'other rows', csv: generateUpload(5).csv, query: undefined },
    { name: 'other sourceId', csv: generateUpload(4).csv, query: 'sourceId=acd-2' }
  ]
  for (const testCase of cases) {
    const response = await injectUpload(harness.app, harness.authorization(), { csv: testCase.csv, headers, query: testCase.query })
    t.equal(response.statusCode, 409, testCase.name)
    t.same(response.json(), {
      statusCode: 409,
      code: 'WFM_RELAY_IDEMPOTENCY_CONFLICT',
      error: 'Conflict',
      message: `Idempotency-Key "k-1" was already used by this caller for tenant "acme" with a ` +
        `different body or parameters (import ${String(first.json().importId)}); nothing was imported. ` +
        'Send a new key for new data, or repeat the original request unchanged',
      importId: first.json().importId
    }, testCase.name)
  }
  t.equal(harness.wfm.requests().length, 1)
})

t.test('keys are scoped per caller', async (t) => {
  const harness = await startHarness(t)
  const csv = generateUpload(2).csv
  const headers = { 'idempotency-key': 'shared-key' }
  const first = await injectUpload(harness.app, harness.authorization(), { csv, headers })
  const other = await injectUpload(harness.app, harness.authorization(harness.narrowKey), { csv, headers })
  t.equal(other.statusCode, 200, other.body)
  t.not(other.json().importId, first.json().importId)
  t.equal(harness.wfm.uploads().length, 2)
})

t.test('caller pushToken acts as the key', async (t) => {
  const harness = await startHarness(t)
  const pushToken = '0b6f3c1e-8d4a-4c1b-9f7e-2a5d6c7b8e9f'
  const first = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(3).csv, query: `pushToken=${pushToken}` })
  const again = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(3).csv, query: `pushToken=${pushToken.toUpperCase()}` })
  const different = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(1).csv, query: `pushToken=${pushToken}` })

  t.equal(again.statusCode, 200, again.body)
  t.equal(again.json().importId, first.json().importId)
  t.equal(different.statusCode, 409)
  t.match(different.json().message, /^pushToken 0b6f3c1e-8d4a-4c1b-9f7e-2a5d6c7b8e9f was already used/)
  t.equal(harness.wfm.requests().length, 1)
})

t.test('invalid idempotency key is rejected', async (t) => {
  const harness = await startHarness(t)
  for (const key of [' leading-space', 'x'.repeat(256), 'tab\there']) {
    const response = await injectUpload(harness.app, harness.authorization(), {
      csv: generateUpload(1).csv, headers: { 'idempotency-key': key }
    })
    t.equal(response.statusCode, 400, JSON.stringify(key))
    t.equal(response.json().code, 'WFM_RELAY_INVALID_PARAMETER')
  }
  t.same(harness.wfm.requests(), [])
})
