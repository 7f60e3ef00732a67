// Stores a validated, durably spooled upload as an import job, or finds the job that an earlier
// request with the same idempotency key created.

import type { ImportJob, NewJob } from '../jobs/job-store.js'
import { checkSameContent } from '../jobs/idempotency.js'
import type { UploadSummary } from '../routes/schemas.js'
import type { SpoolManifest } from '../wfm/chunk-spool.js'
import type { UploadContext } from './run-upload.js'

export interface SpooledUpload {
  /** The upload id, which names the spool directory and becomes the job id. */
  id: string
  summary: UploadSummary
  manifest: SpoolManifest
  contentHash: string
}

/**
 * Returns the new job (`created` true: the job now owns the spool), or the earlier job with the
 * same key and content. Throws WFM_RELAY_IDEMPOTENCY_CONFLICT when the content differs.
 */
export async function storeJob (
  context: UploadContext,
  upload: SpooledUpload
): Promise<{ job: ImportJob, created: boolean }> {
  const { services, parameters, log } = context
  const { summary, manifest } = upload
  const job: NewJob = {
    id: upload.id,
    tenant: context.tenant.name,
    caller: context.caller,
    sourceId: parameters.sourceId,
    intervalSeconds: parameters.intervalSeconds,
    pushToken: parameters.pushToken,
    rows: manifest.rows,
    bytes: manifest.bytes,
    facts: {
      ...(summary.profile === undefined ? {} : { profile: summary.profile }),
      skippedRows: summary.skippedRows,
      filledRows: summary.filledRows,
      queues: summary.queues,
      firstIntervalStart: summary.firstIntervalStart,
      lastIntervalStart: summary.lastIntervalStart
    },
    chunks: manifest.chunks.map((chunk) => ({ index: chunk.index, rows: chunk.rows, bytes: chunk.bytes })),
    ...(context.idempotencyKey === undefined ? {} : { idempotencyKey: context.idempotencyKey }),
    contentHash: upload.contentHash,
    createdAt: Date.now()
  }

  const stored = await services.jobs.store.create(job)
  if (stored.created) {
    log.info({ importId: job.id, chunks: job.chunks.length }, 'import job accepted')
    return stored
  }
  checkSameContent(stored.job, upload.contentHash)
  log.info({ importId: stored.job.id, state: stored.job.state },
    'repeated upload with the same idempotency key; returning the earlier import job')
  return stored
}
