// State shared by every file of one upload: counts, row errors, the duplicate index, and the
// completeDays filling at the end. Sources (readCsv, readJsonRows, readNdjson) feed it records.

import type { ProfileConfig } from '../config/schema.js'
import { RelayError, type ErrorCode, type RowError } from '../errors.js'
import { formatUtc } from './calendar.js'
import { daySpanOf, describeLongSpan, maxFilledDaysPerQueue, missingIntervalStarts } from './complete-days.js'
import { IndexCapacityError, IntervalIndex, maxSlotKey } from './duplicate-index.js'
import { compileProfile, type CompiledProfile } from './profile-check.js'
import type { FieldError, RecordOutcome } from './record-outcome.js'
import { defaultIngestLimits, type IngestLimits, type IngestOptions, type IngestResult, type IntervalRow, type RowSink } from './types.js'

/** Characters of a rejected value kept in a row error. */
const maxShownValueLength = 200

/**
 * Interval slots the duplicate index may allocate, per allowed row. Dense data needs about one
 * slot a row; the margin covers partly filled blocks at the ends of each queue's range.
 */
const indexSlotsPerRow = 1.5

/** Slots allowed however low maxRows is: 4 MiB, room for 4096 queues of one row each. */
const minIndexSlots = 1_048_576

/** One file or body of the upload. Its lines map to slot keys `base + line`. */
export interface UploadFile {
  readonly name?: string
  readonly base: number
  /** Highest line number read so far. */
  lastLine: number
}

export class IngestSession {
  readonly intervalSeconds: number
  readonly profile?: CompiledProfile
  readonly limits: Readonly<IngestLimits>
  private readonly maxReportedErrors: number
  private readonly sink: RowSink
  private readonly index: IntervalIndex
  private readonly files: UploadFile[] = []
  private openedFile?: UploadFile
  private readonly errors: RowError[] = []
  private errorCount = 0
  private validRows = 0
  /** Every record read, valid, invalid or filtered out, checked against maxRows. */
  private readRecords = 0
  private skippedRows = 0
  private filledRows = 0
  private firstIntervalStart?: number
  private lastIntervalStart?: number
  private finished = false

