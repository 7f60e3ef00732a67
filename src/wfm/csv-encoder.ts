// Turns validated interval rows into the WFM's CSV lines: UTF-8, `,` between fields, LF after
// each row, no header, `.` as the decimal separator.

import type { CsvColumn } from '../config/schema.js'
import type { IntervalRow } from '../ingest/types.js'

const delimiter = ','

/** Characters that force a field into quotes (RFC 4180). */
const needsQuotes = /[",\r\n]/

/** Encodes one row as a CSV line ending in `\n`, with the fields in the order of `columns`. */
export function encodeRow (row: IntervalRow, sourceId: string, columns: CsvColumn[]): string {
  return createRowEncoder(sourceId, columns)(row)
}

/** Queue names remembered by a row encoder; an upload rarely has more queues than this. */
const maxCachedQueues = 4096

/**
 * Returns an encoder for the rows of one upload that writes what encodeRow writes. It remembers
 * the last interval start and the quoted queue names, because consecutive rows of an export
 * usually share the interval and formatting dates dominated the encoding time.
 */
export function createRowEncoder (sourceId: string, columns: CsvColumn[]): (row: IntervalRow) => string {
  const quotedSourceId = quoteField(sourceId)
  const quotedQueues = new Map<string, string>()
  let lastEpochSeconds = Number.NaN
  let lastIntervalText = ''

  const encodeQueue = (queue: string): string => {
    let quoted = quotedQueues.get(queue)
    if (quoted === undefined) {
      if (quotedQueues.size >= maxCachedQueues) quotedQueues.clear()
      quoted = quoteField(queue)
      quotedQueues.set(queue, quoted)
    }
    return quoted
  }

  const encodeColumn = (row: IntervalRow, column: CsvColumn): string => {
    switch (column) {
      case 'intervalStart':
        if (row.intervalStart !== lastEpochSeconds) {
          lastEpochSeconds = row.intervalStart
          lastIntervalText = formatIntervalStart(row.intervalStart)
        }
        return lastIntervalText
      case 'sourceId':
        return quotedSourceId
      case 'queue':
        return encodeQueue(row.queue)
      case 'offered':
        return formatDecimal(row.offered)
      case 'aht':
        return formatDecimal(row.aht)
    }
  }

  return (row) => {
    let line = encodeColumn(row, columns[0] as CsvColumn)
    for (let position = 1; position < columns.length; position++) {
      line += delimiter + encodeColumn(row, columns[position] as CsvColumn)
    }
    return line + '\n'
  }
}

/** Formats epoch seconds as `YYYY-MM-DDTHH:mm:ssZ` in UTC; fractions of a second are dropped. */
export function formatIntervalStart (epochSeconds: number): string {
  const iso = new Date(Math.floor(epochSeconds) * 1000).toISOString()
  return iso.slice(0, 19) + 'Z'
}

/** Quotes a field only when it contains the delimiter, a quote, CR or LF; inner quotes double. */
export function quoteField (value: string): string {
  if (!needsQuotes.test(value)) {
    return value
  }
  return '"' + value.replaceAll('"', '""') + '"'
}

/**
 * Formats a finite number in plain decimal notation: the shortest digits that read back as the
 * same number (as `String` gives them), but never an exponent, a group separator or `-0`.
 */
export function formatDecimal (value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot write ${value} to the WFM CSV: only finite numbers are allowed`)
  }
  if (Object.is(value, -0)) {
    return '0'
  }

  const text = String(value)
  if (!text.includes('e')) {
    return text
  }
  return expandExponent(text)
}

/** Rewrites `String(number)` output such as `1.5e-7` or `1e+21` without the exponent. */
function expandExponent (text: string): string {
  const sign = text.startsWith('-') ? '-' : ''
  const [mantissa = '', exponentText = '0'] = text.slice(sign.length).split('e')
  const [whole = '', fraction = ''] = mantissa.split('.')
  const digits = whole + fraction

  // Position of the decimal point counted in digits from the left of `digits`.
  const point = whole.length + Number(exponentText)

  if (point <= 0) {
    return sign + '0.' + '0'.repeat(-point) + digits
  }
  if (point >= digits.length) {
    return sign + digits + '0'.repeat(point - digits.length)
  }
  return sign + digits.slice(0, point) + '.' + digits.slice(point)
}
