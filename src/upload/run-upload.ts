// One upload from request to job: ingest every row into a durable spool, reject the upload if any
// row is invalid, then store the import job that the worker sends. Nothing reaches the WFM before
// every row is checked.

import { createReadStream } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { v4 as uuidv4 } from 'uuid'
import type { TenantSettings } from '../config/tenant-settings.js'
import { RelayError } from '../errors.js'
import { readCsv } from '../ingest/csv-source.js'
import { readJsonRows, readNdjson } from '../ingest/json-source.js'
import { IngestSession } from '../ingest/session.js'
import type { IngestResult, IntervalRow } from '../ingest/types.js'
import type { UploadSummary } from '../routes/schemas.js'
import type { RelayServices } from '../services.js'
import { ContentHasher } from '../jobs/idempotency.js'
import type { ImportJob } from '../jobs/job-store.js'
import { ChunkSpoolWriter, readChunk, spoolDirectory, type SpoolManifest } from '../wfm/chunk-spool.js'
import { createRowEncoder, formatIntervalStart } from '../wfm/csv-encoder.js'
import type { UploadParameters } from './parameters.js'
import type { UploadSource } from './source.js'
import { storeJob } from './store-job.js'

const dryRunPreviewLines = 5

export interface UploadContext {
  services: RelayServices
  tenant: TenantSettings
  parameters: UploadParameters
  source: UploadSource
  log: FastifyBaseLogger
  /** Name of the authenticated caller, recorded in the job and scoping its idempotency key. */
  caller: string
  idempotencyKey?: string
}

/** A dry run's summary, or the stored job (`created` false: an earlier job with the same key). */
export type UploadOutcome =
  | { kind: 'dryRun', summary: UploadSummary }
  | { kind: 'job', job: ImportJob, created: boolean }

export async function runUpload (context: UploadContext): Promise<UploadOutcome> {
  const startedAt = performance.now()
  const { services, tenant, parameters, log } = context
  const uploadId = uuidv4()
  const spool = new ChunkSpoolWriter({
    dir: spoolDirectory(services.dataDir, uploadId),
    maxChunkBytes: tenant.maxChunkBytes,
    durable: !parameters.dryRun
  })
  const hasher = new ContentHasher()
  let spoolOwnedByJob = false

  try {
    const result = await ingestIntoSpool(context, spool, hasher)
    const manifest = await spool.finish()
    log.info({ tenant: tenant.name, pushToken: parameters.pushToken, uploadId, rows: result.rows,
      chunks: manifest.chunks.length }, 'upload validated and spooled')

    const summary = summarize(context, result, manifest)
    if (parameters.dryRun) {
      summary.firstLines = await previewLines(manifest)
      summary.durationMs = Math.round(performance.now() - startedAt)
      return { kind: 'dryRun', summary }
    }
    const contentHash = hasher.digest({
      sourceId: parameters.sourceId,
      intervalSeconds: parameters.intervalSeconds,
      callerPushToken: parameters.callerPushToken
    })
    const stored = await storeJob(context, { id: uploadId, summary, manifest, contentHash })
    spoolOwnedByJob = stored.created
    if (stored.created) {
      services.metrics.rowsAccepted.inc({ tenant: tenant.name }, manifest.rows)
      services.metrics.bytesAccepted.inc({ tenant: tenant.name }, manifest.bytes)
    }
    return { kind: 'job', ...stored }
  } finally {
    if (!spoolOwnedByJob) await spool.discard()
  }
}

async function ingestIntoSpool (
  context: UploadContext,
  spool: ChunkSpoolWriter,
  hasher: ContentHasher
): Promise<IngestResult> {
  const { services, tenant, parameters, source } = context
  const encodeRow = createRowEncoder(parameters.sourceId, tenant.csvColumns)
  const sink = {
    add: async (row: IntervalRow, line: number) => {
      try {
        const encoded = encodeRow(row)
        await spool.write(encoded)
        hasher.update(encoded)
      } catch (error) {
        throw annotateLine(error, line)
      }
    }
  }
  const session = new IngestSession({
    intervalSeconds: parameters.intervalSeconds,
    maxReportedErrors: services.runtime.config.limits.maxReportedErrors,
    limits: services.runtime.config.limits,
    profile: parameters.profile,
    profileName: parameters.profileName
  }, sink)

  await readSource(source, session)
  const result = await session.finish()
  if (result.errorCount > 0) {
    throw new RelayError('WFM_RELAY_INVALID_ROWS',
      `${result.errorCount} invalid value(s) in the upload; nothing was sent. ` +
      'Fix the rows listed in errors and upload the whole file again',
      { rowErrors: result.errors, rowErrorCount: result.errorCount })
  }
  if (result.rows === 0) {
    throw new RelayError('WFM_RELAY_EMPTY_UPLOAD',
      result.skippedRows > 0
        ? `all ${result.skippedRows} rows were dropped by the filters of profile "${parameters.profileName ?? ''}"; nothing to send`
        : 'the upload contains no data rows; nothing to send')
  }
  return result
}

async function readSource (source: UploadSource, session: IngestSession): Promise<void> {
  switch (source.kind) {
    case 'csv':
      return await readCsv(source.stream, session, { charset: source.charset })
    case 'ndjson':
      return await readNdjson(source.stream, session)
    case 'json':
      return await readJsonRows(source.body, session)
    case 'multipart':
      for (const file of source.files) {
        const fileName = source.files.length > 1 ? file.fileName : undefined
        await readCsv(createReadStream(file.path), session, { charset: file.charset, fileName })
      }
  }
}

function annotateLine (error: unknown, line: number): unknown {
  if (error instanceof RelayError && error.code === 'WFM_RELAY_ROW_TOO_LARGE') {
    return new RelayError(error.code, `line ${line}: ${error.message}`, { cause: error })
  }
  return error
}

function summarize (context: UploadContext, result: IngestResult, manifest: SpoolManifest): UploadSummary {
  const { tenant, parameters } = context
  return {
    pushToken: parameters.pushToken,
    tenant: tenant.name,
    sourceId: parameters.sourceId,
    interval: parameters.intervalSeconds,
    profile: parameters.profileName,
    dryRun: parameters.dryRun,
    rows: result.rows,
    skippedRows: result.skippedRows,
    filledRows: result.filledRows,
    queues: result.queues,
    firstIntervalStart: formatIntervalStart(result.firstIntervalStart ?? 0),
    lastIntervalStart: formatIntervalStart(result.lastIntervalStart ?? 0),
    chunks: manifest.chunks.length,
    chunkBytes: manifest.chunks.map((chunk) => chunk.bytes),
    bytesSent: 0,
    durationMs: 0
  }
}

async function previewLines (manifest: SpoolManifest): Promise<string[]> {
  const first = manifest.chunks[0]
  if (first === undefined) return []
  const text = (await readChunk(first.path)).toString('utf8')
  return text.split('\n').slice(0, dryRunPreviewLines).filter((line) => line !== '')
}
