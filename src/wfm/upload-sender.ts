// Sends a spooled upload to the tenant's WFM: chunk after chunk in order, lastChunk=true only
// on the final one, with retries for transient failures and one token renewal after a 401.

import type { WfmLogger } from './logger.js'
import type { Dispatcher } from 'undici'
import type { TenantSettings, UpstreamSettings } from '../config/tenant-settings.js'
import { RelayError } from '../errors.js'
import { readChunk, type SpoolChunk, type SpoolManifest } from './chunk-spool.js'
import { pushChunk, type PushOutcome } from './push-client.js'
import { retryReason, type UpstreamObserver } from './upstream-observer.js'
import { delay, retryDelayMs } from './retry.js'
import type { AccessTokenSource } from './token-client.js'
import { describeEndpoint } from './upstream-request.js'

export interface SendUploadOptions {
  tenant: TenantSettings
  manifest: SpoolManifest
  pushToken: string
  sourceId: string
  intervalSeconds: number
  tokens: AccessTokenSource
  dispatcher: Dispatcher
  upstream: UpstreamSettings
  logger: WfmLogger
  /** Stops the upload between or during requests; the error is the signal's reason. */
  signal?: AbortSignal
  /**
   * Stops the upload before its next request, with the signal's reason, and cuts a retry wait
   * short; unlike `signal` it lets a request in flight finish, so its outcome is known.
   */
  stopSignal?: AbortSignal
  /** Index (1-based) of the first chunk to send, to resume an upload; 1 by default. */
  startChunk?: number
  /** Called after the WFM accepted a chunk, before the next one is sent. */
  onChunkSent?: (index: number) => void | Promise<void>
  /** Called before each push request of a chunk, retries and the resend after a 401 included. */
  onChunkAttempt?: (index: number) => void | Promise<void>
  /** Milliseconds on a clock that never goes back, for retryDeadlineMs; performance.now() by default. */
  now?: () => number
  /** Source of retry jitter in [0, 1); Math.random by default. */
  random?: () => number
  /** Receives events for metrics; ignored by default. */
  observer?: UpstreamObserver
}

export interface SendUploadResult {
  /** Chunks the WFM accepted in this call. */
  chunksSent: number
  bytesSent: number
  /** Push requests made, retries and token renewals included. */
  attempts: number
}

/** A failure after which the chunk could not be delivered. */
type DeliveryFailure = Omit<Extract<PushOutcome, { result: 'retry' }>, 'result' | 'retryAfterMs'>

interface ChunkContext {
  options: SendUploadOptions
  chunk: SpoolChunk
  total: number
  last: boolean
  body: Buffer
}

/**
 * Sends the manifest's chunks from `startChunk` on. Throws RelayError WFM_RELAY_WFM_REJECTED,
 * _WFM_UNREACHABLE or _WFM_TIMEOUT when a chunk fails, and the token client's errors as they are.
 */
export async function sendUpload (options: SendUploadOptions): Promise<SendUploadResult> {
  const { chunks } = options.manifest
  const start = options.startChunk ?? 1
  if (chunks.length === 0) {
    throw new RelayError('WFM_RELAY_EMPTY_UPLOAD', 'The upload has no rows; nothing to send')
  }
  if (!Number.isInteger(start) || start < 1 || start > chunks.length) {
    throw new RangeError(`startChunk ${start} is outside the upload's chunks 1 to ${chunks.length}`)
  }

  const result: SendUploadResult = { chunksSent: 0, bytesSent: 0, attempts: 0 }
  for (let position = start - 1; position < chunks.length; position++) {
    options.stopSignal?.throwIfAborted()
    const chunk = chunks[position] as SpoolChunk
    const last = position === chunks.length - 1
    const body = await readChunk(chunk.path)
    result.attempts += await sendChunk({ options, chunk, total: chunks.length, last, body })
    result.chunksSent += 1
    result.bytesSent += body.length
    options.observer?.chunkSent({ tenant: options.tenant.name, bytes: body.length, rows: chunk.rows })

    options.logger.debug({ ...logIds(options, chunk), bytes: body.length }, 'Chunk accepted by the WFM')
    await options.onChunkSent?.(chunk.index)
  }
  return result
}

