// Outcome of reading one record (a CSV line or a JSON row) for the session: a row, a row dropped
// by a profile filter, or the problems found in its fields.

import type { FieldResult } from './field-result.js'
import type { IntervalRow } from './types.js'

/** A problem in one field; the session adds the line and file. */
export interface FieldError {
  field: string
  value?: string
  message: string
}

export type RecordOutcome =
  | { kind: 'row', row: IntervalRow }
  | { kind: 'skipped' }
  | { kind: 'invalid', errors: FieldError[] }

/** One value of a record, as read from the field named `field`. */
export interface ReadValue<T> {
  field: string
  text?: string
  result: FieldResult<T>
}

/** Builds a row from its four values, or lists every value that failed. */
export function buildOutcome (
  intervalStart: ReadValue<number>,
  queue: ReadValue<string>,
  offered: ReadValue<number>,
  aht: ReadValue<number>
): RecordOutcome {
  if (intervalStart.result.ok && queue.result.ok && offered.result.ok && aht.result.ok) {
    return {
      kind: 'row',
      row: {
        intervalStart: intervalStart.result.value,
        queue: queue.result.value,
        offered: offered.result.value,
        aht: aht.result.value
      }
    }
  }

  const errors: FieldError[] = []
  for (const value of [intervalStart, queue, offered, aht]) {
    if (!value.result.ok) {
      const error: FieldError = { field: value.field, message: value.result.message }
      if (value.text !== undefined) {
        error.value = value.text
      }
      errors.push(error)
    }
  }
  return { kind: 'invalid', errors }
}

export function invalidRecord (error: FieldError): RecordOutcome {
  return { kind: 'invalid', errors: [error] }
}
