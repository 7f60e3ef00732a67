// Deletes finished jobs once their retention is over, with the spool that a failed job keeps for
// a retry. Runs at start and then periodically.

import { rm } from 'node:fs/promises'
import { spoolDirectory } from '../wfm/chunk-spool.js'
import type { WfmLogger } from '../wfm/logger.js'
import type { JobStore } from './job-store.js'

export interface RetentionOptions {
  store: JobStore
  dataDir: string
  retentionMs: number
  logger: WfmLogger
  /** Epoch milliseconds; Date.now by default. */
  now?: () => number
}

/** Deletes the jobs that finished more than retentionMs ago; returns their ids. */
export async function pruneFinishedJobs (options: RetentionOptions): Promise<string[]> {
  const now = options.now ?? Date.now
  const ids = await options.store.deleteFinishedBefore(now() - options.retentionMs)
  for (const id of ids) {
    await rm(spoolDirectory(options.dataDir, id), { recursive: true, force: true })
  }
  if (ids.length > 0) {
    options.logger.info({ importIds: ids }, `Deleted ${ids.length} finished import job(s) past their retention`)
  }
  return ids
}

/** Runs pruneFinishedJobs every `intervalMs` until the returned function is called. */
export function schedulePruning (options: RetentionOptions, intervalMs: number): () => void {
  const timer = setInterval(() => {
    pruneFinishedJobs(options).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'Could not delete finished import jobs; trying again later')
    })
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
