import { deepStrictEqual, ok } from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import t from 'tap'
import { readCsv } from '../../src/ingest/csv-source.js'
import { IngestSession } from '../../src/ingest/session.js'
import type { IntervalRow } from '../../src/ingest/types.js'
import { ChunkSpoolWriter, readChunk } from '../../src/wfm/chunk-spool.js'
import { encodeRow } from '../../src/wfm/csv-encoder.js'
import { streamOf } from '../ingest/helpers.js'
import { cut, isoOf, queueArbitrary, uploadArbitrary } from './arbitraries.js'

const header = 'intervalStart,queue,offered,aht\n'
const columns = ['intervalStart', 'sourceId', 'queue', 'offered', 'aht'] as const
const quote = (field: string): string => /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field

/** Writes rows as a caller's CSV upload. */
function callerCsv (rows: IntervalRow[]): Buffer {
  return Buffer.from(header + rows.map((row) =>
    [isoOf(row.intervalStart), quote(row.queue), String(row.offered), String(row.aht)].join(',') + '\n').join(''))
}

t.test('rows survive ingest, encoding, chunks and re-parsing', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'wfm-relay-property-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  let run = 0

  await fc.assert(fc.asyncProperty(uploadArbitrary, queueArbitrary, fc.integer({ min: 256, max: 4096 }), fc.array(fc.nat(), { maxLength: 6 }),
    async (rows, sourceId, maxChunkBytes, cuts) => {
      const spool = new ChunkSpoolWriter({ dir: join(root, `run-${run++}`), maxChunkBytes })
      // As the upload does it: each valid row is encoded and spooled while ingest runs.
      const session = new IngestSession({ intervalSeconds: 900, maxReportedErrors: 100 }, {
        add: async (row: IntervalRow) => { await spool.write(encodeRow(row, sourceId, [...columns])) }
      })
      await readCsv(streamOf(...cut(callerCsv(rows), cuts)), session)
      const result = await session.finish()
      deepStrictEqual(result.errors, [])
      const manifest = await spool.finish()

      const reparsed: string[][] = []
      for (const chunk of manifest.chunks) {
        const bytes = await readChunk(chunk.path)
        ok(bytes.length <= maxChunkBytes, `chunk of ${bytes.length} bytes over ${maxChunkBytes}`)
        ok(bytes.toString('utf8').endsWith('\n'), 'a chunk ends with a whole row')
        reparsed.push(...parse(bytes, { relax_column_count: false }) as string[][])
      }
      await spool.discard()

      deepStrictEqual(reparsed, rows.map((row) => [isoOf(row.intervalStart), sourceId, row.queue, String(row.offered), String(row.aht)]))
      deepStrictEqual(reparsed.map(([start, , queue, offered, aht]) => ({
        intervalStart: Date.parse(start ?? '') / 1000, queue, offered: Number(offered), aht: Number(aht)
      })), rows)
    }), { numRuns: 200 })
  t.pass('every generated upload reached the chunks as its rows')
})

t.test('chunk spool keeps random lines whole and in order', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'wfm-relay-chunks-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  let run = 0
  const lineArbitrary = fc.string({ unit: fc.oneof(fc.constantFrom('a', ',', '"', 'é', '😀', '\r'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 200 })
    .filter((text) => !text.includes('\n'))
    .map((text) => text + '\n')

  await fc.assert(fc.asyncProperty(fc.array(lineArbitrary, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1024, max: 8192 }), fc.integer({ min: 1, max: 4096 }),
    async (lines, maxChunkBytes, writeBufferBytes) => {
      const spool = new ChunkSpoolWriter({ dir: join(root, `run-${run++}`), maxChunkBytes, writeBufferBytes })
      for (const line of lines) await spool.write(line)
      const manifest = await spool.finish()
      const chunks = await Promise.all(manifest.chunks.map(async (chunk) => await readChunk(chunk.path)))
      await spool.discard()

      deepStrictEqual(Buffer.concat(chunks).toString('utf8'), lines.join(''))
      deepStrictEqual(manifest.chunks.map((chunk) => chunk.bytes), chunks.map((chunk) => chunk.length))
      deepStrictEqual(manifest.rows, lines.length)
      for (const chunk of chunks) {
        ok(chunk.length <= maxChunkBytes, `chunk of ${chunk.length} bytes over ${maxChunkBytes}`)
        ok(chunk.toString('utf8').endsWith('\n'), 'a chunk ends at a line end')
      }
      // A new chunk starts only when the next line would not fit in the one before.
      for (let index = 1; index < chunks.length; index++) {
        const firstLine = chunks[index]?.toString('utf8').split('\n')[0] ?? ''
        ok((chunks[index - 1]?.length ?? 0) + Buffer.byteLength(firstLine + '\n') > maxChunkBytes, 'chunks are filled')
      }
    }), { numRuns: 200 })
  t.pass('the chunks concatenate to the lines')
})
