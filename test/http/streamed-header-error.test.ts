import t from 'tap'
import { PassThrough } from 'node:stream'
import { request } from 'undici'
import { startHarness } from '../helpers/relay-harness.js'

// Over a real socket the body is still open when the header is rejected, unlike with inject,
// which ends the body first. Node 20 then reported the stream's AbortError instead of the
// relay's own error, which turned a caller mistake into a 500.
t.test('streamed csv header error is a 400', async (t) => {
  const harness = await startHarness(t)
  const address = await harness.app.listen({ host: '127.0.0.1', port: 0 })

  const cases = [
    { body: 'intervalStart;queue;offered;aht\n2026-01-05T09:00:00Z;Sales;1;1\n', code: 'WFM_RELAY_MISSING_COLUMN' },
    { body: 'foo,bar\n1,2\n', code: 'WFM_RELAY_MISSING_COLUMN' },
    { body: 'intervalStart,queue,offered,aht,extra\n2026-01-05T09:00:00Z,Sales,1,1,x\n', code: 'WFM_RELAY_UNKNOWN_COLUMN' }
  ]
  for (const testCase of cases) {
    const body = new PassThrough()
    body.write(testCase.body)
    // More rows follow later, so the request body is still open while the header is checked.
    const timer = setTimeout(() => { body.end('2026-01-05T09:15:00Z,Sales,1,1\n') }, 300)
    const response = await request(`${address}/v1/tenants/acme/historical-data`, {
      method: 'POST',
      headers: { ...harness.authorization(), 'content-type': 'text/csv' },
      body
    })
    clearTimeout(timer)
    body.destroy()
    const answer = await response.body.json() as { code: string }
    const name = testCase.body.split('\n')[0] ?? ''
    t.equal(response.statusCode, 400, name)
    t.equal(answer.code, testCase.code, name)
  }
  t.same(harness.wfm.requests(), [])
})
