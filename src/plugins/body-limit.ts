// Counts request body bytes as they stream, for every content type. A body over its size limit
// fails with a 413 as soon as it passes the limit, and the bytes are charged to the caller's rate
// limit. This runs as a preParsing hook, after the route's onRequest hooks identified the
// caller, so a caller over its budget gets its 429 before any of the body is read.

import { Transform, type TransformCallback } from 'node:stream'
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify'
import type { Limits } from '../config/schema.js'
import { RelayError } from '../errors.js'
import type { CallerRateLimiter } from './rate-limit.js'

interface BodyLimit {
  bytes: number
  describe: () => RelayError
}

/**
 * Passes bytes through and fails once more than `limit` have passed. `receivedEncodedLength` is
 * the property Fastify reads from a stream that a preParsing hook returns.
 */
export class BodyCounter extends Transform {
  receivedEncodedLength = 0
  readonly #limit: BodyLimit
  readonly #onBytes: (bytes: number) => void
  readonly #onEnd: () => void

  constructor (limit: BodyLimit, onBytes: (bytes: number) => void, onEnd: () => void) {
    super()
    this.#limit = limit
    this.#onBytes = onBytes
    this.#onEnd = onEnd
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length
    this.#onBytes(chunk.length)
    if (this.receivedEncodedLength > this.#limit.bytes) {
      callback(this.#limit.describe())
      return
    }
    callback(null, chunk)
  }

  override _flush (callback: TransformCallback): void {
    this.#onEnd()
    callback()
  }
}

export function bodyLimitHook (limits: () => Limits, rateLimiter: CallerRateLimiter) {
  return async function limitBody (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> {
    const caller = request.caller?.name
    if (caller !== undefined) {
      admitCaller(rateLimiter, caller, reply)
    }

    const limit = limitFor(request.headers['content-type'], limits())
    const declared = Number(request.headers['content-length'])
    if (declared > limit.bytes) {
      throw limit.describe()
    }

    const counter = new BodyCounter(limit, (bytes) => {
      if (caller !== undefined) rateLimiter.chargeBytes(caller, bytes)
    }, () => { stopIdleTimeout(request) })
    forward(payload, counter)
    return counter
  }
}

function admitCaller (rateLimiter: CallerRateLimiter, caller: string, reply: FastifyReply): void {
  const rejection = rateLimiter.admit(caller)
  if (rejection === undefined) {
    return
  }
  void reply.header('retry-after', String(rejection.retryAfterSeconds))
  const budget = rejection.kind === 'requests'
    ? `${rejection.perMinute} requests per minute`
    : `${rejection.perMinute} body bytes per minute`
  throw new RelayError('WFM_RELAY_RATE_LIMITED',
    `caller "${caller}" has used up its budget of ${budget}; retry after ` +
    `${rejection.retryAfterSeconds} s`)
}

function limitFor (contentType: string | undefined, limits: Limits): BodyLimit {
  if (/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    const bytes = limits.jsonBodyBytes
    return {
      bytes,
      describe: () => new RelayError('WFM_RELAY_BODY_TOO_LARGE',
        `the JSON body is larger than ${bytes} bytes (limits.jsonBodyBytes); send large ` +
        'uploads as CSV or NDJSON, which are streamed')
    }
  }
  const bytes = limits.maxBodyBytes
  return {
    bytes,
    describe: () => new RelayError('WFM_RELAY_BODY_TOO_LARGE',
      `the request body is larger than ${bytes} bytes (limits.maxBodyBytes); split the upload ` +
      'into several requests')
  }
}

/**
 * Pipes the request into the counter without letting the counter's failure destroy the
 * request, because the socket must stay open for the 413. A client that goes away before the
 * end fails the counter, so no reader waits forever.
 */
function forward (payload: RequestPayload & { complete?: boolean }, counter: BodyCounter): void {
  const abort = (error?: Error): void => {
    if (!counter.destroyed && !counter.writableEnded) {
      counter.destroy(error ?? abortedError())
    }
  }
  payload.on('error', abort)
  payload.on('close', () => {
    if (payload.complete === false) abort()
  })
  payload.pipe(counter)
}

function abortedError (): RelayError {
  return new RelayError('WFM_RELAY_INVALID_BODY',
    'the client closed the connection before the request body ended')
}

/**
 * Turns off the idle timeout once the whole body is in. The caller then waits, silent, for
 * the relay to push its upload, which must not count as an idle connection.
 */
function stopIdleTimeout (request: FastifyRequest): void {
  const socket = request.raw.socket as { setTimeout?: (ms: number) => unknown } | null
  if (typeof socket?.setTimeout === 'function') {
    socket.setTimeout(0)
  }
}

/** Closes the connection after a response sent before the body was read to its end. */
export async function closeUnreadBody (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.raw.complete === false) {
    void reply.header('connection', 'close')
  }
}
