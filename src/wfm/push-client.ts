// One POST of one chunk to a tenant's WFM historical-data push endpoint. The response is
// classified, so the sender can go on, retry, renew the token or give up.

import type { Dispatcher } from 'undici'
import { parseRetryAfterMs } from './retry.js'
import { redactExcerpt } from './upstream-excerpt.js'
import { isTransientStatus, postUpstream } from './upstream-request.js'

/** The query parameters of a push request. */
export interface PushParameters {
  /** Identifies the upload; the same for every chunk of it. */
  pushToken: string
  /** The ACD the data comes from. */
  sourceId: string
  /** True on the final chunk only: the WFM lists the upload after this request succeeds. */
  lastChunk: boolean
  /** Seconds between interval starts, sent as historicalDataInterval. */
  intervalSeconds: number
}

export interface PushChunkRequest extends PushParameters {
  pushUrl: string
  /** Sent as the Tenant-ID header. */
  realm: string
  accessToken: string
  body: Buffer
  dispatcher: Dispatcher
  timeoutMs: number
  signal?: AbortSignal
  /** Other secrets to cut from the excerpt of the WFM's response, such as the client secret. */
  redact?: string[]
}

/**
 * The WFM's response, classified. `retry` covers 408, 429 and 5xx responses, timeouts and network errors
 * that another attempt may get past. `failed` is a network error that will not go away by
 * retrying, such as an invalid TLS certificate.
 */
export type PushOutcome =
  | { result: 'accepted', status: number }
  | { result: 'unauthorized', status: number, excerpt: string }
  | { result: 'rejected', status: number, excerpt: string }
  | {
    result: 'retry'
    status?: number
    excerpt?: string
    code?: string
    timedOut: boolean
    retryAfterMs?: number
    cause?: unknown
  }
  | { result: 'failed', code?: string, cause: unknown }

/** Bytes of a response kept for the excerpt; the rest is read and dropped. */
const maxResponseBytes = 4096

/** Sends one chunk. Throws only when `signal` aborts, with the signal's reason. */
export async function pushChunk (request: PushChunkRequest): Promise<PushOutcome> {
  const outcome = await postUpstream({
    url: buildPushUrl(request.pushUrl, request),
    headers: {
      'Content-Type': 'text/csv',
      'Tenant-ID': request.realm,
      Authorization: `Bearer ${request.accessToken}`
    },
    body: request.body,
    dispatcher: request.dispatcher,
    timeoutMs: request.timeoutMs,
    maxBodyBytes: maxResponseBytes,
    signal: request.signal
  })

  if (outcome.type === 'failure') {
    if (outcome.failure === 'fatal') {
      return { result: 'failed', code: outcome.code, cause: outcome.error }
    }
    return { result: 'retry', code: outcome.code, timedOut: outcome.failure === 'timeout', cause: outcome.error }
  }

  const { status } = outcome
  const excerpt = redactExcerpt(outcome.body.toString('utf8'), [request.accessToken, ...request.redact ?? []])
  if (status >= 200 && status < 300) {
    return { result: 'accepted', status }
  }
  if (status === 401) {
    return { result: 'unauthorized', status, excerpt }
  }
  if (isTransientStatus(status)) {
    const retryAfterMs = parseRetryAfterMs(outcome.headers['retry-after'])
    return { result: 'retry', status, excerpt, timedOut: status === 504, retryAfterMs }
  }
  return { result: 'rejected', status, excerpt }
}

/**
 * Appends pushToken, sourceId, lastChunk and historicalDataInterval to the push URL, after any
 * query the URL already has. Values are percent-encoded, so a space becomes %20.
 */
export function buildPushUrl (pushUrl: string, parameters: PushParameters): string {
  const url = new URL(pushUrl)
  const existing = url.search.slice(1)
  url.search = ''
  url.hash = ''

  const query = [
    ['pushToken', parameters.pushToken],
    ['sourceId', parameters.sourceId],
    ['lastChunk', String(parameters.lastChunk)],
    ['historicalDataInterval', String(parameters.intervalSeconds)]
  ].map(([name = '', value = '']) => `${name}=${encodeURIComponent(value)}`).join('&')

  return `${url.href}?${existing === '' ? '' : existing + '&'}${query}`
}
