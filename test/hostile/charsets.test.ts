import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { boundary, csvHeader, filePart, multipartBody, multipartType, uploadUrl } from './corpus.js'

/** `Café €` in windows-1252: é is 0xE9 and € is 0x80. */
const cafeWindows1252 = Buffer.concat([
  Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Caf'), Buffer.from([0xE9, 0x20, 0x80]), Buffer.from(',1,10\n')
])

t.test('declared charsets decode as declared', async (t) => {
  const harness = await startHarness(t)
  const cases = [
    { contentType: 'text/csv; charset=windows-1252', body: cafeWindows1252, queue: 'Café €' },
    { contentType: 'text/csv; charset="windows-1252"', body: cafeWindows1252, queue: 'Café €' },
    { contentType: 'text/csv;charset=latin1', body: cafeWindows1252, queue: 'Café €' },
    { contentType: 'text/csv; charset=ISO-8859-1', body: cafeWindows1252, queue: 'Café €' },
    {
      contentType: 'text/csv; charset=iso-8859-15',
      body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Euro '), Buffer.from([0xA4]), Buffer.from(',1,10\n')]),
      queue: 'Euro €'
    },
    { contentType: 'text/csv; charset=utf-8', body: Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Café €,1,10\n'), queue: 'Café €' }
  ]

  for (const testCase of cases) {
    const response = await harness.app.inject({
      method: 'POST',
      url: uploadUrl,
      headers: { ...harness.authorization(), 'content-type': testCase.contentType },
      payload: testCase.body
    })
    t.equal(response.statusCode, 200, `${testCase.contentType}: ${response.body}`)
    const chunk = harness.wfm.upload(response.json().pushToken)?.chunks[0]
    t.equal(chunk?.body.toString('utf8'), `2026-01-05T09:00:00Z,acd-1,${testCase.queue},1,10\n`, testCase.contentType)
  }
})

t.test('multipart file charsets decode per file', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: uploadUrl,
    headers: { ...harness.authorization(), 'content-type': multipartType },
    payload: multipartBody(boundary, [
      filePart(cafeWindows1252, 'file', 'windows.csv', 'text/csv; charset=windows-1252'),
      filePart(csvHeader + '2026-01-05T09:15:00Z,Café €,2,20\n', 'file', 'utf8.csv', 'text/csv; charset=utf-8'),
      filePart(csvHeader + '2026-01-05T09:30:00Z,Plain,3,30\n', 'file', 'plain.csv', 'text/csv')
    ])
  })
  t.equal(response.statusCode, 200, response.body)
  t.equal(harness.wfm.upload(response.json().pushToken)?.chunks[0]?.body.toString('utf8'),
    '2026-01-05T09:00:00Z,acd-1,Café €,1,10\n' +
    '2026-01-05T09:15:00Z,acd-1,Café €,2,20\n' +
    '2026-01-05T09:30:00Z,acd-1,Plain,3,30\n')
})

t.test('undeclared latin1 in a multipart file names file and line', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: uploadUrl,
    headers: { ...harness.authorization(), 'content-type': multipartType },
    payload: multipartBody(boundary, [
      filePart(csvHeader + '2026-01-05T09:15:00Z,Sales,2,20\n', 'file', 'good.csv'),
      filePart(cafeWindows1252, 'file', 'export.csv')
    ])
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_ROWS')
  t.same(response.json().errors, [{
    line: 2,
    file: 'export.csv',
    field: 'row',
    message: 'line 2 contains bytes that are not valid UTF-8; save the file as UTF-8, or declare the charset ' +
      'it uses in the Content-Type (for example text/csv; charset=windows-1252)'
  }])
  t.same(harness.wfm.requests(), [])
})
