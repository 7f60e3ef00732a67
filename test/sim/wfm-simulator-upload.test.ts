import t from 'tap'

import type { Upload } from '../../sim/wfm-simulator.js'
import { fetchAccessToken, push, startIdp, startWfm } from '../helpers/sim-helpers.js'

const idp = await startIdp(t)
const completed: Upload[] = []
const wfm = await startWfm(t, {
  identityProvider: idp,
  onUploadCompleted: (upload) => completed.push(upload)
})
const token = await fetchAccessToken(idp, 'acme')

const pushToken = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890'
const firstBody = '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n' +
  '2024-03-04T00:15:00Z,acd-1,"Sales, North",0,0\n'
const secondBody = '2024-03-04T00:30:00Z,acd-1,"Say ""hi""",7,95\n'

t.test('two-chunk upload is recorded exactly', async (t) => {
  const first = await push(wfm, {
    token,
    query: { pushToken, sourceId: 'acd-1', lastChunk: 'false' },
    body: firstBody
  })
  t.equal(first.status, 200)
  t.strictSame(first.body, { pushToken, chunkIndex: 0, rowCount: 2, completed: false })
  t.equal(wfm.upload(pushToken)?.completed, false)
  t.strictSame(completed, [], 'not complete before the last chunk')

  const second = await push(wfm, {
    token,
    query: { pushToken, sourceId: 'acd-1', lastChunk: 'true', historicalDataInterval: '900' },
    body: secondBody
  })
  t.equal(second.status, 200)
  t.strictSame(second.body, { pushToken, chunkIndex: 1, rowCount: 1, completed: true })

  const upload = wfm.upload(pushToken)
  t.equal(upload?.tenant, 'acme')
  t.equal(upload?.pushToken, pushToken)
  t.equal(upload?.sourceId, 'acd-1')
  t.equal(upload?.interval, 900)
  t.equal(upload?.completed, true)
  t.equal(upload?.chunks.length, 2)
  t.strictSame(wfm.uploads(), [upload])
  t.strictSame(completed, [upload])
})

t.test('chunks keep body, rows, headers and query', async (t) => {
  const [first, second] = wfm.upload(pushToken)?.chunks ?? []

  t.equal(first?.index, 0)
  t.equal(first?.lastChunk, false)
  t.equal(first?.body.toString('utf8'), firstBody)
  t.strictSame(first?.rows, [
    ['2024-03-04T00:00:00Z', 'acd-1', 'Sales', '12', '180.5'],
    ['2024-03-04T00:15:00Z', 'acd-1', 'Sales, North', '0', '0']
  ])
  t.equal(first?.bodyBytes, Buffer.byteLength(firstBody))
  t.equal(first?.rowCount, 2)
  t.strictSame(first?.query, { pushToken, sourceId: 'acd-1', lastChunk: 'false' })
  t.equal(first?.headers['tenant-id'], 'acme')
  t.equal(first?.headers['content-type'], 'text/csv')
  t.equal(first?.headers.authorization, 'Bearer <redacted>')

  t.equal(second?.index, 1)
  t.equal(second?.lastChunk, true)
  t.strictSame(second?.rows, [['2024-03-04T00:30:00Z', 'acd-1', 'Say "hi"', '7', '95']])
  t.strictSame(second?.query, {
    pushToken,
    sourceId: 'acd-1',
    lastChunk: 'true',
    historicalDataInterval: '900'
  })
})

t.test('request log lists every request', async (t) => {
  await push(wfm, { token, query: { pushToken: 'not-a-uuid', sourceId: 'acd-1', lastChunk: 'true' } })
  const requests = wfm.requests()

  t.strictSame(requests.map((request) => request.status), [200, 200, 400])
  t.strictSame(requests.map((request) => request.method), ['POST', 'POST', 'POST'])
  t.equal(requests[0]?.path, '/_rest/forecasting/historical-data/historical-data-push')
  t.strictSame(requests[0]?.query, { pushToken, sourceId: 'acd-1', lastChunk: 'false' })
  t.equal(requests[0]?.bodyBytes, Buffer.byteLength(firstBody))
  t.equal(requests[0]?.headers.authorization, 'Bearer <redacted>')
  t.equal(requests[0]?.message, undefined)
  t.equal(requests[2]?.message, 'pushToken "not-a-uuid" is invalid: use a UUID')
})

t.test('reset forgets uploads and requests', async (t) => {
  wfm.reset()

  t.strictSame(wfm.uploads(), [])
  t.strictSame(wfm.requests(), [])
  t.equal(wfm.upload(pushToken), undefined)
})

t.test('pushUrl is the exact endpoint path', async (t) => {
  t.equal(wfm.pushUrl, `${wfm.url}/_rest/forecasting/historical-data/historical-data-push`)

  const prefixed = await fetch(`${wfm.url}/acme/_rest/forecasting/historical-data/historical-data-push`, {
    method: 'POST'
  })
  t.equal(prefixed.status, 404)

  const get = await fetch(wfm.pushUrl)
  t.equal(get.status, 405)
  t.equal(get.headers.get('allow'), 'POST')
})
