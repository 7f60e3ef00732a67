// The response to an upload once its job is stored: at once with 202 when the caller sent
// `Prefer: respond-async`, else after the job finished or jobs.waitTimeoutMs passed.

import type { FastifyReply } from 'fastify'
import type { ImportJobs } from '../jobs/import-jobs.js'
import type { ImportJob } from '../jobs/job-store.js'
import type { ImportAccepted } from './import-schemas.js'
import { completedSummary, failedJobError, importLocation, importStatus } from './import-view.js'

/** Returns whether a Prefer header (RFC 7240) requests respond-async. */
export function prefersRespondAsync (header: string | string[] | undefined): boolean {
  if (header === undefined) return false
  const values = Array.isArray(header) ? header : [header]
  return values
    .flatMap((value) => value.split(','))
    .map((preference) => preference.split(';')[0]?.split('=')[0]?.trim().toLowerCase())
    .includes('respond-async')
}

export interface JobAnswerOptions {
  respondAsync: boolean
  /** performance.now() at the start of the request. */
  startedAt: number
}

/**
 * Sends 200 with the summary for a completed job, throws the job's error for a failed one, and
 * sends 202 with Location and the job's status otherwise.
 */
export async function answerWithJob (
  reply: FastifyReply,
  jobs: ImportJobs,
  stored: ImportJob,
  options: JobAnswerOptions
): Promise<FastifyReply> {
  let job = stored
  let reason: ImportAccepted['asyncReason'] = 'respond-async'
  if (!options.respondAsync) {
    job = await jobs.waitFor(stored.id, jobs.waitTimeoutMs) ?? stored
    reason = jobs.draining ? 'shutting-down' : 'wait-timeout'
  }

  if (job.state === 'completed') {
    const durationMs = Math.round(performance.now() - options.startedAt)
    return await reply.code(200).send(completedSummary(job, durationMs))
  }
  if (job.state === 'failed') {
    throw failedJobError(job)
  }

  void reply.code(202).header('location', importLocation(job.id))
  if (options.respondAsync) void reply.header('preference-applied', 'respond-async')
  const body: ImportAccepted = { ...importStatus(job), asyncReason: reason }
  return await reply.send(body)
}
