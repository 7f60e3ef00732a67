import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvHeader, csvRow } from './corpus.js'

t.test('import of another tenant answers 404', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  harness.wfm.forceResponses({ status: 400, body: 'rejected' })
  const upload = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/globex/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csvHeader + csvRow(0)
  })
  const importId = upload.json().importId as string
  t.type(importId, 'string', `the upload became import ${importId}`)

  const own = await harness.app.inject({ method: 'GET', url: `/v1/imports/${importId}`, headers: harness.authorization() })
  t.equal(own.statusCode, 200, 'the caller of globex sees it')

  const unknownId = randomUUID()
  const cases = [
    { name: 'status', method: 'GET' as const, url: `/v1/imports/${importId}`, unknown: `/v1/imports/${unknownId}` },
    { name: 'retry', method: 'POST' as const, url: `/v1/imports/${importId}/retry`, unknown: `/v1/imports/${unknownId}/retry` }
  ]
  for (const testCase of cases) {
    const foreign = await harness.app.inject({ method: testCase.method, url: testCase.url, headers: harness.authorization(harness.narrowKey) })
    const unknown = await harness.app.inject({ method: testCase.method, url: testCase.unknown, headers: harness.authorization(harness.narrowKey) })
    t.equal(foreign.statusCode, 404, `${testCase.name}: another tenant's import is 404`)
    t.equal(foreign.json().code, 'WFM_RELAY_NOT_FOUND', testCase.name)
    t.same({ ...foreign.json(), message: foreign.json().message.replace(importId, 'ID') },
      { ...unknown.json(), message: unknown.json().message.replace(unknownId, 'ID') },
      `${testCase.name}: the same answer as an unknown id`)
  }

  const history = await harness.app.inject({ method: 'GET', url: '/v1/tenants/globex/imports', headers: harness.authorization(harness.narrowKey) })
  t.equal(history.statusCode, 403, 'the history of a named tenant the caller may not write to is 403')
  t.equal(history.json().code, 'WFM_RELAY_FORBIDDEN')
  const ownHistory = await harness.app.inject({ method: 'GET', url: '/v1/tenants/acme/imports', headers: harness.authorization(harness.narrowKey) })
  t.equal(ownHistory.statusCode, 200)
  t.same(ownHistory.json().imports, [], 'the own history shows nothing of globex')

  const check = await harness.app.inject({ method: 'GET', url: '/v1/tenants/globex/check', headers: harness.authorization(harness.narrowKey) })
  t.equal(check.statusCode, 403, 'the tenant check of another tenant is 403')
  t.equal(harness.idp.tokenRequests('globex'), 1, 'only the upload fetched a globex token')
})

t.test('rotated keys both work until removed', async (t) => {
  const oldKey = `old-${randomUUID()}`
  const newKey = `new-${randomUUID()}`
  const { sha256Hex } = await import('../../src/auth/api-keys.js')
  const send = async (app: Awaited<ReturnType<typeof startHarness>>['app'], key: string): Promise<number> => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/tenants/acme/historical-data?dryRun=true',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      payload: csvHeader + csvRow(0)
    })
    return response.statusCode
  }

  const rotating = await startHarness(t, { callerConfig: { etl: { keySha256: [sha256Hex(oldKey), sha256Hex(newKey)] } } })
  t.equal(await send(rotating.app, oldKey), 200, 'the old key works during the rotation')
  t.equal(await send(rotating.app, newKey), 200, 'the new key works during the rotation')
  t.equal(await send(rotating.app, sha256Hex(newKey)), 401, 'the stored digest is not a key')
  t.equal(await send(rotating.app, newKey.toUpperCase()), 401, 'keys are compared exactly')

  const rotated = await startHarness(t, { callerConfig: { etl: { keySha256: [sha256Hex(newKey)] } } })
  t.equal(await send(rotated.app, oldKey), 401, 'the removed key is rejected')
  t.equal(await send(rotated.app, newKey), 200, 'the new key works')
})
