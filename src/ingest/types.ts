// Types shared by every ingest source (CSV, JSON, NDJSON) and the encoder that consumes them.

import type { RowError } from '../errors.js'

/** One validated, normalized interval row. */
export interface IntervalRow {
  /** Interval start in seconds since the Unix epoch (UTC), on a boundary of the interval. */
  intervalStart: number
  /** Queue name, trimmed; 1 to 255 characters without control characters. */
  queue: string
  /** Contacts offered: a safe integer >= 0. */
  offered: number
  /** Average handle time in seconds: a finite number >= 0. */
  aht: number
}

/** Receives each valid row once, in upload order, while ingest runs. */
export interface RowSink {
  /**
   * `line` is the row's line in the original upload (1-based), or 0 for a zero row added by
   * a profile's completeDays option.
   */
  add (row: IntervalRow, line: number): Promise<void> | void
}

/**
 * Size limits of one upload, which bound its memory and work. The config's `limits` section
 * has these keys, so it can be passed as it is.
 */
export interface IngestLimits {
  /** Longest physical line (CSV, NDJSON) and longest CSV record, in bytes. */
  maxLineBytes: number
  /** Longest CSV field, in UTF-8 bytes. */
  maxFieldBytes: number
  /** Most fields in one CSV record, the header included. */
  maxColumns: number
  /** Most data rows (valid, invalid or filtered out) across all files of the upload. */
  maxRows: number
}

export const defaultIngestLimits: Readonly<IngestLimits> = Object.freeze({
  maxLineBytes: 1_048_576,
  maxFieldBytes: 65_536,
  maxColumns: 512,
  maxRows: 25_000_000
})

/** How an upload is read and checked. */
export interface IngestOptions {
  /** Interval length in seconds; a positive multiple of 900. */
  intervalSeconds: number
  /** Upper bound of row errors kept for the answer; the count goes on past it. */
  maxReportedErrors: number
  /** Limits not given here take their value from defaultIngestLimits. */
  limits?: Partial<IngestLimits>
}

/** What ingest learned about an upload. `errors` is empty when every row was valid. */
export interface IngestResult {
  /**
   * Valid rows: the uploaded rows passed to the sink plus the filledRows. When errors exist,
   * the valid uploaded rows read, though the sink stopped receiving them at the first error.
   */
  rows: number
  /** Rows dropped by a profile's include or exclude filters. */
  skippedRows: number
  /** Zero rows added by a profile's completeDays option. */
  filledRows: number
  queues: number
  /** Earliest and latest interval start (epoch seconds), absent when there are no rows. */
  firstIntervalStart?: number
  lastIntervalStart?: number
  errors: RowError[]
  errorCount: number
}
