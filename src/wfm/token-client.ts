// OAuth2 client credentials tokens from each tenant's Keycloak realm: cached until shortly
// before they expire, fetched by one request per tenant however many callers wait.

import type { WfmLogger } from './logger.js'
import type { Dispatcher } from 'undici'
import type { TenantSettings, UpstreamSettings } from '../config/tenant-settings.js'
import { RelayError } from '../errors.js'
import { delay, parseRetryAfterMs, retryDelayMs } from './retry.js'
import { describeTokenRejection, parseTokenResponse, reuseWindowMs, type IssuedToken } from './token-response.js'
import { redactExcerpt } from './upstream-excerpt.js'
import { ignoreUpstreamEvents, retryReason, type UpstreamObserver } from './upstream-observer.js'
import {
  describeEndpoint, isTransientStatus, postUpstream, type UpstreamOutcome
} from './upstream-request.js'

/** The part of a token client that the sender uses; tests may pass their own. */
export interface AccessTokenSource {
  getToken: (signal?: AbortSignal) => Promise<string>
  /** Drops `accessToken` from the cache, after the WFM rejected it with 401. */
  invalidate: (accessToken: string) => void
}

export interface TokenClientOptions {
  dispatcher: Dispatcher
  upstream: UpstreamSettings
  logger: WfmLogger
  /** Milliseconds on a clock that never goes back; performance.now() by default. */
  now?: () => number
  /** Source of retry jitter in [0, 1); Math.random by default. */
  random?: () => number
  /** Receives events for metrics; ignored by default. */
  observer?: UpstreamObserver
}

type TokenCredentials = Pick<TenantSettings, 'name' | 'tokenUrl' | 'clientId' | 'clientSecret'>

/** Largest token response read; Keycloak tokens with many roles reach tens of kilobytes. */
const maxTokenResponseBytes = 1024 * 1024

interface CachedToken {
  accessToken: string
  receivedAt: number
  reuseUntil: number
}

/** A response or failure that another attempt may get past. */
interface TransientFailure {
  status?: number
  excerpt?: string
  code?: string
  timedOut: boolean
  retryAfterMs?: number
  cause?: unknown
}

export class TokenClient implements AccessTokenSource {
  readonly tenant: TokenCredentials
  readonly #options: TokenClientOptions
  readonly #now: () => number
  #cached: CachedToken | undefined
  #pending: Promise<string> | undefined

  constructor (tenant: TokenCredentials, options: TokenClientOptions) {
    this.tenant = tenant
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
  }

