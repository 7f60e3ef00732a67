import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvHeader, csvRow, uploadUrl } from './corpus.js'

const rows = csvHeader + Array.from({ length: 60 }, (_, slot) => csvRow(slot)).join('')

t.test('request values reach the WFM only as query values', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'], tenantConfig: { maxChunkBytes: 1024 } })
  const sourceIds = [
    'acd&lastChunk=true',
    'acd&pushToken=00000000-0000-4000-8000-000000000000&historicalDataInterval=60',
    'a b/c?d#e%20f',
    '../../../_rest/admin',
    'Zürich ☎ 東京',
    'acd;lastChunk=true',
    '=HYPERLINK("http://evil.example")'
  ]

  for (const sourceId of sourceIds) {
    const response = await harness.app.inject({
      method: 'POST',
      url: `${uploadUrl}?sourceId=${encodeURIComponent(sourceId)}`,
      headers: {
        ...harness.authorization(),
        'content-type': 'text/csv',
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'tenant-id': 'globex',
        'x-original-url': '/_rest/admin',
        forwarded: 'host=evil.example'
      },
      payload: rows
    })
    t.equal(response.statusCode, 200, `${sourceId}: ${response.body.slice(0, 200)}`)
    const upload = harness.wfm.upload(response.json().pushToken)
    const chunks = upload?.chunks ?? []
    t.ok(chunks.length >= 2, `${sourceId}: ${chunks.length} chunks`)
    t.equal(upload?.tenant, 'acme', `${sourceId}: tenant from the config`)
    chunks.forEach((chunk, index) => {
      t.same(chunk.query, {
        pushToken: response.json().pushToken,
        sourceId,
        lastChunk: String(index === chunks.length - 1),
        historicalDataInterval: '900'
      }, `${sourceId}: query of chunk ${index + 1}`)
      t.equal(chunk.headers['tenant-id'], 'acme', `${sourceId}: Tenant-ID of chunk ${index + 1}`)
      t.equal(chunk.headers['x-forwarded-host'], undefined, 'no caller header is forwarded')
      t.equal(chunk.headers['x-original-url'], undefined, 'no caller header is forwarded')
      t.equal(chunk.headers.forwarded, undefined, 'no caller header is forwarded')
      t.equal(chunk.headers.host, new URL(harness.wfm.url).host, 'the host of the configured URL')
    })
  }

  const requests = harness.wfm.requests()
  t.same(new Set(requests.map((request) => request.path)), new Set(['/_rest/forecasting/historical-data/historical-data-push']),
    'every request went to the configured path')
  t.equal(harness.wfm.uploads().filter((upload) => upload.tenant === 'globex').length, 0, 'nothing reached globex')
})

t.test('header injection in sourceId is rejected', async (t) => {
  const harness = await startHarness(t)
  for (const sourceId of ['acd\r\nTenant-ID: globex', 'acd\nx', 'acd\u0000', 'acd\u0085', 'acd\u001b[31m']) {
    const response = await harness.app.inject({
      method: 'POST',
      url: `${uploadUrl}?sourceId=${encodeURIComponent(sourceId)}`,
      headers: { ...harness.authorization(), 'content-type': 'text/csv' },
      payload: rows
    })
    t.equal(response.statusCode, 400, JSON.stringify(sourceId))
    t.equal(response.json().code, 'WFM_RELAY_INVALID_PARAMETER', JSON.stringify(sourceId))
  }
  t.same(harness.wfm.requests(), [])
})
