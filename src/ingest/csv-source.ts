// Reads one CSV file into a session: strict decoding, RFC 4180 parsing, the header, then one
// record at a time with the sink awaited, so memory stays at a few chunks.

import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ErrorCode } from '../errors.js'
import { createCanonicalLayout } from './canonical-layout.js'
import { HeaderError, type CsvLayout } from './csv-layout.js'
import { CsvRecordParser, CsvSyntaxError, maxUtf8BytesPerCodeUnit } from './csv-records.js'
import { DecodingError, LineDecoder, maxLineBytes, resolveCharset } from './line-decoder.js'
import { createProfileLayout } from './profile-layout.js'
import type { IngestSession, UploadFile } from './session.js'

/**
 * Default maximum size of a record; a record may span lines inside quotes. The session's
 * limits.maxLineBytes sets it.
 */
export const maxRecordBytes = maxLineBytes

interface LocatedRecord {
  fields: string[]
  line: number
}

/**
 * Reads a CSV upload into the session. Structural failures throw a RelayError:
 * WFM_RELAY_MISSING_COLUMN or WFM_RELAY_UNKNOWN_COLUMN for the header, WFM_RELAY_INVALID_ROWS
 * for invalid bytes or broken quoting, WFM_RELAY_ROW_TOO_LARGE for a line, record or field
 * over its limit or a record with too many fields, WFM_RELAY_BODY_TOO_LARGE for more rows
 * than limits.maxRows, WFM_RELAY_EMPTY_UPLOAD for a file without a header, and
 * WFM_RELAY_UNSUPPORTED_MEDIA_TYPE for an unknown charset. Errors of the input stream itself
 * pass through unchanged. Invalid rows are recorded in the session.
 */
export async function readCsv (
  input: Readable,
  session: IngestSession,
  options: { charset?: string, fileName?: string } = {}
): Promise<void> {
  const encoding = resolveCharset(options.charset)
  const file = session.openFile(options.fileName)
  const { maxLineBytes: maxRecordSize } = session.limits
  const parser = new CsvRecordParser(session.profile?.delimiter ?? ',', maxRecordSize)
  let layout: CsvLayout | undefined

  // Records of one decoded block are collected, then passed to the session one by one.
  let records: LocatedRecord[] = []
  const collect = (fields: string[], line: number): void => { records.push({ fields, line }) }
  const acceptCollected = async (): Promise<void> => {
    const batch = records
    records = []
    for (const { fields, line } of batch) {
      // Wholly empty lines and lines of only delimiters and whitespace carry no row.
      if (isBlankRecord(fields)) continue
      checkRecordSize(session, fields, line, file)
      if (layout === undefined) {
        layout = readHeader(session, fields, line, file)
        continue
      }
      await session.acceptRecord(layout.readRecord(fields), line, file)
    }
  }
  // A syntax error is reported after the records before it, which may fail the upload first.
  const parseThenAccept = async (parse: () => void): Promise<void> => {
    let syntaxError: unknown
    try {
      parse()
    } catch (error) {
      syntaxError = error
    }
    await acceptCollected()
    if (syntaxError !== undefined) throw syntaxError
  }

  // When the reader fails while the streams before it still run, stream.pipeline reports the
  // AbortError of tearing them down. The reader's own error is kept to be reported instead.
  let readerError: unknown
  const readBlocks = async (blocks: AsyncIterable<string>): Promise<void> => {
    try {
      for await (const text of blocks) {
        await parseThenAccept(() => { parser.write(text, collect) })
      }
      await parseThenAccept(() => { parser.end(collect) })
    } catch (error) {
      readerError = error
      throw error
    }
  }

  try {
    await pipeline(input, new LineDecoder(encoding, maxRecordSize), readBlocks)
  } catch (error) {
    throw toRelayError(readerError ?? error, session, file)
  } finally {
    session.closeFile(file)
  }

  if (layout === undefined) {
    throw session.failUpload('WFM_RELAY_EMPTY_UPLOAD',
      { field: 'header', message: emptyFileMessage(session) }, 1, file)
  }
}

