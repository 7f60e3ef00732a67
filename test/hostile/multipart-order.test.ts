import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { boundary, fieldPart, filePart, multipartBody, multipartType, uploadUrl } from './corpus.js'

t.test('multipart fields after the file apply', async (t) => {
  const harness = await startHarness(t, {
    profiles: {
      semicolons: {
        delimiter: ';',
        columns: { timestamp: { column: 'Start' }, queue: 'Queue', offered: 'Calls', aht: 'Handle' }
      }
    }
  })
  const response = await harness.app.inject({
    method: 'POST',
    url: uploadUrl,
    headers: { ...harness.authorization(), 'content-type': multipartType },
    payload: multipartBody(boundary, [
      filePart('Start;Queue;Calls;Handle\n2026-01-05T09:00:00Z;Sales;4;40\n2026-01-05T09:30:00Z;Sales;5;50\n'),
      fieldPart('interval', '1800'),
      fieldPart('profile', 'semicolons'),
      fieldPart('sourceId', 'genesys')
    ])
  })

  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().interval, 1800)
  t.equal(response.json().profile, 'semicolons')
  const upload = harness.wfm.upload(response.json().pushToken)
  t.equal(upload?.chunks[0]?.body.toString('utf8'),
    '2026-01-05T09:00:00Z,genesys,Sales,4,40\n2026-01-05T09:30:00Z,genesys,Sales,5,50\n')
  t.same(upload?.chunks[0]?.query, {
    pushToken: response.json().pushToken,
    sourceId: 'genesys',
    lastChunk: 'true',
    historicalDataInterval: '1800'
  })
})

t.test('multipart interval after the file checks the rows', async (t) => {
  const harness = await startHarness(t)
  const response = await harness.app.inject({
    method: 'POST',
    url: uploadUrl,
    headers: { ...harness.authorization(), 'content-type': multipartType },
    payload: multipartBody(boundary, [
      filePart('intervalStart,queue,offered,aht\n2026-01-05T09:15:00Z,Sales,1,10\n'),
      fieldPart('interval', '1800')
    ])
  })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'WFM_RELAY_INVALID_ROWS')
  t.equal(response.json().errors[0].field, 'intervalStart')
  t.match(response.json().errors[0].message, /1800/)
  t.same(harness.wfm.requests(), [])
})
