// Turns validated interval rows into the WFM's CSV lines: UTF-8, `,` between fields, LF after
// each row, no header, `.` as the decimal separator.

import type { CsvColumn } from '../config/schema.js'
import type { IntervalRow } from '../ingest/types.js'

const delimiter = ','

/** Characters that force a field into quotes (RFC 4180). */
const needsQuotes = /[",\r\n]/

/** Encodes one row as a CSV line ending in `\n`, with the fields in the order of `columns`. */
export function encodeRow (row: IntervalRow, sourceId: string, columns: CsvColumn[]): string {
  const fields = columns.map((column) => encodeField(row, sourceId, column))
  return fields.join(delimiter) + '\n'
}

function encodeField (row: IntervalRow, sourceId: string, column: CsvColumn): string {
  switch (column) {
    case 'intervalStart':
      return formatIntervalStart(row.intervalStart)
    case 'sourceId':
      return quoteField(sourceId)
    case 'queue':
      return quoteField(row.queue)
    case 'offered':
      return formatDecimal(row.offered)
    case 'aht':
      return formatDecimal(row.aht)
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