function isBlankRecord (fields: string[]): boolean {
  for (const field of fields) {
    if (field.trim() !== '') return false
  }
  return true
}

/** Throws WFM_RELAY_ROW_TOO_LARGE for a record with too many fields or too long a field. */
function checkRecordSize (session: IngestSession, fields: string[], line: number, file: UploadFile): void {
  const { maxColumns, maxFieldBytes } = session.limits
  if (fields.length > maxColumns) {
    throw session.failUpload('WFM_RELAY_ROW_TOO_LARGE', {
      field: 'row',
      message: `line ${line} has ${fields.length} fields; the maximum is ${maxColumns} ` +
        '(limits.maxColumns). Check the delimiter of the file'
    }, line, file)
  }

  for (const [position, field] of fields.entries()) {
    if (field.length * maxUtf8BytesPerCodeUnit <= maxFieldBytes) {
      continue
    }
    const bytes = Buffer.byteLength(field)
    if (bytes > maxFieldBytes) {
      throw session.failUpload('WFM_RELAY_ROW_TOO_LARGE', {
        field: 'row',
        message: `field ${position + 1} on line ${line} is ${bytes} bytes long; the maximum is ` +
          `${maxFieldBytes} (limits.maxFieldBytes). Check for a quote that is never closed`
      }, line, file)
    }
  }
}

function readHeader (session: IngestSession, header: string[], line: number, file: UploadFile): CsvLayout {
  try {
    return session.profile === undefined
      ? createCanonicalLayout(header, session.intervalSeconds)
      : createProfileLayout(session.profile, header, session.intervalSeconds)
  } catch (error) {
    if (error instanceof HeaderError) {
      throw session.failUpload(error.code, { field: error.column, message: error.message }, line, file)
    }
    throw error
  }
}

function emptyFileMessage (session: IngestSession): string {
  const expected = session.profile === undefined
    ? 'intervalStart, queue, offered and aht'
    : `the columns of profile "${session.profile.name}"`
  return `the CSV has no header row; send a header naming ${expected}, then one row per queue and interval`
}

function toRelayError (error: unknown, session: IngestSession, file: UploadFile): unknown {
  if (error instanceof DecodingError) {
    const code: ErrorCode = error.reason === 'invalid-bytes' ? 'WFM_RELAY_INVALID_ROWS' : 'WFM_RELAY_ROW_TOO_LARGE'
    return session.failUpload(code, { field: 'row', message: error.message }, error.line, file)
  }
  if (error instanceof CsvSyntaxError) {
    const code: ErrorCode = error.problem === 'record-too-large' ? 'WFM_RELAY_ROW_TOO_LARGE' : 'WFM_RELAY_INVALID_ROWS'
    const message = describeSyntaxError(error, session.limits.maxLineBytes)
    return session.failUpload(code, { field: 'row', message }, error.line, file)
  }
  return error
}

function describeSyntaxError (error: CsvSyntaxError, maxRecordSize: number): string {
  const row = `the row starting on line ${error.line}`
  switch (error.problem) {
    case 'quote-not-closed':
      return `${row} has a quoted field that is never closed; end the field with a quote (") ` +
        'and double every quote inside it ("")'
    case 'invalid-closing-quote':
      return `${row} has text between a closing quote and the next delimiter; quote the whole ` +
        'field and double every quote inside it ("")'
    case 'invalid-opening-quote':
      return `${row} has a quote (") inside an unquoted field; quote the whole field and double ` +
        'every quote inside it ("")'
    case 'record-too-large':
      return `${row} is longer than ${maxRecordSize} bytes (limits.maxLineBytes); check ` +
        'for a quote that is never closed or a wrong delimiter'
  }
}
