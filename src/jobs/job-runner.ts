// Sends one claimed job: its spooled chunks from the first one the WFM has not acknowledged, with
// every attempt and acknowledgement written to the store before the next request, and the lease
// renewed while it runs. A job ends completed, failed, released (for the next start) or lost
// (another replica took the lease over).

import { rm } from 'node:fs/promises'
import type { Dispatcher } from 'undici'
import type { TenantSettings, UpstreamSettings } from '../config/tenant-settings.js'
import { isRelayError } from '../errors.js'
import { chunkPath, spoolDirectory, type SpoolManifest } from '../wfm/chunk-spool.js'
import type { WfmLogger } from '../wfm/logger.js'
import type { TokenClients } from '../wfm/token-client.js'
import { sendUpload } from '../wfm/upload-sender.js'
import type { UpstreamObserver } from '../wfm/upstream-observer.js'
import { firstUnsentChunk, type ImportJob, type JobError, type JobStore } from './job-store.js'

export interface RunnerContext {
  store: JobStore
  /** This worker's lease owner name. */
  owner: string
  dataDir: string
  /** The settings in force, read when a job starts, because a config reload replaces them. */
  settings: () => SenderSettings
  dispatcher: Dispatcher
  leaseMs: number
  logger: WfmLogger
  /** Epoch milliseconds for the store's timestamps; Date.now by default. */
  now?: () => number
}

export interface SenderSettings {
  tenants: ReadonlyMap<string, TenantSettings>
  tokens: TokenClients
  upstream: UpstreamSettings
  /** Receives upstream events for metrics. */
  observer?: UpstreamObserver
}

export type JobOutcome = 'completed' | 'failed' | 'released' | 'lost'

/** The reason a worker stops a job that is not finished; the job stays for the next claim. */
export class JobInterrupted extends Error {
  override name = 'JobInterrupted'
}

/** Another owner holds the job's lease now, so this worker must not touch the job any more. */
class LeaseLost extends Error {
  override name = 'LeaseLost'
}

export interface RunSignals {
  /** Stops before the next request; a request in flight finishes. */
  stop: AbortSignal
  /** Stops at once, a request in flight included. */
  abort: AbortSignal
}

export async function runJob (job: ImportJob, context: RunnerContext, signals: RunSignals): Promise<JobOutcome> {
  const settings = context.settings()
  const tenant = settings.tenants.get(job.tenant)
  if (tenant === undefined) {
    return await fail(job, context, {
      code: 'WFM_RELAY_TENANT_NOT_FOUND',
      statusCode: 404,
      message: `tenant "${job.tenant}" is no longer configured on this relay; add it back and ` +
        `retry import ${job.id}`
    })
  }

  const startChunk = firstUnsentChunk(job)
  if (startChunk === undefined) {
    return await complete(job, context)
  }

  const lease = keepLease(job, context)
  try {
    await send(job, { ...settings, tenant, startChunk }, context, {
      stop: signals.stop,
      abort: AbortSignal.any([signals.abort, lease.signal])
    })
    return await complete(job, context)
  } catch (error) {
    return await settleFailure(job, context, error, startChunk)
  } finally {
    lease.dispose()
  }
}

interface SendPlan extends SenderSettings {
  tenant: TenantSettings
  startChunk: number
}

async function send (job: ImportJob, plan: SendPlan, context: RunnerContext, signals: RunSignals): Promise<void> {
  const { tenant, startChunk } = plan
  const { store, owner } = context
  const now = context.now ?? Date.now
  const checked = async (update: Promise<boolean>): Promise<void> => {
    if (!await update) throw new LeaseLost(`the lease of import ${job.id} passed to another worker`)
  }

  context.logger.info({ tenant: job.tenant, importId: job.id, pushToken: job.pushToken,
    chunk: startChunk, chunks: job.chunks.length }, 'Sending import')
  await sendUpload({
    tenant,
    manifest: manifestOf(job, context.dataDir),
    pushToken: job.pushToken,
    sourceId: job.sourceId,
    intervalSeconds: job.intervalSeconds,
    tokens: plan.tokens.forTenant(tenant),
    dispatcher: context.dispatcher,
    upstream: plan.upstream,
    logger: context.logger,
    signal: signals.abort,
    stopSignal: signals.stop,
    startChunk,
    observer: context.settings().observer,
    onChunkAttempt: async (index) => { await checked(store.recordAttempt(job.id, owner, index, now())) },
    onChunkSent: async (index) => { await checked(store.markChunkSent(job.id, owner, index, now())) }
  })
}

