// fast-check generators of valid interval rows, with the text a caller would write for them,
// and of byte noise that looks a little like CSV or JSON.

import fc from 'fast-check'
import type { IntervalRow } from '../../src/ingest/types.js'

const controlOrBroken = /[\u0000-\u001F\u007F-\u009F\uFFFD]|[\uD800-\uDFFF]/

/** Queue names with delimiters, quotes, spaces inside, non-ASCII and astral characters. */
export const queueArbitrary = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', ';', ' ', 'é', '😀', '\u00A0', '東'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
  ),
  minLength: 1,
  maxLength: 40
}).filter((queue) => queue === queue.trim() && queue !== '' &&
  !controlOrBroken.test(queue.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))

/** Interval starts on 900-second boundaries from 1970 to about 2226. */
export const intervalStartArbitrary = fc.integer({ min: 0, max: 9_000_000 }).map((slot) => slot * 900)

/** An AHT that has a short plain decimal form, as the relay writes and reads it. */
export const ahtArbitrary = fc.oneof(
  fc.nat({ max: 100_000 }),
  fc.record({ whole: fc.nat({ max: 100_000 }), fraction: fc.stringMatching(/^[0-9]{1,4}$/) })
    .map(({ whole, fraction }) => Number(`${whole}.${fraction}`))
)

// The spread gives each row Object.prototype, as the ingest layer's rows have.
export const rowArbitrary: fc.Arbitrary<IntervalRow> = fc.record({
  intervalStart: intervalStartArbitrary,
  queue: queueArbitrary,
  offered: fc.oneof(fc.nat({ max: 10_000 }), fc.maxSafeNat()),
  aht: ahtArbitrary
}).map((row) => ({ ...row }))

/** Rows with distinct (queue, interval start), as a valid upload has them. */
export const uploadArbitrary = fc.uniqueArray(rowArbitrary, {
  minLength: 1,
  maxLength: 40,
  selector: (row) => `${row.queue}\u0000${row.intervalStart}`
})

export function isoOf (epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z')
}

/** Splits bytes at the given positions, which may fall inside a multi-byte character. */
export function cut (bytes: Buffer, positions: number[]): Buffer[] {
  const points = [...new Set(positions.map((position) => position % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let start = 0
  for (const point of points) {
    chunks.push(bytes.subarray(start, point))
    start = point
  }
  chunks.push(bytes.subarray(start))
  return chunks.filter((chunk) => chunk.length > 0)
}

/** Byte strings built from JSON and CSV fragments, mixed with arbitrary and invalid bytes. */
export const noiseArbitrary = fc.array(fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  fc.constantFrom(
    '{"rows":[', '{"intervalStart":"2019-01-18T22:15:00Z","queue":"Sales","offered":12,"aht":1}',
    '{', '}', '[', ']', ',', ':', '"', '\\', '\\u0000', '\\ud800', '"__proto__"', 'null', '1e999',
    '-0', 'NaN', '\n', '\r\n', '\uFEFF', 'intervalStart,queue,offered,aht\n', '2019-01-18T22:15:00Z'
  ).map((text) => new Uint8Array(Buffer.from(text))),
  fc.constantFrom(new Uint8Array([0xFF]), new Uint8Array([0xC3]), new Uint8Array([0xED, 0xA0, 0x80]))
), { maxLength: 60 }).map((parts) => Buffer.concat(parts))

export async function withinSeconds<T> (seconds: number, action: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no answer within ${seconds} s`)) }, seconds * 1000)
  })
  try {
    return await Promise.race([action, timeout])
  } finally {
    clearTimeout(timer)
  }
}
