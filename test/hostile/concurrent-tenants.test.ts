import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvCases, streamOf } from './cases/csv-cases.js'
import { jsonCases } from './cases/json-cases.js'
import { multipartCases } from './cases/multipart-cases.js'
import { csvHeader, csvRow } from './corpus.js'

t.test('hostile uploads leave a good upload unchanged', async (t) => {
  const harness = await startHarness(t, { tenants: ['acme', 'globex'], tenantConfig: { maxChunkBytes: 64 * 1024 } })
  const queues = ['Sales', 'Support, EMEA', 'Billing "VIP"', 'Café']
  const quote = (queue: string): string => /[",]/.test(queue) ? `"${queue.replaceAll('"', '""')}"` : queue
  const rows = Array.from({ length: 8000 }, (_, index) => ({
    start: csvRow(Math.floor(index / queues.length)).split(',')[0] ?? '',
    queue: quote(queues[index % queues.length] ?? ''),
    offered: index % 97,
    aht: (index % 13) * 10.5
  }))
  const body = csvHeader + rows.map((row) => `${row.start},${row.queue},${row.offered},${row.aht}\n`).join('')

  const good = harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/globex/historical-data',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    payload: streamOf(body)
  })

  const hostile = [...csvCases, ...jsonCases, ...multipartCases].filter((_, index) => index % 3 === 0)
  const answers = await Promise.all(hostile.map(async (hostileCase) => {
    const payload = typeof hostileCase.body === 'function' ? hostileCase.body() : hostileCase.body
    const response = await harness.app.inject({
      method: 'POST',
      url: hostileCase.url ?? '/v1/tenants/acme/historical-data',
      headers: { ...harness.authorization(), 'content-type': hostileCase.contentType ?? 'text/csv' },
      payload
    })
    return { name: hostileCase.name, status: response.statusCode, expected: hostileCase.status }
  }))
  for (const answer of answers) t.equal(answer.status, answer.expected, answer.name)

  const response = await good
  t.equal(response.statusCode, 200, response.body.slice(0, 300))
  const upload = harness.wfm.upload(response.json().pushToken)
  t.equal(upload?.tenant, 'globex')
  t.ok((upload?.chunks.length ?? 0) >= 4, `${upload?.chunks.length ?? 0} chunks`)
  const expected = rows.map((row) => `${row.start},acd-1,${row.queue},${row.offered},${row.aht}\n`).join('')
  t.equal(Buffer.concat(upload?.chunks.map((chunk) => chunk.body) ?? []).toString('utf8'), expected, 'the WFM got exactly the good rows')
  t.same(harness.wfm.uploads().map((each) => each.tenant), ['globex'], 'only the good upload reached the WFM')
})
