// One row of a JSON or NDJSON upload: exactly {intervalStart, queue, offered, aht}. The TypeBox
// schema gives the JSON types; timestamps and queue names are then checked as in CSV.

import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { accept, type FieldResult } from './field-result.js'
import { normalizeQueue } from './queue.js'
import { buildOutcome, invalidRecord, type FieldError, type ReadValue, type RecordOutcome } from './record-outcome.js'
import { checkIntervalStart, parseIsoInstant } from './timestamps.js'

export const JsonRow = Type.Object({
  intervalStart: Type.String(),
  queue: Type.String(),
  offered: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  aht: Type.Number({ minimum: 0 })
}, { additionalProperties: false })
export type JsonRow = Static<typeof JsonRow>

type RowField = keyof JsonRow

const rowFields: RowField[] = ['intervalStart', 'queue', 'offered', 'aht']

const rowCheck = TypeCompiler.Compile(JsonRow)

const fieldChecks = {
  intervalStart: TypeCompiler.Compile(JsonRow.properties.intervalStart),
  queue: TypeCompiler.Compile(JsonRow.properties.queue),
  offered: TypeCompiler.Compile(JsonRow.properties.offered),
  aht: TypeCompiler.Compile(JsonRow.properties.aht)
}

const expectations: Record<RowField, string> = {
  intervalStart: 'a string with an ISO 8601 timestamp, such as "2019-01-18T22:15:00Z"',
  queue: 'a string with the ACD queue name',
  offered: `an integer from 0 to ${Number.MAX_SAFE_INTEGER}, such as 12`,
  aht: 'a number >= 0 in seconds, such as 245.5'
}

const fieldList = 'intervalStart, queue, offered and aht'

/**
 * Reads a parsed JSON value as a row. Keys are read as own properties only, so `__proto__`,
 * `constructor` and `prototype` are unknown fields like any other.
 */
export function readJsonRow (value: unknown, intervalSeconds: number): RecordOutcome {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalidRecord({
      field: 'row',
      value: describeJsonValue(value),
      message: `each row must be a JSON object with the fields ${fieldList}`
    })
  }
  const record = value as Record<string, unknown>
  const shapeErrors = rowCheck.Check(record) ? [] : findShapeErrors(record)
  if (shapeErrors.length > 0) {
    return { kind: 'invalid', errors: [...shapeErrors, ...findValueErrors(record, shapeErrors, intervalSeconds)] }
  }

  const row = record as JsonRow
  // Adding 0 turns -0, which JSON.parse keeps, into 0.
  return buildOutcome(
    { field: 'intervalStart', text: row.intervalStart, result: readInstant(row.intervalStart, intervalSeconds) },
    { field: 'queue', text: row.queue, result: normalizeQueue(row.queue) },
    { field: 'offered', result: accept(row.offered + 0) },
    { field: 'aht', result: accept(row.aht + 0) }
  )
}

function findShapeErrors (record: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = []
  for (const key of Object.keys(record)) {
    if (!(rowFields as string[]).includes(key)) {
      errors.push({
        field: key,
        value: describeJsonValue(record[key]),
        message: `unknown field ${JSON.stringify(key)}; a row has only the fields ${fieldList}`
      })
    }
  }
  for (const field of rowFields) {
    if (!Object.hasOwn(record, field)) {
      errors.push({ field, message: `${field} is missing; it must be ${expectations[field]}` })
    } else if (!fieldChecks[field].Check(record[field])) {
      errors.push({
        field,
        value: describeJsonValue(record[field]),
        message: `${field} must be ${expectations[field]}`
      })
    }
  }
  return errors
}

/** Checks the string fields whose type was right, so that one response lists every problem. */
function findValueErrors (
  record: Record<string, unknown>,
  shapeErrors: FieldError[],
  intervalSeconds: number
): FieldError[] {
  const failed = new Set(shapeErrors.map((error) => error.field))
  const checks: Array<ReadValue<unknown>> = []
  const { intervalStart, queue } = record
  if (!failed.has('intervalStart') && typeof intervalStart === 'string') {
    checks.push({ field: 'intervalStart', text: intervalStart, result: readInstant(intervalStart, intervalSeconds) })
  }
  if (!failed.has('queue') && typeof queue === 'string') {
    checks.push({ field: 'queue', text: queue, result: normalizeQueue(queue) })
  }
  return checks.flatMap((check) => check.result.ok
    ? []
    : [{ field: check.field, value: check.text ?? '', message: check.result.message }])
}

function readInstant (text: string, intervalSeconds: number): FieldResult<number> {
  const instant = parseIsoInstant(text)
  return instant.ok ? checkIntervalStart(instant.value, intervalSeconds, text) : instant
}

/**
 * Shows a JSON value in an error, shortened. JSON.stringify and String recurse, so a value
 * nested thousands of levels deep is described by its type instead.
 */
export function describeJsonValue (value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : typeof value
  }
  return text.length > 80 ? text.slice(0, 80) + '…' : text
}
