// Fastify and Node server options from the config's `server` section, so a client that sends
// its headers or body slowly, or not at all, loses its connection instead of holding it.

import type { ServerTimeouts } from '../config/schema.js'

export interface TimeoutOptions {
  connectionTimeout: number
  requestTimeout: number
  keepAliveTimeout: number
  http: {
    headersTimeout: number
    requestTimeout: number
    connectionsCheckingInterval: number
  }
}

/** Node checks headersTimeout and requestTimeout on this period; its default is 30 s. */
const maxCheckingIntervalMs = 30_000
const minCheckingIntervalMs = 50

/**
 * Returns the options for Fastify(). Throws when headersTimeoutMs is larger than a nonzero
 * requestTimeoutMs, which Node's http.createServer rejects with a less helpful message.
 */
export function serverTimeoutOptions (timeouts: ServerTimeouts): TimeoutOptions {
  const { headersTimeoutMs, requestTimeoutMs, connectionTimeoutMs, keepAliveTimeoutMs } = timeouts
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new Error(`server.headersTimeoutMs (${headersTimeoutMs}) must not be larger than ` +
      `server.requestTimeoutMs (${requestTimeoutMs})`)
  }

  // The check runs often enough that a timeout fires within about a tenth of its length late.
  const shortest = requestTimeoutMs > 0 ? Math.min(headersTimeoutMs, requestTimeoutMs) : headersTimeoutMs
  const interval = Math.min(maxCheckingIntervalMs, Math.max(minCheckingIntervalMs, Math.floor(shortest / 10)))
  return {
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    http: {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: interval
    }
  }
}