  /**
   * Throws WFM_RELAY_INVALID_PARAMETER for an interval that is not a multiple of 900 s up to a
   * day, and a plain Error for a profile that fails validateProfile (a config error).
   */
  constructor (options: IngestOptions & { profile?: ProfileConfig, profileName?: string }, sink: RowSink) {
    const { intervalSeconds, maxReportedErrors } = options
    if (!Number.isInteger(intervalSeconds) || intervalSeconds < 900 || intervalSeconds > 86_400 ||
      intervalSeconds % 900 !== 0) {
      throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
        `interval ${intervalSeconds} is not valid; use a multiple of 900 seconds from 900 to 86400`)
    }
    if (!Number.isInteger(maxReportedErrors) || maxReportedErrors < 0) {
      throw new RangeError(`maxReportedErrors must be an integer >= 0, got ${maxReportedErrors}`)
    }
    this.intervalSeconds = intervalSeconds
    this.maxReportedErrors = maxReportedErrors
    this.sink = sink
    this.limits = pickLimits(options.limits)
    this.index = new IntervalIndex(intervalSeconds,
      Math.max(Math.ceil(this.limits.maxRows * indexSlotsPerRow), minIndexSlots))
    if (options.profile !== undefined) {
      this.profile = compileProfile(options.profileName ?? 'profile', options.profile)
    }
  }

  /** Starts a source. Sources of one session must run one after another. */
  openFile (name?: string): UploadFile {
    if (this.finished || this.openedFile !== undefined) {
      throw new Error('IngestSession: a source was started while another was running or after finish()')
    }
    const previous = this.files.at(-1)
    const base = previous === undefined ? 0 : previous.base + previous.lastLine
    const file: UploadFile = { name, base, lastLine: 0 }
    this.files.push(file)
    this.openedFile = file
    return file
  }

  closeFile (file: UploadFile): void {
    if (this.openedFile === file) {
      this.openedFile = undefined
    }
  }

  /**
   * Counts a record and, while the upload has no error, passes its row to the sink (awaited, so
   * the sink's backpressure reaches the reader). A row whose queue and interval start an earlier
   * row already used becomes an error naming both lines.
   */
  async acceptRecord (outcome: RecordOutcome, line: number, file: UploadFile): Promise<void> {
    file.lastLine = Math.max(file.lastLine, line)
    this.readRecords += 1
    if (this.readRecords > this.limits.maxRows) {
      throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
        `the upload has more than ${this.limits.maxRows} rows (limits.maxRows); split it into ` +
        'several uploads')
    }
    if (outcome.kind === 'skipped') {
      this.skippedRows += 1
      return
    }
    if (outcome.kind === 'invalid') {
      for (const error of outcome.errors) {
        this.addError(error, line, file)
      }
      return
    }

    const { row } = outcome
    const earlier = this.claimSlot(row, this.slotKey(line, file))
    if (earlier !== 0) {
      this.addError(this.duplicateError(row, earlier, file), line, file)
      return
    }
    this.validRows += 1
    this.track(row.intervalStart)
    if (this.errorCount === 0) {
      await this.sink.add(row, line)
    }
  }

  /** Builds the RelayError for a failure that stops reading, with every row error so far. */
  failUpload (code: ErrorCode, failure: FieldError, line: number, file: UploadFile): RelayError {
    this.addError(failure, line, file)
    return new RelayError(code, failure.message, { rowErrors: [...this.errors], rowErrorCount: this.errorCount })
  }

  /**
   * Ends the upload: when it has rows and no errors and the profile sets completeDays, passes the
   * missing intervals to the sink as zero rows (line 0). Returns the counts and the row errors;
   * an upload without rows is returned with `rows: 0`, not thrown.
   */
  async finish (): Promise<IngestResult> {
    if (this.finished) {
      throw new Error('IngestSession.finish() was called twice')
    }
    this.finished = true
    if (this.errorCount === 0 && this.validRows > 0 && this.profile?.config.completeDays === true) {
      await this.fillDays(this.profile.config.timeZone ?? 'UTC')
    }

    const result: IngestResult = {
      rows: this.validRows + this.filledRows,
      skippedRows: this.skippedRows,
      filledRows: this.filledRows,
      queues: this.index.queueCount,
      errors: [...this.errors],
      errorCount: this.errorCount
    }
    if (this.firstIntervalStart !== undefined && this.lastIntervalStart !== undefined) {
      result.firstIntervalStart = this.firstIntervalStart
      result.lastIntervalStart = this.lastIntervalStart
    }
    return result
  }

  private async fillDays (zone: string): Promise<void> {
    // Spans are checked for every queue first: one error means nothing is sent or filled.
    for (const queue of this.index.queueNames()) {
      const span = daySpanOf(this.index, queue, zone)
      const range = this.index.rangeOf(queue)
      if (span !== undefined && range !== undefined && span.days > maxFilledDaysPerQueue) {
        const location = this.locate(this.index.keyAt(queue, range.last))
        const error: FieldError = {
          field: 'intervalStart',
          value: formatUtc(range.last),
          message: describeLongSpan(queue, span, zone)
        }
        this.addError(error, location.line, location.file)
      }
    }
    if (this.errorCount > 0) {
      return
    }

    for (const queue of this.index.queueNames()) {
      for (const intervalStart of missingIntervalStarts(this.index, queue, zone)) {
        const row: IntervalRow = { intervalStart, queue, offered: 0, aht: 0 }
        await this.sink.add(row, 0)
        this.filledRows += 1
        this.track(intervalStart)
      }
    }
  }

  private addError (error: FieldError, line: number, file: UploadFile): void {
    this.errorCount += 1
    if (this.errors.length >= this.maxReportedErrors) {
      return
    }
    const rowError: RowError = file.name === undefined
      ? { line, ...error }
      : { line, file: file.name, ...error }
    // A cell may be up to limits.maxFieldBytes long, so the response shows only enough of it to
    // find the row.
    if (rowError.value !== undefined && rowError.value.length > maxShownValueLength) {
      rowError.value = rowError.value.slice(0, maxShownValueLength) + '…'
    }
    this.errors.push(rowError)
  }

  private track (intervalStart: number): void {
    this.firstIntervalStart = Math.min(this.firstIntervalStart ?? intervalStart, intervalStart)
    this.lastIntervalStart = Math.max(this.lastIntervalStart ?? intervalStart, intervalStart)
  }

  private duplicateError (row: IntervalRow, earlierKey: number, file: UploadFile): FieldError {
    const earlier = this.locate(earlierKey)
    const where = earlier.file.name !== undefined && earlier.file !== file
      ? `line ${earlier.line} of "${earlier.file.name}"`
      : `line ${earlier.line}`
    const start = formatUtc(row.intervalStart)
    return {
      field: 'intervalStart',
      value: start,
      message: `queue ${JSON.stringify(row.queue)} already has a row for the interval starting ${start} ` +
        `on ${where}; send one row per queue and interval`
    }
  }

  private claimSlot (row: IntervalRow, key: number): number {
    try {
      return this.index.claim(row.queue, row.intervalStart, key)
    } catch (error) {
      if (!(error instanceof IndexCapacityError)) {
        throw error
      }
      throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
        `the rows of this upload are spread over too many queues and days to check them for ` +
        `duplicates (more than ${error.maxSlots} interval slots, set by limits.maxRows); split ` +
        'the upload by queue or by period', { cause: error })
    }
  }

  private slotKey (line: number, file: UploadFile): number {
    const key = file.base + line
    if (key > maxSlotKey) {
      throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
        `the upload has more than ${maxSlotKey} lines; split it into several uploads`)
    }
    return key
  }

  private locate (key: number): { file: UploadFile, line: number } {
    let owner = this.files[0]
    for (const file of this.files) {
      if (file.base < key) {
        owner = file
      }
    }
    if (owner === undefined) {
      throw new Error(`IngestSession: slot key ${key} belongs to no file`)
    }
    return { file: owner, line: key - owner.base }
  }
}

function pickLimits (limits: Partial<IngestLimits> = {}): Readonly<IngestLimits> {
  return Object.freeze({
    maxLineBytes: limits.maxLineBytes ?? defaultIngestLimits.maxLineBytes,
    maxFieldBytes: limits.maxFieldBytes ?? defaultIngestLimits.maxFieldBytes,
    maxColumns: limits.maxColumns ?? defaultIngestLimits.maxColumns,
    maxRows: limits.maxRows ?? defaultIngestLimits.maxRows
  })
}
