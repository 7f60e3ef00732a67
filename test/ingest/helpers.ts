// Shared pieces of the ingest tests: a sink that records what it gets, streams made of chunks,
// and sessions with test defaults.

import { Readable } from 'node:stream'
import type { ProfileConfig } from '../../src/config/schema.js'
import { readCsv } from '../../src/ingest/csv-source.js'
import { IngestSession } from '../../src/ingest/session.js'
import type { IngestResult, IntervalRow, RowSink } from '../../src/ingest/types.js'

export interface SunkRow {
  row: IntervalRow
  line: number
}

export class RecordingSink implements RowSink {
  readonly received: SunkRow[] = []

  async add (row: IntervalRow, line: number): Promise<void> {
    this.received.push({ row, line })
  }

  get rows (): IntervalRow[] {
    return this.received.map((entry) => entry.row)
  }
}

/** Creates a byte stream that yields each chunk separately, as a network body would. */
export function streamOf (...chunks: Array<string | Uint8Array>): Readable {
  return Readable.from(chunks.map((chunk) => typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)))
}

export interface SessionSetup {
  intervalSeconds?: number
  maxReportedErrors?: number
  profile?: ProfileConfig
  profileName?: string
}

export function createSession (setup: SessionSetup = {}): { session: IngestSession, sink: RecordingSink } {
  const sink = new RecordingSink()
  const session = new IngestSession({
    intervalSeconds: setup.intervalSeconds ?? 900,
    maxReportedErrors: setup.maxReportedErrors ?? 100,
    profile: setup.profile,
    profileName: setup.profileName
  }, sink)
  return { session, sink }
}

/** Reads one CSV text through a new session and finishes it. */
export async function ingestCsv (
  text: string | Uint8Array,
  setup: SessionSetup & { charset?: string, fileName?: string } = {}
): Promise<{ result: IngestResult, sink: RecordingSink }> {
  const { session, sink } = createSession(setup)
  await readCsv(streamOf(text), session, { charset: setup.charset, fileName: setup.fileName })
  const result = await session.finish()
  return { result, sink }
}

/** Epoch seconds of an ISO 8601 timestamp. */
export function epoch (iso: string): number {
  return Date.parse(iso) / 1000
}

export function row (iso: string, queue: string, offered: number, aht: number): IntervalRow {
  return { intervalStart: epoch(iso), queue, offered, aht }
}

/** Runs `action` and returns what it threw, or undefined. */
export async function caught (action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action()
  } catch (error) {
    return error
  }
  return undefined
}
