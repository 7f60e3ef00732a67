import { deepStrictEqual } from 'node:assert/strict'
import fc from 'fast-check'
import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { readCsv } from '../../src/ingest/csv-source.js'
import { readNdjson } from '../../src/ingest/json-source.js'
import type { IntervalRow } from '../../src/ingest/types.js'
import { createSession, streamOf } from './helpers.js'

const columns = ['intervalStart', 'queue', 'offered', 'aht'] as const
type Column = typeof columns[number]

/** A row with the CSV text of each field. */
interface WrittenRow {
  row: IntervalRow
  text: Record<Column, string>
}

const controlOrBroken = /[\u0000-\u001F\u007F-\u009F\uFFFD]|[\uD800-\uDFFF]/

const queueArbitrary = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', ';', ' ', 'é', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 40 })
  .filter((queue) => queue === queue.trim() && queue !== '' && !controlOrBroken.test(queue.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))

/** Writes epoch seconds as ISO 8601 with a random offset and optional zero fraction. */
const timestampArbitrary = fc.record({
  slot: fc.integer({ min: 400, max: 9_000_000 }),
  offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
  zulu: fc.boolean(),
  fraction: fc.constantFrom('', '.0', '.000')
}).map(({ slot, offsetMinutes, zulu, fraction }) => {
  const epochSeconds = slot * 900
  const useZ = zulu && offsetMinutes === 0
  const local = new Date((epochSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const absolute = Math.abs(offsetMinutes)
  const offset = useZ ? 'Z' : `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`
  return { epochSeconds, text: local + fraction + offset }
})

const offeredArbitrary = fc.record({ value: fc.maxSafeNat(), zeros: fc.nat({ max: 2 }) })
  .map(({ value, zeros }) => ({ value, text: '0'.repeat(zeros) + String(value) }))

const ahtArbitrary = fc.record({
  whole: fc.oneof(fc.constant(''), fc.nat({ max: 10_000_000 }).map(String)),
  fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{1,6}$/))
}).filter(({ whole, fraction }) => whole !== '' || fraction !== '')
  .map(({ whole, fraction }) => {
    const text = fraction === '' ? whole : `${whole}.${fraction}`
    return { value: Number(text), text }
  })

const rowArbitrary = fc.record({
  queue: queueArbitrary,
  start: timestampArbitrary,
  offered: offeredArbitrary,
  aht: ahtArbitrary
}).map(({ queue, start, offered, aht }): WrittenRow => ({
  row: { intervalStart: start.epochSeconds, queue, offered: offered.value, aht: aht.value },
  text: { intervalStart: start.text, queue, offered: offered.text, aht: aht.text }
}))

interface Layout {
  order: Column[]
  upperCase: boolean[]
  bom: boolean
  finalNewline: boolean
  /** Numbers that drive quoting, line endings and blank lines. */
  seed: number[]
}

const layoutArbitrary: fc.Arbitrary<Layout> = fc.record({
  order: fc.shuffledSubarray<Column>([...columns], { minLength: 4, maxLength: 4 }),
  upperCase: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  seed: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 64 })
})

function quote (field: string, force: boolean): string {
  if (force || /[",\r\n]/.test(field)) {
    return '"' + field.replaceAll('"', '""') + '"'
  }
  return field
}

/**
 * Writes rows as CSV and returns the bytes with the line each row starts on. The seed picks
 * quoting, line endings and blank lines, so one shrinkable array drives every choice.
 */
function writeCsv (rows: WrittenRow[], layout: Layout): { bytes: Buffer, lines: number[] } {
  let choice = 0
  const pick = (): number => layout.seed[choice++ % layout.seed.length] ?? 0
  const ending = (): string => pick() % 2 === 0 ? '\n' : '\r\n'
  const headerNames = layout.order.map((name, index) => layout.upperCase[index] === true ? name.toUpperCase() : name)
  let text = (layout.bom ? '\uFEFF' : '') + headerNames.map((name) => quote(name, pick() % 3 === 0)).join(',') + ending()
  let line = 2
  const lines: number[] = []
  rows.forEach((written, index) => {
    if (pick() % 5 === 0) {
      text += (pick() % 2 === 0 ? '' : ',,,') + ending()
      line += 1
    }
    lines.push(line)
    text += layout.order.map((column) => quote(written.text[column], pick() % 3 === 0)).join(',')
    const last = index === rows.length - 1
    if (!last || layout.finalNewline) {
      text += ending()
    }
    line += 1
  })
  return { bytes: Buffer.from(text), lines }
}

/** Splits bytes at the given positions, which may fall inside a multi-byte character. */
function cut (bytes: Buffer, positions: number[]): Buffer[] {
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

t.test('readCsv round-trips random valid rows', async (t) => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(rowArbitrary, { minLength: 1, maxLength: 30, selector: (written) => `${written.row.queue}\u0000${written.row.intervalStart}` }),
    layoutArbitrary,
    fc.array(fc.nat(), { maxLength: 8 }),
    async (rows, layout, cuts) => {
      const { bytes, lines } = writeCsv(rows, layout)
      const { session, sink } = createSession()
      await readCsv(streamOf(...cut(bytes, cuts)), session)
      const result = await session.finish()
      // Plain asserts, so that fast-check shrinks a failure and tap reports it once.
      deepStrictEqual(result.errors, [])
      deepStrictEqual(sink.received, rows.map((written, index) => ({ row: written.row, line: lines[index] })))
    }
  ), { numRuns: 300 })
  t.pass('every generated upload read back as its rows')
})

/** Byte strings that look a bit like CSV or JSON, mixed with arbitrary bytes. */
const noiseArbitrary = fc.array(fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  fc.constantFrom(
    'intervalStart,queue,offered,aht\n', '2019-01-18T22:15:00Z', ',', '"', '""', '\n', '\r\n', '\r',
    'Sales', '12', '245.5', '{"intervalStart":', '}', '[', '\uFEFF', '\u00E9', '😀'
  ).map((text) => new Uint8Array(Buffer.from(text))),
  fc.constantFrom(new Uint8Array([0xFF]), new Uint8Array([0xC3]), new Uint8Array([0xED, 0xA0, 0x80]))
), { maxLength: 60 }).map((parts) => Buffer.concat(parts))

async function withinSeconds<T> (seconds: number, action: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${seconds} s`)), seconds * 1000)
  })
  try {
    return await Promise.race([action, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function onlyRelayErrors (action: () => Promise<unknown>): Promise<boolean> {
  try {
    await withinSeconds(5, action())
    return true
  } catch (error) {
    return error instanceof RelayError
  }
}

t.test('readCsv random bytes fail only with RelayError', async (t) => {
  await fc.assert(fc.asyncProperty(noiseArbitrary, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom(undefined, 'windows-1252'),
    async (bytes, cuts, charset) => onlyRelayErrors(async () => {
      const { session } = createSession()
      await readCsv(streamOf(...cut(bytes, cuts)), session, { charset })
      await session.finish()
    })
  ), { numRuns: 400 })
  t.pass('no other error and no hang')
})

t.test('readNdjson random bytes fail only with RelayError', async (t) => {
  await fc.assert(fc.asyncProperty(noiseArbitrary, fc.array(fc.nat(), { maxLength: 4 }),
    async (bytes, cuts) => onlyRelayErrors(async () => {
      const { session } = createSession()
      await readNdjson(streamOf(...cut(bytes, cuts)), session)
      await session.finish()
    })
  ), { numRuns: 300 })
  t.pass('no other error and no hang')
})
