// Reads one CSV file into a session: strict decoding, RFC 4180 parsing with csv-parse, the
// header, then one record at a time with the sink awaited, so memory stays at a few chunks.

import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, parse, type Options } from 'csv-parse'
import type { ErrorCode } from '../errors.js'
import { createCanonicalLayout } from './canonical-layout.js'
import { HeaderError, type CsvLayout } from './csv-layout.js'
import { DecodingError, LineDecoder, maxLineBytes, resolveCharset } from './line-decoder.js'
import { createProfileLayout } from './profile-layout.js'
import type { IngestSession, UploadFile } from './session.js'

/** Maximum size in bytes of a record that csv-parse assembles. A record may span lines inside quotes. */
export const maxRecordBytes = maxLineBytes

interface LocatedRecord {
  fields: string[]
  line: number
}

/**
 * Counts physical lines. csv-parse 7.0.3 counts a CRLF inside a quoted field as two lines in
 * `info.lines`, so each record's first line is derived here from the line feeds in its fields.
 */
class LineCounter {
  nextLine = 1

  locate (fields: string[]): LocatedRecord | null {
    const line = this.nextLine
    let lineFeeds = 0
    for (const field of fields) {
      lineFeeds += countLineFeeds(field)
    }
    this.nextLine = line + 1 + lineFeeds
    // Wholly empty lines and lines of only delimiters and whitespace carry no row.
    if (fields.every((field) => field.trim() === '')) {
      return null
    }
    return { fields, line }
  }
}

/**
 * Reads a CSV upload into the session. Structural failures throw a RelayError:
 * WFM_RELAY_MISSING_COLUMN or WFM_RELAY_UNKNOWN_COLUMN for the header, WFM_RELAY_INVALID_ROWS
 * for invalid bytes or broken quoting, WFM_RELAY_ROW_TOO_LARGE for a line or record over
 * 1 MiB, WFM_RELAY_EMPTY_UPLOAD for a file without a header, and
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
  const counter = new LineCounter()
  const parserOptions: Options<LocatedRecord, string[]> = {
    delimiter: session.profile?.delimiter ?? ',',
    // A lone CR is field content, which keeps line numbers equal to line feeds + 1.
    record_delimiter: ['\r\n', '\n'],
    // Ragged rows become row errors instead of stopping the parser.
    relax_column_count: true,
    max_record_size: maxRecordBytes,
    on_record: (fields) => counter.locate(fields)
  }
  // The parse() overloads without `columns` type records as string[]; on_record changes that.
  const parser = parse(parserOptions as unknown as Options)
  let layout: CsvLayout | undefined

  const readRecords = async (records: AsyncIterable<LocatedRecord>): Promise<void> => {
    for await (const { fields, line } of records) {
      if (layout === undefined) {
        layout = readHeader(session, fields, line, file)
        continue
      }
      await session.acceptRecord(layout.readRecord(fields), line, file)
    }
  }

  try {
    await pipeline(input, new LineDecoder(encoding), parser, readRecords)
  } catch (error) {
    throw toRelayError(error, session, file, counter.nextLine)
  } finally {
    session.closeFile(file)
  }

  if (layout === undefined) {
    throw session.failUpload('WFM_RELAY_EMPTY_UPLOAD',
      { field: 'header', message: emptyFileMessage(session) }, 1, file)
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

function toRelayError (error: unknown, session: IngestSession, file: UploadFile, line: number): unknown {
  if (error instanceof DecodingError) {
    const code: ErrorCode = error.reason === 'invalid-bytes' ? 'WFM_RELAY_INVALID_ROWS' : 'WFM_RELAY_ROW_TOO_LARGE'
    return session.failUpload(code, { field: 'row', message: error.message }, error.line, file)
  }
  if (error instanceof CsvError) {
    const code: ErrorCode = error.code === 'CSV_MAX_RECORD_SIZE' ? 'WFM_RELAY_ROW_TOO_LARGE' : 'WFM_RELAY_INVALID_ROWS'
    return session.failUpload(code, { field: 'row', message: describeCsvError(error, line) }, line, file)
  }
  return error
}

function describeCsvError (error: CsvError, line: number): string {
  const row = `the row starting on line ${line}`
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${row} has a quoted field that is never closed; end the field with a quote (") ` +
        'and double every quote inside it ("")'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${row} has text between a closing quote and the next delimiter; quote the whole ` +
        'field and double every quote inside it ("")'
    case 'INVALID_OPENING_QUOTE':
      return `${row} has a quote (") inside an unquoted field; quote the whole field and double ` +
        'every quote inside it ("")'
    case 'CSV_MAX_RECORD_SIZE':
      return `${row} is longer than ${maxRecordBytes} bytes; check for a quote that is never ` +
        'closed or a wrong delimiter'
    default:
      return `${row} cannot be parsed as CSV: ${error.message}`
  }
}

function countLineFeeds (text: string): number {
  let count = 0
  let position = text.indexOf('\n')
  while (position !== -1) {
    count += 1
    position = text.indexOf('\n', position + 1)
  }
  return count
}
