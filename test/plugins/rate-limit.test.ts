import t from 'tap'
import { CallerRateLimiter, type RateLimitSettings } from '../../src/plugins/rate-limit.js'

function limiter (settings: RateLimitSettings): { limiter: CallerRateLimiter, advance: (ms: number) => void } {
  let now = 1_000
  return {
    limiter: new CallerRateLimiter(() => settings, () => now),
    advance: (ms) => { now += ms }
  }
}

const defaults = { requestsPerMinute: 3, bytesPerMinute: 6_000 }

t.test('rate limiter counts requests per caller', async (t) => {
  const { limiter: rates, advance } = limiter({ limits: { rateLimit: defaults }, callers: [] })
  t.equal(rates.admit('a'), undefined)
  t.equal(rates.admit('a'), undefined)
  t.equal(rates.admit('a'), undefined)
  t.same(rates.admit('a'), { kind: 'requests', perMinute: 3, retryAfterSeconds: 20 })
  t.equal(rates.admit('b'), undefined, 'another caller has its own budget')

  advance(19_000)
  t.same(rates.admit('a'), { kind: 'requests', perMinute: 3, retryAfterSeconds: 1 })
  advance(1_000)
  t.equal(rates.admit('a'), undefined, 'one token refilled after 20 s')
})

t.test('rate limiter lets bytes go into debt', async (t) => {
  const { limiter: rates, advance } = limiter({ limits: { rateLimit: defaults }, callers: [] })
  t.equal(rates.admit('a'), undefined)
  rates.chargeBytes('a', 9_000)
  t.same(rates.admit('a'), { kind: 'bytes', perMinute: 6_000, retryAfterSeconds: 30 },
    '3000 bytes of debt at 100 bytes a second')
  advance(30_000)
  t.equal(rates.admit('a'), undefined)
})

t.test('rate limiter applies caller overrides', async (t) => {
  const settings: RateLimitSettings = {
    limits: { rateLimit: defaults },
    callers: [{ name: 'big', rateLimit: { requestsPerMinute: 100 } }, { name: 'small', rateLimit: { bytesPerMinute: 1_024 } }]
  }
  const { limiter: rates } = limiter(settings)
  t.same(rates.budgetOf('big'), { requestsPerMinute: 100, bytesPerMinute: 6_000 })
  t.same(rates.budgetOf('small'), { requestsPerMinute: 3, bytesPerMinute: 1_024 })
  t.same(rates.budgetOf('other'), defaults)
  for (let index = 0; index < 100; index++) t.equal(rates.admit('big'), undefined, `request ${index}`)
  t.equal(rates.admit('big')?.kind, 'requests')
})

t.test('rate limiter follows a changed budget', async (t) => {
  const settings = { limits: { rateLimit: { ...defaults } }, callers: [] }
  const { limiter: rates } = limiter(settings)
  for (let index = 0; index < 3; index++) rates.admit('a')
  t.equal(rates.admit('a')?.kind, 'requests')
  settings.limits.rateLimit = { ...defaults, requestsPerMinute: 10 }
  t.equal(rates.admit('a'), undefined, 'a new budget starts full')
})
