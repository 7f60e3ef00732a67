// JSON uploads: a parsed body {"rows": [...]}, or an NDJSON stream with one row object per line.

import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { RelayError } from '../errors.js'
import { describeJsonValue, readJsonRow } from './json-row.js'
import { DecodingError, LineDecoder } from './line-decoder.js'
import type { RecordOutcome } from './record-outcome.js'
import type { IngestSession } from './session.js'

const bodyShape = 'send a JSON object of the form ' +
  '{"rows": [{"intervalStart": ..., "queue": ..., "offered": ..., "aht": ...}]}'

/**
 * Reads a parsed JSON body into the session; row N is reported as line N.
 * Throws WFM_RELAY_INVALID_BODY when the body is not an object with only a `rows` array.
 */
export async function readJsonRows (body: unknown, session: IngestSession): Promise<void> {
  const rows = rowsOf(body)
  const file = session.openFile()
  try {
    for (let index = 0; index < rows.length; index += 1) {
      await session.acceptRecord(readJsonRow(rows[index], session.intervalSeconds), index + 1, file)
    }
  } finally {
    session.closeFile(file)
  }
}

function rowsOf (body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    let kind = `a ${typeof body}`
    if (Array.isArray(body)) {
      kind = 'an array'
    } else if (body === null) {
      kind = 'null'
    }
    throw new RelayError('WFM_RELAY_INVALID_BODY', `the JSON body is ${kind}; ${bodyShape}`)
  }
  const unknown = Object.keys(body).filter((key) => key !== 'rows')
  if (unknown.length > 0) {
    throw new RelayError('WFM_RELAY_INVALID_BODY',
      `the JSON body has the unknown property ${JSON.stringify(unknown[0])}; ${bodyShape}`)
  }
  const rows = Object.hasOwn(body, 'rows') ? (body as { rows: unknown }).rows : undefined
  if (!Array.isArray(rows)) {
    const found = rows === undefined ? 'is missing' : `is ${describeJsonValue(rows)}, not an array`
    throw new RelayError('WFM_RELAY_INVALID_BODY', `the JSON body's rows ${found}; ${bodyShape}`)
  }
  return rows
}

/**
 * Reads an NDJSON stream (UTF-8, one row object per line, blank lines skipped) into the
 * session. A line that is not JSON is a row error. Throws WFM_RELAY_INVALID_ROWS for invalid
 * UTF-8, WFM_RELAY_ROW_TOO_LARGE for a line over limits.maxLineBytes and
 * WFM_RELAY_BODY_TOO_LARGE for more rows than limits.maxRows; errors of the input stream pass
 * through unchanged.
 */
export async function readNdjson (
  input: Readable,
  session: IngestSession,
  options: { fileName?: string } = {}
): Promise<void> {
  const file = session.openFile(options.fileName)
  let line = 0

  // As in readCsv: the reader's own error, not the AbortError of the torn-down streams.
  let readerError: unknown
  const readLines = async (blocks: AsyncIterable<string>): Promise<void> => {
    try {
      for await (const block of blocks) {
        await readBlock(block)
      }
    } catch (error) {
      readerError = error
      throw error
    }
  }
  const readBlock = async (block: string): Promise<void> => {
    const lines = block.split('\n')
    // A block ends with a line feed, except the last block of a file without a final one.
    if (block.endsWith('\n')) {
      lines.pop()
    }
    for (const text of lines) {
      line += 1
      if (/^[ \t\r]*$/.test(text)) {
        continue
      }
      await session.acceptRecord(readNdjsonLine(text, session.intervalSeconds), line, file)
    }
  }

  try {
    await pipeline(input, new LineDecoder('utf-8', session.limits.maxLineBytes), readLines)
  } catch (caught) {
    const error = readerError ?? caught
    if (error instanceof DecodingError) {
      const code = error.reason === 'invalid-bytes' ? 'WFM_RELAY_INVALID_ROWS' : 'WFM_RELAY_ROW_TOO_LARGE'
      throw session.failUpload(code, { field: 'row', message: error.message }, error.line, file)
    }
    throw error
  } finally {
    session.closeFile(file)
  }
}

function readNdjsonLine (text: string, intervalSeconds: number): RecordOutcome {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    // V8's wording differs between Node versions, so only the position is taken from it.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1]
    const where = position === undefined ? '' : ` at character ${Number(position) + 1}`
    return {
      kind: 'invalid',
      errors: [{
        field: 'row',
        value: line.length > 80 ? line.slice(0, 80) + '…' : line,
        message: `the line is not valid JSON${where}; write one JSON object per line`
      }]
    }
  }
  return readJsonRow(value, intervalSeconds)
}
