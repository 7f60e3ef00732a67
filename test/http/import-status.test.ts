import t from 'tap'
import { generateUpload, injectUpload } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('import status shows every field', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  harness.wfm.failNext(1, 503)
  const upload = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(30).csv })
  t.equal(upload.statusCode, 200, upload.body)
  const id = String(upload.json().importId)

  const response = await harness.app.inject({ method: 'GET', url: `/v1/imports/${id}`, headers: harness.authorization() })
  t.equal(response.statusCode, 200)
  const status = response.json()
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
  for (const field of ['createdAt', 'updatedAt', 'startedAt', 'finishedAt']) t.match(status[field], iso, field)
  t.same(status.chunkList.map((chunk: Record<string, unknown>) => [chunk.index, chunk.state, chunk.attempts]),
    [[1, 'sent', 2], [2, 'sent', 1]])
  t.match(status.chunkList[0].sentAt, iso)
  t.same({ ...status, createdAt: 0, updatedAt: 0, startedAt: 0, finishedAt: 0, chunkList: [] }, {
    importId: id,
    tenant: 'acme',
    state: 'completed',
    pushToken: upload.json().pushToken,
    sourceId: 'acd-1',
    interval: 900,
    rows: 30,
    bytes: upload.json().chunkBytes[0] + upload.json().chunkBytes[1],
    chunks: 2,
    chunksSent: 2,
    attempts: 3,
    createdAt: 0,
    updatedAt: 0,
    startedAt: 0,
    finishedAt: 0,
    chunkList: []
  })
})

t.test('imports of other tenants are not found', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  const upload = await injectUpload(harness.app, harness.authorization(), { tenant: 'globex', csv: generateUpload(1).csv })
  t.equal(upload.statusCode, 200, upload.body)
  const id = String(upload.json().importId)

  const cases = [
    { name: 'caller without globex', url: `/v1/imports/${id}`, key: harness.narrowKey },
    { name: 'unknown id', url: '/v1/imports/00000000-0000-4000-8000-000000000000', key: harness.apiKey },
    { name: 'id that is no uuid', url: '/v1/imports/..%2Fspool', key: harness.apiKey },
    { name: 'retry without globex', url: `/v1/imports/${id}/retry`, key: harness.narrowKey, method: 'POST' as const }
  ]
  for (const testCase of cases) {
    const response = await harness.app.inject({
      method: testCase.method ?? 'GET', url: testCase.url, headers: harness.authorization(testCase.key)
    })
    t.equal(response.statusCode, 404, testCase.name)
    t.equal(response.json().code, 'WFM_RELAY_NOT_FOUND', testCase.name)
  }
  const missingKey = await harness.app.inject({ method: 'GET', url: `/v1/imports/${id}` })
  t.equal(missingKey.statusCode, 401)
  const visible = await harness.app.inject({ method: 'GET', url: `/v1/imports/${id}`, headers: harness.authorization() })
  t.equal(visible.statusCode, 200)
})

t.test('tenant import list pages newest first', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'] })
  const ids: string[] = []
  for (let index = 1; index <= 5; index++) {
    const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(index).csv })
    ids.push(String(response.json().importId))
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  harness.wfm.forceResponses({ status: 422, body: { message: 'queue unknown' } })
  const failed = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(6).csv })
  t.equal(failed.statusCode, 502)
  await injectUpload(harness.app, harness.authorization(), { tenant: 'globex', csv: generateUpload(1).csv })

  const list = async (query: string) => await harness.app.inject({
    method: 'GET', url: `/v1/tenants/acme/imports?${query}`, headers: harness.authorization()
  })
  const first = (await list('limit=2')).json()
  t.same(first.imports.map((job: { importId: string }) => job.importId), [failed.json().importId, ids[4]])
  t.equal(first.imports[0].chunkList, undefined, 'lists carry no chunk details')
  const second = (await list(`limit=2&cursor=${String(first.nextCursor)}`)).json()
  t.same(second.imports.map((job: { importId: string }) => job.importId), [ids[3], ids[2]])
  const rest = (await list(`limit=10&cursor=${String(second.nextCursor)}`)).json()
  t.same(rest.imports.map((job: { importId: string }) => job.importId), [ids[1], ids[0]])
  t.equal(rest.nextCursor, undefined)

  const failedOnly = (await list('state=failed')).json()
  t.same(failedOnly.imports.map((job: { importId: string }) => job.importId), [failed.json().importId])
  t.equal(failedOnly.imports[0].lastError.code, 'WFM_RELAY_WFM_REJECTED')

  t.equal((await list('state=done')).statusCode, 400)
  t.equal((await list('limit=0')).statusCode, 400)
  t.equal((await list('cursor=abc')).json().code, 'WFM_RELAY_INVALID_PARAMETER')
  const forbidden = await harness.app.inject({
    method: 'GET', url: '/v1/tenants/globex/imports', headers: harness.authorization(harness.narrowKey)
  })
  t.equal(forbidden.statusCode, 403)
})