/** Sends one chunk until the WFM accepts it; returns the number of requests made. */
async function sendChunk (context: ChunkContext): Promise<number> {
  const { options, chunk } = context
  const { tokens, upstream, logger, signal } = options
  const now = options.now ?? (() => performance.now())
  const deadline = now() + (upstream.retryDeadlineMs ?? Number.POSITIVE_INFINITY)
  const waitSignal = anySignal(signal, options.stopSignal)
  let requests = 0
  let failures = 0
  let renewedToken = false

  for (;;) {
    const accessToken = await tokens.getToken(waitSignal)
    options.stopSignal?.throwIfAborted()
    await options.onChunkAttempt?.(chunk.index)
    requests += 1
    const startedAt = performance.now()
    const outcome = await pushChunk({
      pushUrl: options.tenant.pushUrl,
      realm: options.tenant.realm,
      accessToken,
      pushToken: options.pushToken,
      sourceId: options.sourceId,
      lastChunk: context.last,
      intervalSeconds: options.intervalSeconds,
      body: context.body,
      dispatcher: options.dispatcher,
      timeoutMs: upstream.requestTimeoutMs,
      signal,
      redact: [options.tenant.clientSecret]
    })
    observePush(options, outcome, startedAt)

    switch (outcome.result) {
      case 'accepted':
        return requests
      case 'unauthorized':
        tokens.invalidate(accessToken)
        if (renewedToken) {
          throw rejectedError(context, outcome.status, outcome.excerpt)
        }
        renewedToken = true
        logger.warn({ ...logIds(options, chunk), attempt: requests },
          'The WFM rejected the token with 401; resending the chunk with a new token')
        break
      case 'rejected':
        throw rejectedError(context, outcome.status, outcome.excerpt)
      case 'failed':
        throw unavailableError(context, { ...outcome, timedOut: false }, failures + 1)
      case 'retry': {
        // NOTE: after a timeout or a reset the WFM may have stored the chunk already. Its public
        // documentation does not say whether a resend with the same pushToken adds the rows twice.
        failures += 1
        const delayMs = retryDelayMs(failures, upstream, outcome.retryAfterMs, options.random)
        if (failures >= upstream.maxAttempts || now() + delayMs > deadline) {
          throw unavailableError(context, outcome, failures)
        }
        logger.warn({
          ...logIds(options, chunk),
          attempt: failures,
          maxAttempts: upstream.maxAttempts,
          status: outcome.status,
          code: outcome.code,
          delayMs
        }, 'WFM push failed; retrying')
        await delay(delayMs, waitSignal)
      }
    }
  }
}

function observePush (options: SendUploadOptions, outcome: PushOutcome, startedAt: number): void {
  const observer = options.observer
  if (observer === undefined) return
  const tenant = options.tenant.name
  const status = 'status' in outcome ? outcome.status : undefined
  observer.upstreamRequest({ tenant, endpoint: 'push', status, durationSeconds: (performance.now() - startedAt) / 1000 })
  if (outcome.result === 'unauthorized') observer.retry({ tenant, endpoint: 'push', reason: 'unauthorized' })
  if (outcome.result === 'retry') observer.retry({ tenant, endpoint: 'push', reason: retryReason(outcome) })
}

/** Returns a signal that aborts with the first of the given signals, or undefined for none. */
function anySignal (...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((signal) => signal !== undefined)
  return present.length <= 1 ? present[0] : AbortSignal.any(present)
}

function logIds (options: SendUploadOptions, chunk: SpoolChunk): Record<string, unknown> {
  return {
    tenant: options.tenant.name,
    pushToken: options.pushToken,
    chunk: chunk.index,
    chunks: options.manifest.chunks.length
  }
}

/** Returns what the operator can change after the WFM rejected a chunk with `status`. */
function rejectionHint (status: number): string {
  switch (status) {
    case 400:
    case 422:
      return 'check the tenant\'s csvColumns and the interval against the WFM\'s expectations'
    case 401:
      return 'the WFM refused a newly issued token too; check that the realm is the WFM\'s tenant ' +
        'and that the client has the WFM_HISTORICAL_DATA_PUSH role'
    case 403:
      return 'check that the client has the WFM_HISTORICAL_DATA_PUSH role and that the realm is ' +
        'the WFM\'s tenant'
    case 404:
      return 'check pushUrl'
    case 409:
      return 'the WFM reported a conflict; upload again with a new pushToken'
    case 413:
      return 'the chunk is too large for the WFM; lower maxChunkBytes'
    default:
      return status >= 300 && status < 400
        ? 'the WFM redirected the request; set pushUrl to the final URL'
        : 'see the excerpt of the WFM\'s response'
  }
}

function whichChunk (context: ChunkContext): string {
  const { options, chunk, total } = context
  return `chunk ${chunk.index} of ${total} of upload ${options.pushToken} ` +
    `for tenant "${options.tenant.name}"`
}

const notListed = 'The WFM will not list this upload, because no request with lastChunk=true ' +
  'succeeded; upload the data again'

function rejectedError (context: ChunkContext, status: number, excerpt: string): RelayError {
  return new RelayError('WFM_RELAY_WFM_REJECTED',
    `The WFM rejected ${whichChunk(context)} with status ${status}: ${rejectionHint(status)}. ` +
    notListed, { upstream: { status, excerpt } })
}

function unavailableError (context: ChunkContext, failure: DeliveryFailure, attempts: number): RelayError {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
  const endpoint = describeEndpoint(context.options.tenant.pushUrl)
  const upstream = failure.status === undefined
    ? undefined
    : { status: failure.status, excerpt: failure.excerpt ?? '' }
  const options = { upstream, cause: failure.cause }

  if (failure.timedOut) {
    const reason = failure.status === 504
      ? 'responded 504 Gateway Timeout'
      : `did not respond within ${context.options.upstream.requestTimeoutMs} ms`
    return new RelayError('WFM_RELAY_WFM_TIMEOUT',
      `The WFM (${endpoint}) ${reason} for ${whichChunk(context)} after ${tries}. ${notListed}`,
      options)
  }
  const reason = failure.status !== undefined
    ? `responded with status ${failure.status}`
    : `could not be reached (${failure.code ?? 'unknown error'})`
  return new RelayError('WFM_RELAY_WFM_UNREACHABLE',
    `The WFM (${endpoint}) ${reason} for ${whichChunk(context)} after ${tries}. ${notListed}`,
    options)
}
