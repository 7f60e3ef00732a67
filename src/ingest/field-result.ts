// The outcome of reading one cell or value: the parsed value, or a message for the caller.

export type FieldResult<T> =
  | { ok: true, value: T }
  | { ok: false, message: string }

export function accept<T> (value: T): FieldResult<T> {
  return { ok: true, value }
}

export function reject<T> (message: string): FieldResult<T> {
  return { ok: false, message }
}

/** Quotes a value for a message, escaping control characters so the message stays on one line. */
export function quoteValue (value: string, maxLength = 80): string {
  const shortened = value.length > maxLength ? value.slice(0, maxLength) + '…' : value
  return JSON.stringify(shortened)
}
