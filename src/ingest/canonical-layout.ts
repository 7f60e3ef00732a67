// The CSV layout read without a profile: a header naming intervalStart, queue, offered and aht
// in any order, ISO 8601 interval starts with an offset, `.` as the decimal separator.

import type { FieldResult } from './field-result.js'
import {
  duplicateColumnError, HeaderError, indexHeader, raggedRecord, trimCell, type CsvLayout
} from './csv-layout.js'
import { parseAht, parseOffered } from './numbers.js'
import { createQueueReader } from './queue.js'
import { buildOutcome } from './record-outcome.js'
import { checkIntervalStart, parseIsoInstant } from './timestamps.js'

export const canonicalColumns = ['intervalStart', 'queue', 'offered', 'aht'] as const

type CanonicalColumn = typeof canonicalColumns[number]

const expectedColumns = 'intervalStart, queue, offered and aht, in any order'

/** Reads the header; throws HeaderError for a missing, unknown or repeated column. */
export function createCanonicalLayout (header: string[], intervalSeconds: number): CsvLayout {
  const positions = findCanonicalColumns(header)
  const headerLength = header.length
  // Consecutive rows usually share the interval start, so its last result is reused.
  let lastTimeText: string | undefined
  let lastTimeResult: FieldResult<number> = readInstant('', intervalSeconds)
  const readTime = (text: string): FieldResult<number> => {
    if (text !== lastTimeText) {
      lastTimeText = text
      lastTimeResult = readInstant(text, intervalSeconds)
    }
    return lastTimeResult
  }
  const readQueue = createQueueReader()

  return {
    readRecord (fields) {
      if (fields.length !== headerLength) {
        return raggedRecord(fields.length, headerLength)
      }
      const cell = (column: CanonicalColumn): string => fields[positions[column]] ?? ''
      const timeText = trimCell(cell('intervalStart'))
      const offeredText = trimCell(cell('offered'))
      const ahtText = trimCell(cell('aht'))
      return buildOutcome(
        { field: 'intervalStart', text: cell('intervalStart'), result: readTime(timeText) },
        { field: 'queue', text: cell('queue'), result: readQueue(cell('queue')) },
        { field: 'offered', text: cell('offered'), result: parseOffered(offeredText) },
        { field: 'aht', text: cell('aht'), result: parseAht(ahtText) }
      )
    }
  }
}

function readInstant (text: string, intervalSeconds: number): FieldResult<number> {
  const instant = parseIsoInstant(text)
  return instant.ok ? checkIntervalStart(instant.value, intervalSeconds, text) : instant
}

function findCanonicalColumns (header: string[]): Record<CanonicalColumn, number> {
  const index = indexHeader(header)
  const known = new Map(canonicalColumns.map((column) => [column.toLowerCase(), column]))
  const unknown = header.filter((name) => !known.has(name.trim().toLowerCase()))

  const missing = canonicalColumns.filter((column) => !index.has(column.toLowerCase()))
  if (missing.length > 0) {
    const seen = unknown.length > 0 ? ` It has unknown columns instead: ${quoteNames(unknown)}.` : ''
    const missingText = missing.length === 1 ? `column ${missing.join('')}` : `columns ${missing.join(', ')}`
    throw new HeaderError('WFM_RELAY_MISSING_COLUMN', missing[0] ?? '',
      `the header has no ${missingText}. The first non-empty line is the header, and a CSV ` +
      `without a profile needs the columns ${expectedColumns}.${seen} ` +
      'For an ACD export, choose the profile that maps its columns.')
  }

  const firstUnknown = header.findIndex((name) => !known.has(name.trim().toLowerCase()))
  if (firstUnknown !== -1) {
    const name = header[firstUnknown] ?? ''
    const problem = name.trim() === ''
      ? `column ${firstUnknown + 1} of the header has no name`
      : `unknown column "${name}" in the header`
    throw new HeaderError('WFM_RELAY_UNKNOWN_COLUMN', name,
      `${problem}; a CSV without a profile has exactly the columns ${expectedColumns}`)
  }

  const positions = {} as Record<CanonicalColumn, number>
  for (const column of canonicalColumns) {
    const found = index.get(column.toLowerCase()) ?? []
    if (found.length > 1) {
      throw duplicateColumnError(column, found)
    }
    positions[column] = found[0] ?? 0
  }
  return positions
}

function quoteNames (names: string[]): string {
  return names.map((name) => JSON.stringify(name)).join(', ')
}