/** Rebuilds the spool manifest from the job's chunk records; the files are named by index. */
function manifestOf (job: ImportJob, dataDir: string): SpoolManifest {
  const dir = spoolDirectory(dataDir, job.id)
  return {
    dir,
    chunks: job.chunks.map((chunk) => ({
      index: chunk.index, path: chunkPath(dir, chunk.index), bytes: chunk.bytes, rows: chunk.rows
    })),
    rows: job.rows,
    bytes: job.bytes
  }
}

async function complete (job: ImportJob, context: RunnerContext): Promise<JobOutcome> {
  const now = context.now ?? Date.now
  if (!await context.store.finish(job.id, context.owner, { state: 'completed', now: now() })) {
    return 'lost'
  }
  context.logger.info({ tenant: job.tenant, importId: job.id, pushToken: job.pushToken,
    rows: job.rows, chunks: job.chunks.length }, 'Import completed')
  await removeSpool(job, context)
  return 'completed'
}

async function fail (job: ImportJob, context: RunnerContext, error: JobError): Promise<JobOutcome> {
  const now = context.now ?? Date.now
  if (!await context.store.finish(job.id, context.owner, { state: 'failed', error, now: now() })) {
    return 'lost'
  }
  context.logger.warn({ tenant: job.tenant, importId: job.id, pushToken: job.pushToken,
    code: error.code, upstreamStatus: error.upstream?.status }, `Import failed: ${error.message}`)
  return 'failed'
}

async function settleFailure (
  job: ImportJob,
  context: RunnerContext,
  error: unknown,
  startChunk: number
): Promise<JobOutcome> {
  const ids = { tenant: job.tenant, importId: job.id, pushToken: job.pushToken }
  if (error instanceof LeaseLost) {
    context.logger.warn({ ...ids }, 'Stopped sending: another worker took the import over')
    return 'lost'
  }
  if (error instanceof JobInterrupted) {
    const released = await context.store.release(job.id, context.owner, (context.now ?? Date.now)())
    const current = await context.store.get(job.id)
    context.logger.info({ ...ids, chunk: current === undefined ? startChunk : firstUnsentChunk(current) },
      'Import interrupted; the next start resumes it from this chunk')
    return released ? 'released' : 'lost'
  }
  if (isRelayError(error)) {
    return await fail(job, context, {
      code: error.code,
      statusCode: error.statusCode,
      message: error.message,
      ...(error.upstream === undefined ? {} : { upstream: error.upstream })
    })
  }

  context.logger.error({ ...ids, err: error }, 'Import failed on an internal error')
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
  return await fail(job, context, {
    code: 'WFM_RELAY_INTERNAL',
    statusCode: 500,
    message: missing
      ? `a spool file of import ${job.id} is missing from the data directory; upload the data again`
      : `internal error while sending import ${job.id}; the relay logged the details`
  })
}

/** Renews the lease every third of its length; aborts the returned signal when it is lost. */
function keepLease (job: ImportJob, context: RunnerContext): { signal: AbortSignal, dispose: () => void } {
  const controller = new AbortController()
  const now = context.now ?? Date.now
  const timer = setInterval(() => {
    context.store.renewLease(job.id, context.owner, context.leaseMs, now()).then((held) => {
      if (!held) controller.abort(new LeaseLost(`the lease of import ${job.id} passed to another worker`))
    }, (error: unknown) => {
      context.logger.warn({ importId: job.id, err: error }, 'Could not renew the lease of an import')
    })
  }, Math.max(100, Math.floor(context.leaseMs / 3)))
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}

async function removeSpool (job: ImportJob, context: RunnerContext): Promise<void> {
  try {
    await rm(spoolDirectory(context.dataDir, job.id), { recursive: true, force: true })
  } catch (error) {
    context.logger.warn({ importId: job.id, err: error }, 'Could not remove the spool of a completed import')
  }
}
