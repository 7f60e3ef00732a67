import type { IncomingHttpHeaders } from 'node:http'

import { reject } from './types.js'
import type { Chunk, RecordedRequest, Rejection, Upload } from './types.js'
import type { PushQuery } from './query-check.js'

export interface RecorderOptions {
  /** Keep each chunk's body and rows; false keeps only their counts. */
  keepBodies: boolean
  /** Record the Authorization header as sent; false replaces its credentials. */
  rawAuthorization: boolean
}

export interface AcceptedChunk {
  tenant: string
  query: PushQuery
  body: Buffer
  rows: string[][]
  headers: Record<string, string>
  rawQuery: Record<string, string | string[]>
}

/** Converts node's headers to single strings and hides credentials unless `rawAuthorization`. */
export function recordHeaders (
  headers: IncomingHttpHeaders,
  rawAuthorization: boolean
): Record<string, string> {
  const record: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    record[name] = Array.isArray(value) ? value.join(', ') : value
  }

  const authorization = record.authorization
  if (authorization !== undefined && !rawAuthorization) {
    const scheme = authorization.split(' ')[0] ?? ''
    record.authorization = `${scheme} <redacted>`
  }
  return record
}

/** Stores uploads by pushToken and every request in arrival order. */
export class Recorder {
  readonly #options: RecorderOptions
  #uploads = new Map<string, Upload>()
  #requests: RecordedRequest[] = []

  constructor (options: RecorderOptions) {
    this.#options = options
  }

  get rawAuthorization (): boolean {
    return this.#options.rawAuthorization
  }

  uploads (): Upload[] {
    return [...this.#uploads.values()]
  }

  upload (pushToken: string): Upload | undefined {
    return this.#uploads.get(pushToken)
  }

  requests (): RecordedRequest[] {
    return [...this.#requests]
  }

  addRequest (request: RecordedRequest): void {
    this.#requests.push(request)
  }

  /** Rejects a chunk that does not fit the upload its pushToken already started. */
  checkFits (tenant: string, query: PushQuery): Rejection | undefined {
    const upload = this.#uploads.get(query.pushToken)
    if (upload === undefined) return undefined

    const prefix = `Upload ${query.pushToken}`
    if (upload.completed) {
      return reject(409, 'upload_completed', `${prefix} already received its last chunk`)
    }
    if (upload.tenant !== tenant) {
      return reject(409, 'upload_conflict', `${prefix} belongs to tenant "${upload.tenant}"`)
    }
    if (upload.sourceId !== query.sourceId) {
      return reject(409, 'upload_conflict', `${prefix} has sourceId "${upload.sourceId}"`)
    }
    if (upload.interval !== query.interval) {
      const message = `${prefix} has historicalDataInterval ${upload.interval}`
      return reject(409, 'upload_conflict', message)
    }
    return undefined
  }

  /** Adds an accepted chunk to its upload, creating the upload for a new pushToken. */
  addChunk (accepted: AcceptedChunk): { upload: Upload, chunk: Chunk } {
    const { tenant, query } = accepted
    let upload = this.#uploads.get(query.pushToken)
    if (upload === undefined) {
      upload = {
        tenant,
        pushToken: query.pushToken,
        sourceId: query.sourceId,
        interval: query.interval,
        chunks: [],
        completed: false
      }
      this.#uploads.set(query.pushToken, upload)
    }

    const keep = this.#options.keepBodies
    const chunk: Chunk = {
      index: upload.chunks.length,
      lastChunk: query.lastChunk,
      body: keep ? accepted.body : Buffer.alloc(0),
      rows: keep ? accepted.rows : [],
      bodyBytes: accepted.body.length,
      rowCount: accepted.rows.length,
      headers: accepted.headers,
      query: accepted.rawQuery
    }
    upload.chunks.push(chunk)
    upload.completed = query.lastChunk
    return { upload, chunk }
  }

  clear (): void {
    this.#uploads.clear()
    this.#requests = []
  }
}
