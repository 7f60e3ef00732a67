// One POST to an upstream (token endpoint or WFM) with a deadline, returning either the response
// or a classified network failure. The response body is always consumed so no socket is left
// half-read: the first bytes are kept, the rest is read and dropped.

import { request, type Dispatcher } from 'undici'

/**
 * How a request that got no complete response failed. `timeout` and `transient` are worth
 * another attempt; `fatal` (TLS certificate errors, invalid arguments, unknown codes) is not.
 */
export type NetworkFailure = 'timeout' | 'transient' | 'fatal'

export type ResponseHeaders = Dispatcher.ResponseData['headers']

type ResponseBody = Dispatcher.ResponseData['body']

export interface UpstreamRequest {
  url: string | URL
  headers: Record<string, string>
  body: string | Buffer
  dispatcher: Dispatcher
  /** Deadline of the whole exchange: connect, send, headers and the kept part of the body. */
  timeoutMs: number
  /** Bytes of the response body to keep. */
  maxBodyBytes: number
  signal?: AbortSignal
}

export type UpstreamOutcome =
  | { type: 'response', status: number, headers: ResponseHeaders, body: Buffer }
  | { type: 'failure', failure: NetworkFailure, code: string | undefined, error: unknown }

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'
])

const transientCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'EHOSTDOWN', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'
])

/** Bytes read and dropped after the kept prefix before undici closes the socket instead. */
const drainLimitBytes = 128 * 1024

/**
 * Sends one POST. Returns the status, headers and body prefix, or the failure class. Throws
 * only when the caller's signal aborts, with the signal's reason.
 */
export async function postUpstream (options: UpstreamRequest): Promise<UpstreamOutcome> {
  const attempt = startAttempt(options.timeoutMs, options.signal)
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher,
      signal: attempt.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs
    })
    const body = await readBodyPrefix(response.body, options.maxBodyBytes)
    return { type: 'response', status: response.statusCode, headers: response.headers, body }
  } catch (error) {
    options.signal?.throwIfAborted()
    const failure = attempt.timedOut() ? 'timeout' : classifyNetworkError(error)
    return { type: 'failure', failure, code: errorCode(error), error }
  } finally {
    attempt.dispose()
  }
}

/** Classifies an error by its `code` (undici's or the operating system's). */
export function classifyNetworkError (error: unknown): NetworkFailure {
  const code = errorCode(error)
  if (code !== undefined && timeoutCodes.has(code)) {
    return 'timeout'
  }
  if (code !== undefined && transientCodes.has(code)) {
    return 'transient'
  }
  return 'fatal'
}

/**
 * Returns the error's `code`, also from its cause or, for the AggregateError of a connection
 * attempt to several addresses, from its first error.
 */
export function errorCode (error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined
  }
  const { code, cause, errors } = error as { code?: unknown, cause?: unknown, errors?: unknown }
  if (typeof code === 'string') {
    return code
  }
  if (cause !== undefined) {
    return errorCode(cause)
  }
  if (Array.isArray(errors)) {
    return errorCode(errors[0])
  }
  return undefined
}

/** Returns the first `maxBytes` of a body, then drains or destroys the rest. */
export async function readBodyPrefix (body: ResponseBody, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0

  // A late error after this function returned must not become an uncaught exception.
  body.on('error', () => {})

  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      body.off('data', onData).off('end', stop).off('close', stop).off('error', onError)
      resolve()
    }
    const onError = (error: Error): void => {
      body.off('data', onData).off('end', stop).off('close', stop).off('error', onError)
      reject(error)
    }
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk)
      size += chunk.length
      if (size >= maxBytes) {
        body.pause()
        stop()
      }
    }
    body.on('data', onData).once('end', stop).once('close', stop).once('error', onError)
  })

  await body.dump({ limit: drainLimitBytes })
  return Buffer.concat(chunks).subarray(0, maxBytes)
}

interface Attempt {
  signal: AbortSignal
  timedOut: () => boolean
  dispose: () => void
}

/** Returns a signal that aborts when `timeoutMs` passes or the caller's signal aborts. */
function startAttempt (timeoutMs: number, parent: AbortSignal | undefined): Attempt {
  const controller = new AbortController()
  let timedOut = false

  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError'))
  }, timeoutMs)
  const onAbort = (): void => controller.abort(parent?.reason)

  if (parent?.aborted === true) {
    onAbort()
  } else {
    parent?.addEventListener('abort', onAbort, { once: true })
  }

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onAbort)
    }
  }
}

/** Returns scheme, host and path of a URL for messages, without credentials or query. */
export function describeEndpoint (url: string | URL): string {
  try {
    const parsed = new URL(url)
    return parsed.origin + parsed.pathname
  } catch {
    return '(invalid URL)'
  }
}

/** Statuses after which the same request may succeed later. */
export function isTransientStatus (status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}
