// The relay's pino logger. Every path that can carry a secret is redacted, so a secret reaches
// no log line at any level even when an error object or a request is logged whole.

import pino, { type DestinationStream, type Logger } from 'pino'

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  '*.authorization',
  '*.Authorization',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey'
]

/**
 * Query parameters whose values appear in logs. A caller may send anything else, an API key
 * included, in the query string by mistake, so other parameters are logged as `[redacted]`.
 */
const loggedQueryParameters = new Set([
  'sourceId', 'interval', 'profile', 'pushToken', 'dryRun', 'state', 'limit', 'cursor'
])

/** Returns the URL with the names and values of unknown query parameters replaced. */
export function redactQuery (url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) {
    return url
  }
  const parameters = [...new URLSearchParams(url.slice(mark + 1))].map(([name, value]) =>
    loggedQueryParameters.has(name) ? `${name}=${encodeURIComponent(value)}` : '[redacted]')
  return `${url.slice(0, mark)}?${parameters.join('&')}`
}

interface LoggedRequest {
  method?: string
  url?: string
  host?: string
  ip?: string
  socket?: { remotePort?: number } | null
}

/** Fastify's request fields, with the query string redacted. */
function serializeRequest (request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactQuery(request.url ?? ''),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}

export function createLogger (level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest }
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
