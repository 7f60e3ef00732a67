import t from 'tap'
import { delay, parseRetryAfterMs, retryDelayMs } from '../../src/wfm/retry.js'

const timing = { retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 }

t.test('backoff full jitter', async (t) => {
  t.equal(retryDelayMs(1, timing, undefined, () => 0.999), 99)
  t.equal(retryDelayMs(2, timing, undefined, () => 0.5), 100)
  t.equal(retryDelayMs(3, timing, undefined, () => 0.5), 200)
  t.equal(retryDelayMs(5, timing, undefined, () => 0.5), 500, '1600 ms is capped at 1000 ms')
  t.equal(retryDelayMs(30, timing, undefined, () => 0.999), 999)
  t.equal(retryDelayMs(4, timing, undefined, () => 0), 0)
})

t.test('backoff retry-after wins', async (t) => {
  t.equal(retryDelayMs(1, timing, 300, () => 0), 300)
  t.equal(retryDelayMs(1, timing, 0, () => 0.9), 0)
  t.equal(retryDelayMs(1, timing, 120_000, () => 0), 1_000, 'capped by retryMaxDelayMs')
})

t.test('retry-after parsing', async (t) => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')

  t.equal(parseRetryAfterMs('120', now), 120_000)
  t.equal(parseRetryAfterMs(' 0 ', now), 0)
  t.equal(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000)
  t.equal(parseRetryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0, 'a past date means now')
  t.equal(parseRetryAfterMs(['5', '9'], now), 5_000)
  t.equal(parseRetryAfterMs('-5', now), undefined)
  t.equal(parseRetryAfterMs('1.5', now), undefined)
  t.equal(parseRetryAfterMs('later', now), undefined)
  t.equal(parseRetryAfterMs(undefined, now), undefined)
})

t.test('delay abort', async (t) => {
  const controller = new AbortController()
  const reason = new Error('stop')
  setTimeout(() => controller.abort(reason), 10)

  await t.rejects(delay(10_000, controller.signal), reason)
  await t.rejects(delay(1, controller.signal), reason, 'an aborted signal rejects at once')
})
