import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

const csv = [
  'intervalStart,queue,offered,aht',
  '2026-01-05T09:00:00Z,Sales,12,245.5',
  '2026-01-05T09:00:00Z,"Support, EMEA",3,0',
  '2026-01-05T10:15:00+01:00,Sales,7,180',
  ''
].join('\r\n')

t.test('csv upload reaches the WFM as one chunk', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: csv
  })

  t.equal(response.statusCode, 200, response.body)
  const summary = response.json()
  t.match(summary.pushToken, /^[0-9a-f-]{36}$/)
  t.match(summary.importId, /^[0-9a-f-]{36}$/)
  t.same({ ...summary, pushToken: 'x', durationMs: 0, importId: 'x' }, {
    pushToken: 'x',
    tenant: 'acme',
    sourceId: 'acd-1',
    interval: 900,
    dryRun: false,
    rows: 3,
    skippedRows: 0,
    filledRows: 0,
    queues: 2,
    firstIntervalStart: '2026-01-05T09:00:00Z',
    lastIntervalStart: '2026-01-05T09:15:00Z',
    chunks: 1,
    chunkBytes: [128],
    bytesSent: 128,
    durationMs: 0,
    importId: 'x',
    state: 'completed'
  })

  const upload = harness.wfm.upload(summary.pushToken)
  t.ok(upload?.completed)
  t.equal(upload?.chunks.length, 1)
  const chunk = upload?.chunks[0]
  t.equal(chunk?.body.toString('utf8'), [
    '2026-01-05T09:00:00Z,acd-1,Sales,12,245.5',
    '2026-01-05T09:00:00Z,acd-1,"Support, EMEA",3,0',
    '2026-01-05T09:15:00Z,acd-1,Sales,7,180',
    ''
  ].join('\n'))
  t.same(chunk?.query, {
    pushToken: summary.pushToken,
    sourceId: 'acd-1',
    lastChunk: 'true',
    historicalDataInterval: '900'
  })
  t.equal(chunk?.headers['content-type'], 'text/csv')
  t.equal(chunk?.headers['tenant-id'], 'acme')
  t.equal(chunk?.headers.authorization, 'Bearer <redacted>')
})

t.test('csv upload with caller pushToken, sourceId and interval', async (t) => {
  const harness = await startHarness(t)
  const pushToken = '0b6f3c1e-8d4a-4c1b-9f7e-2a5d6c7b8e9f'
  const response = await harness.app.inject({
    method: 'POST',
    url: `/v1/tenants/acme/historical-data?pushToken=${pushToken}&sourceId=genesys&interval=1800`,
    headers: { ...harness.authorization(), 'content-type': 'text/csv; charset=utf-8' },
    payload: 'queue,intervalStart,aht,offered\nSales,2026-01-05T09:30:00Z,100,1\n'
  })

  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().pushToken, pushToken)
  const chunk = harness.wfm.upload(pushToken)?.chunks[0]
  t.equal(chunk?.body.toString('utf8'), '2026-01-05T09:30:00Z,genesys,Sales,1,100\n')
  t.same(chunk?.query, { pushToken, sourceId: 'genesys', lastChunk: 'true', historicalDataInterval: '1800' })
})

t.test('csv upload split into chunks of whole rows', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 } })
  const lines: string[] = []
  for (let slot = 0; slot < 96; slot++) {
    const start = new Date(Date.UTC(2026, 0, 5) + slot * 900_000).toISOString().replace('.000Z', 'Z')
    lines.push(`${start},Queue ${slot % 3},${slot},${slot * 1.5}`)
  }
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: `intervalStart,queue,offered,aht\n${lines.join('\n')}\n`
  })

  t.equal(response.statusCode, 200, response.body)
  const summary = response.json()
  const upload = harness.wfm.upload(summary.pushToken)
  const chunks = upload?.chunks ?? []
  t.ok(chunks.length >= 4, `${chunks.length} chunks`)
  t.equal(summary.chunks, chunks.length)
  t.same(chunks.map((chunk) => chunk.query.lastChunk), chunks.map((_, index) => String(index === chunks.length - 1)))
  t.same(new Set(chunks.map((chunk) => chunk.query.pushToken)), new Set([summary.pushToken]))
  for (const chunk of chunks) {
    t.ok(chunk.bodyBytes <= 1024, `chunk of ${chunk.bodyBytes} bytes`)
    t.ok(chunk.body.toString('utf8').endsWith('\n'))
  }
  t.same(summary.chunkBytes, chunks.map((chunk) => chunk.bodyBytes))

  const expected = lines.map((line) => {
    const [start, queue, offered, aht] = line.split(',')
    return `${start ?? ''},acd-1,${queue ?? ''},${offered ?? ''},${aht ?? ''}`
  })
  const received = Buffer.concat(chunks.map((chunk) => chunk.body)).toString('utf8').split('\n')
  t.same(received, [...expected, ''])
})
