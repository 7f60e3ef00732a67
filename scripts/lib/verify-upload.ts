// Checks what the WFM simulator recorded for one upload against the WFM's rules: one pushToken,
// chunks in order, lastChunk=true on the last chunk only, UTC timestamps on interval boundaries.

import type { Upload } from '../../sim/wfm-simulator.js'

export interface UploadExpectations {
  rows: number
  chunks: number
  sourceId: string
  intervalSeconds: number
}

const utcTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Returns every problem found; an empty list means the upload arrived as expected. */
export function verifyUpload (upload: Upload | undefined, expected: UploadExpectations): string[] {
  if (upload === undefined) return ['the WFM recorded no upload with this pushToken']

  const problems: string[] = []
  if (!upload.completed) problems.push('the upload was not completed with lastChunk=true')
  if (upload.chunks.length !== expected.chunks) {
    problems.push(`expected ${expected.chunks} chunks, the WFM got ${upload.chunks.length}`)
  }

  let rows = 0
  upload.chunks.forEach((chunk, index) => {
    const isLast = index === upload.chunks.length - 1
    if (chunk.lastChunk !== isLast) problems.push(`chunk ${index + 1} has lastChunk=${String(chunk.lastChunk)}`)
    if (chunk.query.pushToken !== upload.pushToken) problems.push(`chunk ${index + 1} has another pushToken`)
    if (chunk.query.sourceId !== expected.sourceId) problems.push(`chunk ${index + 1} has sourceId ${String(chunk.query.sourceId)}`)
    if (chunk.query.historicalDataInterval !== String(expected.intervalSeconds)) {
      problems.push(`chunk ${index + 1} has historicalDataInterval ${String(chunk.query.historicalDataInterval)}`)
    }
    for (const row of chunk.rows) {
      rows++
      problems.push(...checkTimestamp(row[0] ?? '', expected.intervalSeconds))
    }
  })
  if (rows !== expected.rows) problems.push(`expected ${expected.rows} rows, the WFM got ${rows}`)
  return problems.slice(0, 20)
}

function checkTimestamp (text: string, intervalSeconds: number): string[] {
  if (!utcTimestamp.test(text)) return [`timestamp ${text} is not YYYY-MM-DDTHH:mm:ssZ`]
  const epochSeconds = Date.parse(text) / 1000
  if (epochSeconds % intervalSeconds !== 0) return [`timestamp ${text} is not on a ${intervalSeconds} s boundary`]
  return []
}
