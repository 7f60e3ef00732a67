// Checks a push body the way the simulator assumes the WFM does: UTF-8 CSV with RFC 4180
// quoting, no header row, every line ending with "\n", every field present and valid.
// Failures to read the body as CSV get 400; valid CSV with a wrong value gets 422.

import { parse } from 'csv-parse/sync'

import { reject } from './types.js'
import type { Rejection } from './types.js'

/** The default column layout: interval start, ACD ID, queue, contacts offered, AHT. */
export const defaultColumns = ['intervalStart', 'sourceId', 'queue', 'offered', 'aht']

export interface CsvContext {
  columns: string[]
  /** The query's sourceId, which every row's sourceId column must equal. */
  sourceId: string
  /** Seconds between interval starts; every intervalStart must be a multiple of it. */
  interval: number
}

interface ParsedRecord {
  record: string[]
  info: { lines: number }
}

type FieldCheck = (value: string, context: CsvContext) => string | undefined

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

function checkIntervalStart (value: string, context: CsvContext): string | undefined {
  const milliseconds = Date.parse(value)
  const valid = timestampPattern.test(value) && !Number.isNaN(milliseconds) &&
    new Date(milliseconds).toISOString() === value.replace('Z', '.000Z')
  if (!valid) return `intervalStart "${value}" is not a UTC time in the form YYYY-MM-DDTHH:mm:ssZ`

  // Boundaries count from the Unix epoch, so for an interval that divides a day they fall on
  // UTC midnight.
  if ((milliseconds / 1000) % context.interval !== 0) {
    return `intervalStart "${value}" is not on a ${context.interval}-second interval boundary`
  }
  return undefined
}

// Columns without an entry here only have to be non-empty.
const fieldChecks: Record<string, FieldCheck> = {
  intervalStart: checkIntervalStart,
  sourceId: (value, context) => value === context.sourceId
    ? undefined
    : `sourceId "${value}" differs from the query's sourceId "${context.sourceId}"`,
  offered: (value) => /^[0-9]+$/.test(value)
    ? undefined
    : `offered "${value}" is not an integer >= 0`,
  aht: (value) => /^[0-9]+(\.[0-9]+)?$/.test(value)
    ? undefined
    : `aht "${value}" is not a number >= 0 written without sign or exponent`
}

function lineOf (text: string, index: number): number {
  return text.slice(0, index).split('\n').length
}

function decodeUtf8 (body: Buffer): string | Rejection {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    return reject(400, 'invalid_encoding', 'The body is not valid UTF-8')
  }
}

function checkLineEnds (text: string): Rejection | undefined {
  if (text.startsWith('\uFEFF')) {
    return reject(400, 'invalid_csv', 'Line 1 starts with a byte order mark: remove it', 1)
  }

  if (!text.endsWith('\n')) {
    const line = lineOf(text, text.length)
    const message = `Line ${line} does not end with "\\n": end every line with it`
    return reject(400, 'invalid_csv', message, line)
  }

  const carriageReturn = text.indexOf('\r')
  if (carriageReturn !== -1) {
    const line = lineOf(text, carriageReturn)
    const message = `Line ${line} contains a carriage return: end lines with "\\n" only`
    return reject(400, 'invalid_csv', message, line)
  }
  return undefined
}

function parseRecords (text: string): ParsedRecord[] | Rejection {
  try {
    const options = { record_delimiter: '\n', relax_column_count: true, info: true }
    return parse(text, options) as unknown as ParsedRecord[]
  } catch (error) {
    const line = (error as { lines?: unknown }).lines
    const lineNumber = typeof line === 'number' ? line : undefined
    const reason = error instanceof Error ? error.message : String(error)
    return reject(400, 'invalid_csv', `The body is not valid CSV: ${reason}`, lineNumber)
  }
}

function isHeaderRow (fields: string[], columns: string[]): boolean {
  const sameNames = fields.length === columns.length &&
    fields.every((field, index) => field.toLowerCase() === columns[index]?.toLowerCase())

  // A title such as "interval_start" where a timestamp belongs also marks a header row.
  const startColumn = columns.indexOf('intervalStart')
  const title = startColumn === -1 ? undefined : fields[startColumn]
  return sameNames || (title !== undefined && /^[A-Za-z_ ]+$/.test(title))
}

function checkRow (fields: string[], line: number, context: CsvContext): Rejection | undefined {
  const { columns } = context
  if (line === 1 && isHeaderRow(fields, columns)) {
    return reject(400, 'header_row', 'Line 1 is a header row: send data rows only', line)
  }

  if (fields.length !== columns.length) {
    const message = `Line ${line} has ${fields.length} fields, expected ${columns.length} ` +
      `(${columns.join(',')})`
    return reject(400, 'wrong_column_count', message, line)
  }

  for (const [index, column] of columns.entries()) {
    const value = fields[index] ?? ''
    const problem = value === ''
      ? `${column} is empty: every field is mandatory`
      : fieldChecks[column]?.(value, context)
    if (problem !== undefined) return reject(422, 'invalid_value', `Line ${line}: ${problem}`, line)
  }
  return undefined
}

/** Checks a push body and returns its rows, or the rejection for the first problem found. */
export function checkCsvBody (body: Buffer, context: CsvContext): string[][] | Rejection {
  // NOTE: the vendor's pages do not say whether an empty final chunk is accepted. Rejecting it
  // makes a relay that sends one fail here rather than against the real WFM.
  if (body.length === 0) {
    return reject(400, 'empty_body', 'The body is empty: send at least one row')
  }

  const text = decodeUtf8(body)
  if (typeof text !== 'string') return text

  const lineEndProblem = checkLineEnds(text)
  if (lineEndProblem !== undefined) return lineEndProblem

  const records = parseRecords(text)
  if (!Array.isArray(records)) return records

  let line = 1
  for (const { record, info } of records) {
    const problem = checkRow(record, line, context)
    if (problem !== undefined) return problem
    line = info.lines + 1
  }
  return records.map(({ record }) => record)
}
