// Checks of what the sink accepted. A run that fails one throws, so no figure comes from an
// upload that lost or repeated rows.

import type { SinkState } from '../sink/sink-server.js'
import type { SinkUpload } from '../sink/upload-tally.js'

export interface ExpectedUpload {
  rows: number
  bytes: number
}

/** Throws unless the upload is complete, with lastChunk on its last chunk only, and the expected size. */
export function verifyUpload (upload: SinkUpload | undefined, expected: ExpectedUpload, label: string): asserts upload is SinkUpload & { completedAt: number } {
  if (upload === undefined) throw new Error(`${label}: the sink received no chunk of the upload`)
  if (upload.lastChunkPosition !== upload.chunks || upload.completedAt === undefined) {
    throw new Error(`${label}: upload ${upload.pushToken} has ${upload.chunks} chunk(s) and lastChunk on ` +
      `${upload.lastChunkPosition === undefined ? 'none' : `chunk ${upload.lastChunkPosition}`}`)
  }
  if (upload.rows !== expected.rows || upload.bytes !== expected.bytes) {
    throw new Error(`${label}: upload ${upload.pushToken} has ${upload.rows} rows in ${upload.bytes} bytes, ` +
      `expected ${expected.rows} rows in ${expected.bytes} bytes`)
  }
}

/** Throws when the sink rejected any push request. */
export function verifyNoRejections (state: Pick<SinkState, 'rejections'>, label: string): void {
  const rejected = Object.entries(state.rejections)
  if (rejected.length > 0) {
    throw new Error(`${label}: the sink rejected push requests: ${rejected.map(([code, count]) => `${code} x${count}`).join(', ')}`)
  }
}

/** Finds the upload of `pushToken`, checks it and every other accepted request, and returns it. */
export function verifiedUpload (state: SinkState, pushToken: string, expected: ExpectedUpload, label: string): SinkUpload & { completedAt: number } {
  verifyNoRejections(state, label)
  const upload = state.uploads.find((candidate) => candidate.pushToken === pushToken)
  verifyUpload(upload, expected, label)
  if (state.uploads.length !== 1) {
    throw new Error(`${label}: the sink has ${state.uploads.length} uploads, expected only ${pushToken}`)
  }
  return upload
}
