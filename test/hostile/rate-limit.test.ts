import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvHeader, csvRow, uploadUrl } from './corpus.js'

const csv = csvHeader + csvRow(0)

t.test('requests over budget get 429', async (t) => {
  const harness = await startHarness(t, { callerConfig: { narrow: { rateLimit: { requestsPerMinute: 2 } } } })
  const send = async (key: string, payload = csv) => await harness.app.inject({
    method: 'POST', url: `${uploadUrl}?dryRun=true`, headers: { ...harness.authorization(key), 'content-type': 'text/csv' }, payload
  })

  t.equal((await send(harness.narrowKey)).statusCode, 200)
  t.equal((await send(harness.narrowKey)).statusCode, 200)
  const limited = await send(harness.narrowKey, 'not even csv')
  t.equal(limited.statusCode, 429)
  // One token comes back every 30 s; the first requests took a moment of that already.
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter >= 28 && retryAfter <= 30, `Retry-After ${retryAfter} is about 30 s`)
  t.same(limited.json(), {
    statusCode: 429,
    code: 'WFM_RELAY_RATE_LIMITED',
    error: 'Too Many Requests',
    message: `caller "narrow" has used up its budget of 2 requests per minute; retry after ${retryAfter} s`
  })
  t.equal((await send(harness.apiKey)).statusCode, 200, 'another caller is not limited')

  const status = await harness.app.inject({ method: 'GET', url: '/v1/tenants/acme/imports', headers: harness.authorization(harness.narrowKey) })
  t.equal(status.statusCode, 429, 'every route of the caller counts')
  t.equal((await send('unknown-key')).statusCode, 401, 'an unknown key is rejected before rate limiting')
})

t.test('bytes over budget get 429', async (t) => {
  const harness = await startHarness(t, { callerConfig: { etl: { rateLimit: { bytesPerMinute: 6_000 } } } })
  const big = csvHeader + Array.from({ length: 300 }, (_, slot) => csvRow(slot)).join('')
  const first = await harness.app.inject({
    method: 'POST', url: uploadUrl, headers: { ...harness.authorization(), 'content-type': 'text/csv' }, payload: big
  })
  t.equal(first.statusCode, 200, 'the upload that used up the budget completes')

  const second = await harness.app.inject({
    method: 'POST', url: uploadUrl, headers: { ...harness.authorization(), 'content-type': 'text/csv' }, payload: csv
  })
  t.equal(second.statusCode, 429)
  t.equal(second.json().code, 'WFM_RELAY_RATE_LIMITED')
  t.match(second.json().message, /6000 body bytes per minute/)
  // The debt is paid off at 100 bytes a second, less what refilled while the first upload ran.
  const debtSeconds = Math.ceil((Buffer.byteLength(big) - 6_000) / 100)
  const retryAfter = Number(second.headers['retry-after'])
  t.ok(retryAfter >= debtSeconds - 10 && retryAfter <= debtSeconds, `Retry-After ${retryAfter} is about ${debtSeconds} s`)
  t.equal(harness.wfm.uploads().length, 1, 'the limited upload sent nothing')
})
