// A WFM push endpoint for benchmarks. It checks each request as the WFM simulator does: Tenant-ID,
// bearer token, Content-Type, query parameters and fit with the upload so far. It does not parse
// the CSV but counts rows by newlines and keeps no body, so it costs little next to the relay.
// Control routes for the bench: GET /_bench/uploads (every upload), GET /_bench/summary?rows=&bytes=
// (counts, for load tests with hundreds of thousands of uploads) and POST /_bench/reset.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { closeServer, listen, sendJson } from '../../sim/http-server.js'
import { createAuthorizationCheck, type RealmDirectory } from '../../sim/wfm/auth-check.js'
import { maxBodyBytes } from '../../sim/wfm/body.js'
import { parsePushQuery } from '../../sim/wfm/query-check.js'
import { reject, type Rejection } from '../../sim/wfm/types.js'
import { pushPath } from '../../sim/wfm-simulator.js'
import { cacheAuthorizationCheck, type CachedAuthorizationCheck } from './token-cache.js'
import { UploadTally, type ChunkCount, type SinkUpload, type TallySummary } from './upload-tally.js'

export const uploadsPath = '/_bench/uploads'
export const summaryPath = '/_bench/summary'
export const resetPath = '/_bench/reset'

/** The body of GET /_bench/uploads. */
export interface SinkState {
  uploads: SinkUpload[]
  /** Rejected push requests by error code. */
  rejections: Record<string, number>
  /** Full token verifications since the sink started; cached tokens are not counted. */
  tokenVerifications: number
}

/** The body of GET /_bench/summary. */
export interface SinkSummary extends TallySummary {
  rejections: Record<string, number>
}

export interface SinkOptions {
  realms: RealmDirectory
  /** Default: 127.0.0.1. */
  host?: string
  /** Default: 0, a free port. */
  port?: number
}

export interface Sink {
  url: string
  pushUrl: string
  tally: UploadTally
  close: () => Promise<void>
}

const newline = 0x0A

/** Reads the whole body, counting bytes and newlines. */
async function countBody (request: IncomingMessage): Promise<ChunkCount & { lastByte?: number }> {
  let bytes = 0
  let rows = 0
  let lastByte: number | undefined
  for await (const part of request as AsyncIterable<Buffer>) {
    bytes += part.length
    for (let index = part.indexOf(newline); index !== -1; index = part.indexOf(newline, index + 1)) {
      rows++
    }
    lastByte = part.at(-1) ?? lastByte
  }
  return { bytes, rows, lastByte }
}

function checkContentType (contentType: string | undefined): Rejection | undefined {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase())
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length)
  if (mediaType === 'text/csv' && (charset === undefined || charset === 'utf-8')) return undefined
  return reject(415, 'unsupported_media_type', `Content-Type "${contentType ?? ''}" is not supported: use text/csv`)
}

/**
 * Counts rows by newlines, so a quoted field that contains a line break would count twice. The
 * relay's encoder quotes such fields, but the bench datasets contain none.
 */
function checkBody (count: ChunkCount & { lastByte?: number }): Rejection | undefined {
  if (count.bytes > maxBodyBytes) {
    return reject(413, 'body_too_large', `The body has ${count.bytes} bytes, over the limit of ${maxBodyBytes}`)
  }
  if (count.bytes === 0) return reject(400, 'empty_body', 'The body is empty: send at least one CSV row')
  if (count.lastByte !== newline) {
    return reject(400, 'incomplete_row', 'The body does not end with a newline: split chunks between rows')
  }
  return undefined
}

async function handlePush (
  request: IncomingMessage,
  url: URL,
  tally: UploadTally,
  authorization: CachedAuthorizationCheck
): Promise<Rejection | SinkUpload> {
  // The body is read in any case, so a rejected request leaves the connection reusable.
  const counting = countBody(request)

  const tenant = request.headers['tenant-id']
  if (typeof tenant !== 'string' || tenant === '') {
    await counting
    return reject(400, 'missing_tenant', 'The Tenant-ID header is missing: send the realm name')
  }
  const problem = await authorization.check(request.headers.authorization, tenant) ??
    checkContentType(request.headers['content-type'])
  const query = parsePushQuery(url.searchParams)
  const count = await counting
  if (problem !== undefined) return problem
  if ('status' in query) return query

  // Nothing below awaits, so two chunks of one upload cannot interleave their check and count.
  const bodyProblem = tally.checkFits(tenant, query) ?? checkBody(count)
  if (bodyProblem !== undefined) return bodyProblem
  return tally.addChunk(tenant, query, count)
}

function createListener (tally: UploadTally, authorization: CachedAuthorizationCheck) {
  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sink.invalid')
    if (url.pathname === pushPath && request.method === 'POST') {
      const outcome = await handlePush(request, url, tally, authorization)
      if ('status' in outcome) {
        tally.countRejection(outcome.error)
        const { status, ...body } = outcome
        sendJson(response, status, body)
        return
      }
      if (outcome.lastChunkPosition !== undefined) outcome.completedAt = Date.now()
      sendJson(response, 200, { pushToken: outcome.pushToken, chunks: outcome.chunks, rows: outcome.rows })
      return
    }

    request.resume()
    if (url.pathname === uploadsPath && request.method === 'GET') {
      const state: SinkState = {
        uploads: tally.uploads(),
        rejections: tally.rejections(),
        tokenVerifications: authorization.verifications()
      }
      sendJson(response, 200, state)
    } else if (url.pathname === summaryPath && request.method === 'GET') {
      const expected = { rows: Number(url.searchParams.get('rows')), bytes: Number(url.searchParams.get('bytes')) }
      const summary: SinkSummary = { ...tally.summarize(expected), rejections: tally.rejections() }
      sendJson(response, 200, summary)
    } else if (url.pathname === resetPath && request.method === 'POST') {
      tally.clear()
      response.writeHead(204).end()
    } else {
      sendJson(response, 404, { error: 'not_found', message: `No route for ${request.method ?? ''} ${url.pathname}` })
    }
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      console.error(`Bench sink failed on ${request.method ?? ''} ${requestPath(request)}:`, error)
      if (response.headersSent) {
        response.destroy()
        return
      }
      sendJson(response, 500, { error: 'internal_error', message: String(error) })
    })
  }
}

/** Returns the request path without its query string, which can be long. */
function requestPath (request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0] ?? ''
}

export async function startSink (options: SinkOptions): Promise<Sink> {
  const tally = new UploadTally()
  const authorization = cacheAuthorizationCheck(createAuthorizationCheck(options.realms))
  const server = createServer(createListener(tally, authorization))
  const baseUrl = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0)
  return {
    url: baseUrl,
    pushUrl: baseUrl + pushPath,
    tally,
    close: async () => { await closeServer(server) }
  }
}
