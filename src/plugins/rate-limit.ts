// Per-caller rate limits: requests per minute and body bytes per minute. Each caller has two
// token buckets that refill continuously at the configured rate, with one minute's worth as the
// capacity. A request takes one request token and is admitted only while the byte bucket is
// not in debt; its body bytes are taken as they arrive and may drive the byte bucket below
// zero, so one large upload blocks the caller's next requests until the bucket has refilled.
// The buckets live in this process: several replicas each count on their own.

import type { RateLimitConfig } from '../config/schema.js'

export interface RateBudget {
  requestsPerMinute: number
  bytesPerMinute: number
}

/** The parts of the config the limiter reads: default budgets and per-caller overrides. */
export interface RateLimitSettings {
  limits: { rateLimit: RateBudget }
  callers: ReadonlyArray<{ name: string, rateLimit?: RateLimitConfig }>
}

/** Why a request was not admitted, and when the caller may try again. */
export interface RateRejection {
  kind: 'requests' | 'bytes'
  /** The caller's budget that was used up, per minute. */
  perMinute: number
  retryAfterSeconds: number
}

const millisecondsPerMinute = 60_000

class TokenBucket {
  readonly capacity: number
  readonly #tokensPerMs: number
  #tokens: number
  #updatedAt: number

  constructor (perMinute: number, now: number) {
    this.capacity = perMinute
    this.#tokensPerMs = perMinute / millisecondsPerMinute
    this.#tokens = perMinute
    this.#updatedAt = now
  }

  /** Returns the tokens available at `now`, after refilling. */
  level (now: number): number {
    const elapsed = Math.max(0, now - this.#updatedAt)
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.#tokensPerMs)
    this.#updatedAt = now
    return this.#tokens
  }

  take (amount: number, now: number): void {
    this.#tokens = this.level(now) - amount
  }

  /** Returns the milliseconds until the bucket holds `amount` tokens. */
  waitMs (amount: number, now: number): number {
    return Math.max(0, (amount - this.level(now)) / this.#tokensPerMs)
  }
}

interface CallerBuckets {
  requests: TokenBucket
  bytes: TokenBucket
}

export class CallerRateLimiter {
  readonly #settings: () => RateLimitSettings
  readonly #buckets = new Map<string, CallerBuckets>()
  readonly #now: () => number

  /**
   * `settings` is read on every request, so a reloaded config applies at once. `now` is
   * milliseconds on a clock that never goes back; performance.now() by default.
   */
  constructor (settings: () => RateLimitSettings, now?: () => number) {
    this.#settings = settings
    this.#now = now ?? (() => performance.now())
  }

  /** Returns the caller's budget: its own settings, else the defaults. */
  budgetOf (caller: string): RateBudget {
    const { limits, callers } = this.#settings()
    const override = callers.find((entry) => entry.name === caller)?.rateLimit
    return {
      requestsPerMinute: override?.requestsPerMinute ?? limits.rateLimit.requestsPerMinute,
      bytesPerMinute: override?.bytesPerMinute ?? limits.rateLimit.bytesPerMinute
    }
  }

  /** Takes a request token, or returns why the request must wait, taking nothing. */
  admit (caller: string): RateRejection | undefined {
    const now = this.#now()
    const buckets = this.#bucketsOf(caller, now)
    if (buckets.bytes.level(now) < 0) {
      return this.#reject('bytes', buckets.bytes, now)
    }
    if (buckets.requests.level(now) < 1) {
      return this.#reject('requests', buckets.requests, now)
    }
    buckets.requests.take(1, now)
    return undefined
  }

  /** Counts body bytes that arrived from the caller. */
  chargeBytes (caller: string, bytes: number): void {
    const now = this.#now()
    this.#bucketsOf(caller, now).bytes.take(bytes, now)
  }

  #reject (kind: RateRejection['kind'], bucket: TokenBucket, now: number): RateRejection {
    // A byte bucket admits again once it is out of debt; a request bucket needs a whole token.
    const needed = kind === 'bytes' ? 0 : 1
    return {
      kind,
      perMinute: bucket.capacity,
      retryAfterSeconds: Math.max(1, Math.ceil(bucket.waitMs(needed, now) / 1000))
    }
  }

  #bucketsOf (caller: string, now: number): CallerBuckets {
    const budget = this.budgetOf(caller)
    let buckets = this.#buckets.get(caller)
    // A changed budget starts from a full bucket of the new size.
    if (buckets === undefined || buckets.requests.capacity !== budget.requestsPerMinute ||
      buckets.bytes.capacity !== budget.bytesPerMinute) {
      buckets = {
        requests: new TokenBucket(budget.requestsPerMinute, now),
        bytes: new TokenBucket(budget.bytesPerMinute, now)
      }
      this.#buckets.set(caller, buckets)
    }
    return buckets
  }
}
