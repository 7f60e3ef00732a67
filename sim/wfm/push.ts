import type { IncomingMessage } from 'node:http'

import type { AuthorizationCheck } from './auth-check.js'
import { maxBodyBytes } from './body.js'
import type { ReadBody } from './body.js'
import { checkCsvBody, defaultColumns } from './csv-check.js'
import { parsePushQuery, queryToRecord } from './query-check.js'
import { recordHeaders } from './recorder.js'
import type { Recorder } from './recorder.js'
import { reject } from './types.js'
import type { Chunk, Rejection, Upload } from './types.js'

export interface PushContext {
  recorder: Recorder
  /** Undefined skips the token checks. */
  checkAuthorization: AuthorizationCheck | undefined
  csvColumns: Record<string, string[]>
}

export type PushOutcome = Rejection | { upload: Upload, chunk: Chunk }

function checkContentType (contentType: string | undefined): Rejection | undefined {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim())
  const charset = parameters
    .find((parameter) => parameter.toLowerCase().startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '')
    .toLowerCase()

  if (mediaType.toLowerCase() === 'text/csv' && (charset === undefined || charset === 'utf-8')) {
    return undefined
  }
  const message = `Content-Type "${contentType ?? ''}" is not supported: use text/csv`
  return reject(415, 'unsupported_media_type', message)
}

/**
 * Checks one push request and records it as a chunk of its upload. The checks run in this
 * order and the first failure decides the response: Tenant-ID, bearer token, body size,
 * Content-Type, query parameters, fit with the upload so far, CSV body.
 */
export async function processPush (
  request: IncomingMessage,
  url: URL,
  received: ReadBody,
  context: PushContext
): Promise<PushOutcome> {
  const tenant = request.headers['tenant-id']
  if (typeof tenant !== 'string' || tenant === '') {
    return reject(400, 'missing_tenant', 'The Tenant-ID header is missing: send the realm name')
  }

  if (context.checkAuthorization !== undefined) {
    const problem = await context.checkAuthorization(request.headers.authorization, tenant)
    if (problem !== undefined) return problem
  }

  if (received.tooLarge) {
    const message = `The body has ${received.bytes} bytes, over the limit of ${maxBodyBytes}`
    return reject(413, 'body_too_large', message)
  }

  const contentTypeProblem = checkContentType(request.headers['content-type'])
  if (contentTypeProblem !== undefined) return contentTypeProblem

  // Nothing below awaits, so two chunks of one upload cannot interleave their check and record.
  const query = parsePushQuery(url.searchParams)
  if ('status' in query) return query

  const conflict = context.recorder.checkFits(tenant, query)
  if (conflict !== undefined) return conflict

  const columns = context.csvColumns[tenant] ?? defaultColumns
  const csvContext = { columns, sourceId: query.sourceId, interval: query.interval }
  const rows = checkCsvBody(received.body, csvContext)
  if (!Array.isArray(rows)) return rows

  return context.recorder.addChunk({
    tenant,
    query,
    body: received.body,
    rows,
    headers: recordHeaders(request.headers, context.recorder.rawAuthorization),
    rawQuery: queryToRecord(url.searchParams)
  })
}
