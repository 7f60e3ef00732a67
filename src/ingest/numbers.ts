// Contacts offered and AHT as CSV text. Only plain decimal notation is read, because exponents,
// signs, hex and group separators are where spreadsheets and the WFM disagree.

import { accept, quoteValue, reject, type FieldResult } from './field-result.js'

export interface NumberOptions {
  /** An empty cell reads as 0 instead of being an error. */
  emptyNumbersAreZero?: boolean
  /** `,` is the decimal separator and `.` is rejected. */
  decimalComma?: boolean
}

const plainDigits = /^[0-9]+$/
const ahtWithPoint = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/
const ahtWithComma = /^(?:[0-9]+(?:,[0-9]+)?|,[0-9]+)$/

/** Reads contacts offered: digits only (leading zeros allowed), at most Number.MAX_SAFE_INTEGER. */
export function parseOffered (text: string, options: NumberOptions = {}): FieldResult<number> {
  if (text === '') {
    return readEmpty(options)
  }
  if (!plainDigits.test(text)) {
    return reject(`${quoteValue(text)} is not a whole number of contacts; write digits only, ` +
      'such as 12, with no sign, decimal separator, exponent or spaces')
  }
  const value = Number(text)
  if (!Number.isSafeInteger(value)) {
    return reject(`${quoteValue(text)} is larger than ${Number.MAX_SAFE_INTEGER}, the maximum count of contacts`)
  }
  return accept(value)
}

/**
 * Reads an AHT in seconds: digits with an optional fraction (`245`, `245.5`, `.5`).
 * A trailing separator (`245.`) is rejected as a likely truncated value.
 */
export function parseAht (text: string, options: NumberOptions = {}): FieldResult<number> {
  if (text === '') {
    return readEmpty(options)
  }
  const separator = options.decimalComma === true ? ',' : '.'
  const other = separator === ',' ? '.' : ','
  const pattern = separator === ',' ? ahtWithComma : ahtWithPoint
  if (!pattern.test(text)) {
    return reject(describeBadAht(text, separator, other))
  }
  const value = Number(separator === ',' ? text.replace(',', '.') : text)
  if (!Number.isFinite(value)) {
    return reject(`${quoteValue(text)} is too large to be an AHT in seconds`)
  }
  if (text.length > maxSignificantDigits && significantDigits(text) > maxSignificantDigits) {
    return reject(`${quoteValue(text)} has more than ${maxSignificantDigits} significant digits, ` +
      'so the WFM would receive a rounded value; round it to fewer digits')
  }
  return accept(value)
}

/** A double keeps 15 significant decimal digits exactly, so longer values would be rounded. */
const maxSignificantDigits = 15

function significantDigits (text: string): number {
  const digits = text.replace(/[.,]/, '').replace(/^0+/, '')
  return digits.replace(/0+$/, '').length
}

function describeBadAht (text: string, separator: string, other: string): string {
  const quoted = quoteValue(text)
  const otherPattern = other === ',' ? /^[0-9]*,[0-9]+$/ : /^[0-9]*\.[0-9]+$/
  if (otherPattern.test(text)) {
    const fixed = text.replace(other, separator)
    const hint = separator === '.'
      ? 'or set decimalComma in the profile if the export uses decimal commas'
      : 'because the profile sets decimalComma'
    return `${quoted} uses "${other}" as the decimal separator; write ${quoteValue(fixed)} ${hint}`
  }
  return `${quoted} is not an AHT in seconds; write a number >= 0 in plain decimal, such as ` +
    `245 or 245${separator}5, with no sign, exponent, group separator or spaces`
}

function readEmpty (options: NumberOptions): FieldResult<number> {
  if (options.emptyNumbersAreZero === true) {
    return accept(0)
  }
  return reject('the cell is empty; write 0 for an interval without contacts, ' +
    'or set emptyNumbersAreZero in the profile')
}
