import { deepStrictEqual } from 'node:assert/strict'
import fc from 'fast-check'
import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { parseJsonBody } from '../../src/ingest/json-body.js'
import { readJsonRows, readNdjson } from '../../src/ingest/json-source.js'
import { createSession, streamOf } from '../ingest/helpers.js'
import { cut, isoOf, noiseArbitrary, uploadArbitrary, withinSeconds } from './arbitraries.js'

const jsonRowOf = (row: { intervalStart: number, queue: string, offered: number, aht: number }): Record<string, unknown> =>
  ({ intervalStart: isoOf(row.intervalStart), queue: row.queue, offered: row.offered, aht: row.aht })

t.test('json body round-trips random valid rows', async (t) => {
  await fc.assert(fc.asyncProperty(uploadArbitrary, fc.boolean(), async (rows, pretty) => {
    const text = JSON.stringify({ rows: rows.map(jsonRowOf) }, null, pretty ? 2 : undefined)
    const { session, sink } = createSession()
    await readJsonRows(parseJsonBody(Buffer.from(text)), session)
    const result = await session.finish()
    deepStrictEqual(result.errors, [])
    deepStrictEqual(sink.received, rows.map((row, index) => ({ row, line: index + 1 })))
  }), { numRuns: 300 })
  t.pass('every generated body read back as its rows')
})

t.test('ndjson round-trips random valid rows', async (t) => {
  await fc.assert(fc.asyncProperty(uploadArbitrary, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'),
    async (rows, cuts, ending) => {
      const bytes = Buffer.from(rows.map((row) => JSON.stringify(jsonRowOf(row)) + ending).join(''))
      const { session, sink } = createSession()
      await readNdjson(streamOf(...cut(bytes, cuts)), session)
      const result = await session.finish()
      deepStrictEqual(result.errors, [])
      deepStrictEqual(sink.received, rows.map((row, index) => ({ row, line: index + 1 })))
    }), { numRuns: 300 })
  t.pass('every generated stream read back as its rows')
})

async function onlyRelayErrors (action: () => Promise<unknown>): Promise<boolean> {
  try {
    await withinSeconds(5, action())
    return true
  } catch (error) {
    return error instanceof RelayError
  }
}

t.test('json body random bytes fail only with RelayError', async (t) => {
  await fc.assert(fc.asyncProperty(noiseArbitrary, async (bytes) => onlyRelayErrors(async () => {
    const { session } = createSession()
    await readJsonRows(parseJsonBody(bytes), session)
    await session.finish()
  })), { numRuns: 500 })
  t.pass('no other error and no hang')
})

t.test('ndjson random bytes fail only with RelayError', async (t) => {
  await fc.assert(fc.asyncProperty(noiseArbitrary, fc.array(fc.nat(), { maxLength: 4 }), async (bytes, cuts) => onlyRelayErrors(async () => {
    const { session } = createSession()
    await readNdjson(streamOf(...cut(bytes, cuts)), session)
    await session.finish()
  })), { numRuns: 500 })
  t.pass('no other error and no hang')
})

t.test('json random values fail only with RelayError', async (t) => {
  await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => onlyRelayErrors(async () => {
    const { session } = createSession()
    await readJsonRows(parseJsonBody(Buffer.from(JSON.stringify({ rows: [value, { ...Object(value) }] }))), session)
    await session.finish()
  })), { numRuns: 500 })
  t.pass('no other error and no hang')
})
