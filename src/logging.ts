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

export function createLogger (level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' }
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
