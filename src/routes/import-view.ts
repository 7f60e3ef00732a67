// Turns stored jobs into the bodies that callers see.

import { errorStatus, RelayError, type ErrorCode } from '../errors.js'
import type { ImportJob } from '../jobs/job-store.js'
import type { ImportStatus } from './import-schemas.js'
import type { UploadSummary } from './schemas.js'

const iso = (epochMs: number): string => new Date(epochMs).toISOString()

export function importLocation (id: string): string {
  return `/v1/imports/${encodeURIComponent(id)}`
}

export function importStatus (job: ImportJob, withChunks = false): ImportStatus {
  const status: ImportStatus = {
    importId: job.id,
    tenant: job.tenant,
    state: job.state,
    pushToken: job.pushToken,
    sourceId: job.sourceId,
    interval: job.intervalSeconds,
    rows: job.rows,
    bytes: job.bytes,
    chunks: job.chunks.length,
    chunksSent: job.chunks.filter((chunk) => chunk.state === 'sent').length,
    attempts: job.chunks.reduce((sum, chunk) => sum + chunk.attempts, 0),
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt)
  }
  if (job.facts.profile !== undefined) status.profile = job.facts.profile
  if (job.lastError !== undefined) status.lastError = job.lastError
  if (job.startedAt !== undefined) status.startedAt = iso(job.startedAt)
  if (job.finishedAt !== undefined) status.finishedAt = iso(job.finishedAt)
  if (withChunks) {
    status.chunkList = job.chunks.map((chunk) => ({
      index: chunk.index,
      state: chunk.state,
      rows: chunk.rows,
      bytes: chunk.bytes,
      attempts: chunk.attempts,
      ...(chunk.sentAt === undefined ? {} : { sentAt: iso(chunk.sentAt) })
    }))
  }
  return status
}

/** The 200 answer of an upload whose job completed: the summary the relay always gave, plus the job. */
export function completedSummary (job: ImportJob, durationMs: number): UploadSummary {
  const { facts } = job
  return {
    pushToken: job.pushToken,
    tenant: job.tenant,
    sourceId: job.sourceId,
    interval: job.intervalSeconds,
    ...(facts.profile === undefined ? {} : { profile: facts.profile }),
    dryRun: false,
    rows: job.rows,
    skippedRows: facts.skippedRows,
    filledRows: facts.filledRows,
    queues: facts.queues,
    firstIntervalStart: facts.firstIntervalStart,
    lastIntervalStart: facts.lastIntervalStart,
    chunks: job.chunks.length,
    chunkBytes: job.chunks.map((chunk) => chunk.bytes),
    bytesSent: job.chunks.reduce((sum, chunk) => sum + (chunk.state === 'sent' ? chunk.bytes : 0), 0),
    durationMs,
    importId: job.id,
    state: 'completed'
  }
}

/** The error a failed job answers with: its stored code, status and message, plus its id. */
export function failedJobError (job: ImportJob): RelayError {
  const stored = job.lastError
  const code: ErrorCode = stored !== undefined && Object.hasOwn(errorStatus, stored.code)
    ? stored.code as ErrorCode
    : 'WFM_RELAY_INTERNAL'
  const message = stored?.message ?? `import ${job.id} failed without a recorded reason`
  return new RelayError(code, message, { upstream: stored?.upstream, importId: job.id })
}