  /**
   * Returns a bearer token for the tenant, from the cache or from one shared request. Throws
   * RelayError WFM_RELAY_TOKEN_REJECTED, _UNREACHABLE or _TIMEOUT. An aborted `signal` stops
   * this caller's wait but not the shared request.
   */
  async getToken (signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted()
    const cached = this.#cached
    if (cached !== undefined && this.#now() < cached.reuseUntil) {
      return cached.accessToken
    }

    if (this.#pending === undefined) {
      const pending = this.#fetchToken()
      const clear = (): void => { this.#pending = undefined }
      pending.then(clear, clear)
      this.#pending = pending
    }
    return await waitFor(this.#pending, signal)
  }

  /** Seconds since the cached token arrived, or undefined when no token is cached. */
  cachedTokenAgeSeconds (): number | undefined {
    const cached = this.#cached
    return cached === undefined ? undefined : (this.#now() - cached.receivedAt) / 1000
  }

  invalidate (accessToken: string): void {
    if (this.#cached?.accessToken === accessToken) {
      this.#cached = undefined
    }
  }

  async #fetchToken (): Promise<string> {
    const observer = this.#options.observer ?? ignoreUpstreamEvents
    try {
      const accessToken = await this.#fetchTokenWithRetries(observer)
      observer.tokenRequest({ tenant: this.tenant.name, outcome: 'issued' })
      return accessToken
    } catch (error) {
      const rejected = error instanceof RelayError && error.code === 'WFM_RELAY_TOKEN_REJECTED'
      observer.tokenRequest({ tenant: this.tenant.name, outcome: rejected ? 'rejected' : 'unavailable' })
      throw error
    }
  }

  async #fetchTokenWithRetries (observer: UpstreamObserver): Promise<string> {
    const { upstream, logger } = this.#options
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#requestToken()
      const receivedAt = this.#now()
      const result = this.#interpret(outcome)

      if ('accessToken' in result) {
        this.#remember(result, receivedAt)
        return result.accessToken
      }
      if (attempt >= upstream.maxAttempts || outcome.type === 'failure' && outcome.failure === 'fatal') {
        throw this.#unavailableError(result, attempt)
      }

      const delayMs = retryDelayMs(attempt, upstream, result.retryAfterMs, this.#options.random)
      observer.retry({ tenant: this.tenant.name, endpoint: 'token', reason: retryReason(result) })
      logger.warn({
        tenant: this.tenant.name,
        attempt,
        maxAttempts: upstream.maxAttempts,
        status: result.status,
        code: result.code,
        delayMs
      }, 'Token request failed; retrying')
      await delay(delayMs)
    }
  }

  async #requestToken (): Promise<UpstreamOutcome> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.tenant.clientId,
      client_secret: this.tenant.clientSecret
    })
    const startedAt = performance.now()
    const outcome = await postUpstream({
      url: this.tenant.tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json'
      },
      body: form.toString(),
      dispatcher: this.#options.dispatcher,
      timeoutMs: this.#options.upstream.tokenTimeoutMs,
      maxBodyBytes: maxTokenResponseBytes
    })
    this.#options.observer?.upstreamRequest({
      tenant: this.tenant.name,
      endpoint: 'token',
      status: outcome.type === 'failure' ? undefined : outcome.status,
      durationSeconds: (performance.now() - startedAt) / 1000
    })
    return outcome
  }

  /** Returns the token or a transient failure; throws TOKEN_REJECTED for a failure that lasts. */
  #interpret (outcome: UpstreamOutcome): IssuedToken | TransientFailure {
    if (outcome.type === 'failure') {
      return { code: outcome.code, timedOut: outcome.failure === 'timeout', cause: outcome.error }
    }

    const { status, body, headers } = outcome
    if (status >= 200 && status < 300) {
      const parsed = parseTokenResponse(body)
      if ('accessToken' in parsed) {
        return parsed
      }
      throw this.#rejectedError(status, body,
        `The token endpoint of tenant "${this.tenant.name}" returned status ${status} without a ` +
        `usable token (${parsed.invalid}); check that tokenUrl is the realm's OpenID Connect token endpoint`)
    }
    if (isTransientStatus(status)) {
      return {
        status,
        excerpt: this.#excerpt(body),
        timedOut: status === 504,
        retryAfterMs: parseRetryAfterMs(headers['retry-after'])
      }
    }
    throw this.#rejectedError(status, body, describeTokenRejection(this.tenant.name, status, body))
  }

  #remember (token: IssuedToken, receivedAt: number): void {
    const windowMs = reuseWindowMs(token.expiresInSeconds)
    this.#cached = windowMs > 0
      ? { accessToken: token.accessToken, receivedAt, reuseUntil: receivedAt + windowMs }
      : undefined
    this.#options.logger.debug({ tenant: this.tenant.name, expiresInSeconds: token.expiresInSeconds },
      'Access token received')
  }

  #rejectedError (status: number, body: Buffer, message: string): RelayError {
    return new RelayError('WFM_RELAY_TOKEN_REJECTED', message,
      { upstream: { status, excerpt: this.#excerpt(body) } })
  }

  #unavailableError (failure: TransientFailure, attempts: number): RelayError {
    const endpoint = describeEndpoint(this.tenant.tokenUrl)
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
    const upstream = failure.status === undefined
      ? undefined
      : { status: failure.status, excerpt: failure.excerpt ?? '' }
    const options = { upstream, cause: failure.cause }

    if (failure.timedOut) {
      const reason = failure.status === 504
        ? 'responded 504 Gateway Timeout'
        : `did not respond within ${this.#options.upstream.tokenTimeoutMs} ms`
      return new RelayError('WFM_RELAY_TOKEN_TIMEOUT',
        `The token endpoint of tenant "${this.tenant.name}" (${endpoint}) ${reason} ` +
        `after ${tries}; check that it is reachable from the relay or raise tokenTimeoutMs`, options)
    }
    const reason = failure.status !== undefined
      ? `responded with status ${failure.status}`
      : `could not be reached (${failure.code ?? 'unknown error'})`
    return new RelayError('WFM_RELAY_TOKEN_UNREACHABLE',
      `The token endpoint of tenant "${this.tenant.name}" (${endpoint}) ${reason} after ${tries}; ` +
      'check tokenUrl and the network, or try again later', options)
  }

  #excerpt (body: Buffer): string {
    return redactExcerpt(body.toString('utf8'), [this.tenant.clientSecret])
  }
}

/** One TokenClient per tenant, shared by all requests of the relay. */
export class TokenClients {
  readonly #options: TokenClientOptions
  readonly #clients = new Map<string, TokenClient>()

  constructor (options: TokenClientOptions) {
    this.#options = options
  }

  /** Returns the tenant's client; a tenant whose credentials changed gets a new one. */
  forTenant (tenant: TokenCredentials): TokenClient {
    const existing = this.#clients.get(tenant.name)
    if (existing !== undefined && sameCredentials(existing.tenant, tenant)) {
      return existing
    }
    const client = new TokenClient(tenant, this.#options)
    this.#clients.set(tenant.name, client)
    return client
  }

  /** Every client made so far, by tenant name. */
  clients (): ReadonlyMap<string, TokenClient> {
    return this.#clients
  }

  /**
   * Drops the clients, and so the cached tokens, of tenants that are gone from `tenants` or whose
   * token URL or credentials changed. Returns the names of the dropped tenants.
   */
  dropOutdated (tenants: ReadonlyMap<string, TokenCredentials>): string[] {
    const dropped: string[] = []
    for (const [name, client] of [...this.#clients]) {
      const current = tenants.get(name)
      if (current === undefined || !sameCredentials(client.tenant, current)) {
        this.#clients.delete(name)
        dropped.push(name)
      }
    }
    return dropped
  }
}

function sameCredentials (a: TokenCredentials, b: TokenCredentials): boolean {
  return a.tokenUrl === b.tokenUrl && a.clientId === b.clientId && a.clientSecret === b.clientSecret
}

/** Waits for `promise` unless `signal` aborts first, which rejects with the signal's reason. */
async function waitFor<T> (promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return await promise
  }
  signal.throwIfAborted()

  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((resolve, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise, aborted])
  } finally {
    if (onAbort !== undefined) {
      signal.removeEventListener('abort', onAbort)
    }
  }
}
