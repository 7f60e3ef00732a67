// Header lookup, header errors and cell handling, shared by the canonical layout and the
// profile layouts.

import type { ErrorCode } from '../errors.js'
import { invalidRecord, type RecordOutcome } from './record-outcome.js'

/** Turns the fields of one CSV record into a row, once the header has been read. */
export interface CsvLayout {
  readRecord: (fields: string[]) => RecordOutcome
}

/** A header that cannot be read; the CSV reader adds the line and file. */
export class HeaderError extends Error {
  readonly code: ErrorCode
  readonly column: string

  constructor (code: ErrorCode, column: string, message: string) {
    super(message)
    this.name = 'HeaderError'
    this.code = code
    this.column = column
  }
}

/** Header names compare trimmed and case-insensitively. */
export function normalizeColumnName (name: string): string {
  return name.trim().toLowerCase()
}

/** Maps each normalized header name to its 0-based positions. */
export function indexHeader (header: string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>()
  header.forEach((name, position) => {
    const key = normalizeColumnName(name)
    const list = positions.get(key)
    if (list === undefined) {
      positions.set(key, [position])
    } else {
      list.push(position)
    }
  })
  return positions
}

export function duplicateColumnError (column: string, positions: number[]): HeaderError {
  const numbers = positions.map((position) => position + 1).join(' and ')
  return new HeaderError('WFM_RELAY_UNKNOWN_COLUMN', column,
    `column "${column}" appears ${positions.length} times in the header (columns ${numbers}), ` +
    'so its values are ambiguous; remove the extra column')
}

/**
 * Removes spaces and tabs around a number or time cell, which some ACD exports pad.
 * Other whitespace stays and makes the value invalid.
 */
export function trimCell (text: string): string {
  if (!isSpaceOrTab(text.charCodeAt(0)) && !isSpaceOrTab(text.charCodeAt(text.length - 1))) {
    return text
  }
  return text.replace(/^[ \t]+|[ \t]+$/g, '')
}

function isSpaceOrTab (code: number): boolean {
  return code === 0x20 || code === 0x09
}

export function raggedRecord (fieldCount: number, headerLength: number): RecordOutcome {
  return invalidRecord({
    field: 'row',
    message: `the row has ${fieldCount} fields but the header has ${headerLength}; ` +
      'check for a missing or extra delimiter, or quote values that contain the delimiter'
  })
}
