import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'

function multipart (boundary: string, parts: Array<{ name: string, fileName?: string, type?: string, content: string }>): string {
  const lines: string[] = []
  for (const part of parts) {
    lines.push(`--${boundary}`)
    const fileName = part.fileName === undefined ? '' : `; filename="${part.fileName}"`
    lines.push(`Content-Disposition: form-data; name="${part.name}"${fileName}`)
    if (part.type !== undefined) lines.push(`Content-Type: ${part.type}`)
    lines.push('', part.content)
  }
  lines.push(`--${boundary}--`, '')
  return lines.join('\r\n')
}

t.test('multipart files form one upload', async (t) => {
  const harness = await startHarness(t)
  const boundary = 'relay-boundary-1'
  const payload = multipart(boundary, [
    { name: 'file', fileName: 'monday.csv', type: 'text/csv', content: 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n' },
    { name: 'file', fileName: 'tuesday.csv', type: 'text/csv', content: 'intervalStart,queue,offered,aht\n2026-01-06T09:00:00Z,Sales,2,20\n' },
    { name: 'sourceId', content: 'avaya' }
  ])
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload
  })

  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().sourceId, 'avaya')
  const upload = harness.wfm.upload(response.json().pushToken)
  t.equal(upload?.chunks.length, 1)
  t.equal(upload?.chunks[0]?.body.toString('utf8'),
    '2026-01-05T09:00:00Z,avaya,Sales,1,10\n2026-01-06T09:00:00Z,avaya,Sales,2,20\n')
})

t.test('multipart duplicate across files names both files', async (t) => {
  const harness = await startHarness(t)
  const boundary = 'relay-boundary-2'
  const row = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipart(boundary, [
      { name: 'file', fileName: 'a.csv', type: 'text/csv', content: row },
      { name: 'file', fileName: 'b.csv', type: 'text/csv', content: row }
    ])
  })
  t.equal(response.statusCode, 400)
  const error = response.json().errors[0]
  t.equal(error.file, 'b.csv')
  t.equal(error.line, 2)
  t.match(error.message, /a\.csv/)
  t.same(harness.wfm.requests(), [])
})

t.test('multipart without file part is a 400', async (t) => {
  const harness = await startHarness(t)
  const boundary = 'relay-boundary-3'
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipart(boundary, [{ name: 'sourceId', content: 'avaya' }])
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_EMPTY_UPLOAD')
})

t.test('multipart unknown field is a 400', async (t) => {
  const harness = await startHarness(t)
  const boundary = 'relay-boundary-4'
  const response = await harness.app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { ...harness.authorization(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipart(boundary, [
      { name: 'file', fileName: 'a.csv', type: 'text/csv', content: 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n' },
      { name: 'tenant', content: 'globex' }
    ])
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_PARAMETER')
  t.match(response.json().message, /tenant/)
  t.same(harness.wfm.requests(), [])
})
