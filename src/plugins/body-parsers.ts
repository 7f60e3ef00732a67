// Body handling by Content-Type. CSV and NDJSON bodies stay streams that the ingest layer reads
// with backpressure; JSON is parsed whole, within its own size limit; multipart is read part by
// part by the upload route.

import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'

export const acceptedMediaTypes = [
  'text/csv',
  'multipart/form-data',
  'application/json',
  'application/x-ndjson'
]

export async function installBodyParsers (app: FastifyInstance): Promise<void> {
  const passStream = (_request: unknown, payload: unknown, done: (error: null, body: unknown) => void): void => {
    done(null, payload)
  }
  app.addContentTypeParser('text/csv', passStream)
  app.addContentTypeParser('application/x-ndjson', passStream)

  await app.register(multipart, {
    limits: {
      // Files are spooled to disk as they arrive, so only the count of parts is bounded here.
      fileSize: Number.MAX_SAFE_INTEGER,
      files: 100,
      fields: 20,
      fieldSize: 1024,
      parts: 120
    }
  })
}

/** Returns the media type without parameters, lower-cased, e.g. `text/csv`. */
export function mediaTypeOf (contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** Returns the `charset` parameter of a Content-Type header, lower-cased, if any. */
export function charsetOf (contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')
  return match?.[1]?.toLowerCase()
}
