// Body handling by Content-Type. CSV and NDJSON bodies stay streams that the ingest layer reads
// with backpressure. JSON is parsed whole, within its own size limit. Multipart bodies are read
// part by part by the upload route. The body limit hook counts every body as it streams.

import type { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Limits } from '../config/schema.js'
import { RelayError } from '../errors.js'
import { parseJsonBody } from '../ingest/json-body.js'
import type { RelayServices } from '../services.js'
import { bodyLimitHook, closeUnreadBody } from './body-limit.js'
import type { JsonMemoryBudget } from './json-memory.js'
import { CallerRateLimiter } from './rate-limit.js'

export const acceptedMediaTypes = [
  'text/csv',
  'multipart/form-data',
  'application/json',
  'application/x-ndjson'
]

/** The request.body of a multipart request: the body stream and the form limits. */
export interface MultipartBody {
  multipartStream: Readable
  limits: Limits['multipart']
}

export function isMultipartBody (body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, 'multipartStream')
}

type Done = (error: Error | null, body?: unknown) => void

/**
 * Installs the parsers and the body limit hooks. Limits are read from the config in force at
 * each request, except jsonBodyBytes, which Fastify's body reader takes at start.
 */
export async function installBodyParsers (
  app: FastifyInstance,
  services: RelayServices,
  jsonBudget: JsonMemoryBudget
): Promise<void> {
  const limits = (): Limits => services.runtime.config.limits
  const rateLimiter = new CallerRateLimiter(() => services.runtime.config)
  app.addHook('preParsing', bodyLimitHook(limits, rateLimiter))
  app.addHook('onSend', closeUnreadBody)

  const passStream = (_request: FastifyRequest, payload: Readable, done: Done): void => {
    done(null, payload)
  }
  app.addContentTypeParser('text/csv', passStream)
  app.addContentTypeParser('application/x-ndjson', passStream)
  app.addContentTypeParser('multipart/form-data', (_request: FastifyRequest, payload: Readable, done: Done) => {
    const body: MultipartBody = { multipartStream: payload, limits: limits().multipart }
    done(null, body)
  })

  app.removeContentTypeParser('application/json')
  // TODO: read {"rows": [...]} as a stream, row by row, as NDJSON is. Parsed whole, a JSON body
  // takes about four times its size on the heap, so jsonBodyBytes stays small and the bodies
  // read at once share a budget (json-memory.ts).
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: limits().jsonBodyBytes },
    (request: FastifyRequest, body: Buffer, done: Done) => {
      const release = jsonBudget.tryReserve(body.length)
      if (release === undefined) {
        done(serverBusy(jsonBudget))
        return
      }
      // The parsed rows stay on the heap until the upload's response is sent or the client leaves.
      jsonReleases.set(request, release)
      try {
        done(null, parseJsonBody(body))
      } catch (error) {
        done(error as Error)
      }
    })
  const releaseJson = async (request: FastifyRequest): Promise<void> => {
    jsonReleases.get(request)?.()
  }
  app.addHook('onResponse', releaseJson)
  app.addHook('onRequestAbort', releaseJson)
}

const jsonReleases = new WeakMap<FastifyRequest, () => void>()

function serverBusy (budget: JsonMemoryBudget): RelayError {
  const mebibytes = Math.round(budget.capacityBytes / 1024 / 1024)
  return new RelayError('WFM_RELAY_SERVER_BUSY',
    `the relay is reading other JSON bodies and has no room for this one in its ${mebibytes} MiB ` +
    'budget for parsed JSON; try again in a moment, or send the rows as NDJSON or CSV, which ' +
    'are read as streams', { retryAfterSeconds: 1 })
}

/** Returns the media type without parameters, lower-cased, e.g. `text/csv`. */
export function mediaTypeOf (contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * Returns the `charset` parameter of a Content-Type header, lower-cased, if any. An empty or
 * malformed value is returned as it is, so that it fails as an unknown charset instead of
 * silently meaning UTF-8.
 */
export function charsetOf (contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '')
  if (match === null) return undefined
  return (match[1] ?? match[2] ?? '').toLowerCase()
}
