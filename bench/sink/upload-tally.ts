// Counts what the sink accepted, per pushToken, without keeping any body: the numbers a bench
// run checks (rows, bytes, chunks, where lastChunk came) and the time of the last acknowledgement.

import type { PushQuery } from '../../sim/wfm/query-check.js'
import { reject, type Rejection } from '../../sim/wfm/types.js'

/** The chunks the sink accepted for one pushToken. */
export interface SinkUpload {
  pushToken: string
  tenant: string
  sourceId: string
  chunks: number
  /** Newline characters in the accepted bodies: one per WFM CSV row. */
  rows: number
  bytes: number
  /** Position (from 1) of the chunk that carried lastChunk=true, if one did. */
  lastChunkPosition?: number
  /** Date.now() when the first chunk was accepted. */
  firstChunkAt: number
  /** Date.now() just before the response to the lastChunk=true request was sent. */
  completedAt?: number
}

export interface ChunkCount {
  rows: number
  bytes: number
}

/** Counts of many uploads that should all have the same size, such as a load test's. */
export interface TallySummary {
  uploads: number
  rows: number
  bytes: number
  /** The first 100 uploads that are incomplete or differ from the expected size. */
  mismatched: SinkUpload[]
  mismatchedCount: number
}

const maxListedMismatches = 100

export class UploadTally {
  #uploads = new Map<string, SinkUpload>()
  #rejections = new Map<string, number>()

  /**
   * Returns the rejection for a chunk that does not fit its upload: one after the last chunk,
   * or one whose tenant or sourceId differs from the first chunk's.
   */
  checkFits (tenant: string, query: PushQuery): Rejection | undefined {
    const upload = this.#uploads.get(query.pushToken)
    if (upload === undefined) return undefined

    if (upload.lastChunkPosition !== undefined) {
      return reject(409, 'upload_completed',
        `Upload ${query.pushToken} already received its last chunk: use a new pushToken`)
    }
    if (upload.tenant !== tenant || upload.sourceId !== query.sourceId) {
      return reject(409, 'upload_conflict',
        `Upload ${query.pushToken} started with tenant "${upload.tenant}" and sourceId ` +
        `"${upload.sourceId}": send every chunk with the same values`)
    }
    return undefined
  }

  /** Adds an accepted chunk to its upload and returns the upload. */
  addChunk (tenant: string, query: PushQuery, count: ChunkCount): SinkUpload {
    let upload = this.#uploads.get(query.pushToken)
    if (upload === undefined) {
      upload = {
        pushToken: query.pushToken,
        tenant,
        sourceId: query.sourceId,
        chunks: 0,
        rows: 0,
        bytes: 0,
        firstChunkAt: Date.now()
      }
      this.#uploads.set(query.pushToken, upload)
    }

    upload.chunks++
    upload.rows += count.rows
    upload.bytes += count.bytes
    if (query.lastChunk) upload.lastChunkPosition = upload.chunks
    return upload
  }

  /** Summarizes every upload, listing those without lastChunk on their last chunk or of another size. */
  summarize (expected: ChunkCount): TallySummary {
    const summary: TallySummary = { uploads: 0, rows: 0, bytes: 0, mismatched: [], mismatchedCount: 0 }
    for (const upload of this.#uploads.values()) {
      summary.uploads++
      summary.rows += upload.rows
      summary.bytes += upload.bytes
      const complete = upload.lastChunkPosition === upload.chunks && upload.completedAt !== undefined
      if (complete && upload.rows === expected.rows && upload.bytes === expected.bytes) continue
      summary.mismatchedCount++
      if (summary.mismatched.length < maxListedMismatches) summary.mismatched.push(upload)
    }
    return summary
  }

  countRejection (error: string): void {
    this.#rejections.set(error, (this.#rejections.get(error) ?? 0) + 1)
  }

  uploads (): SinkUpload[] {
    return [...this.#uploads.values()]
  }

  /** Rejected push requests by error code. */
  rejections (): Record<string, number> {
    return Object.fromEntries(this.#rejections)
  }

  clear (): void {
    this.#uploads.clear()
    this.#rejections.clear()
  }
}
