// Prepares the store and the data directory before the worker starts. It frees the leases of this
// replica's earlier run, so unfinished jobs resume at once rather than when those leases run out.
// It also removes spool directories that no unfinished or failed job needs, and multipart files
// that requests of the earlier run left in `incoming` when the process died.

import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { WfmLogger } from '../wfm/logger.js'
import type { JobStore } from './job-store.js'

export interface RecoveryOptions {
  store: JobStore
  dataDir: string
  /** The lease owner prefix of this replica, shared by all its runs. */
  ownerPrefix: string
  logger: WfmLogger
  now: number
}

export interface RecoveryResult {
  releasedLeases: number
  unfinishedJobs: string[]
  removedSpools: string[]
  removedIncoming: number
}

export async function recoverJobs (options: RecoveryOptions): Promise<RecoveryResult> {
  const { store, logger } = options
  const releasedLeases = await store.releaseLeases(options.ownerPrefix, options.now)
  const unfinishedJobs = await store.unfinishedIds()
  const removedSpools = await removeUnusedSpools(options)
  const removedIncoming = await removeIncoming(options.dataDir)

  if (unfinishedJobs.length > 0) {
    logger.info({ importIds: unfinishedJobs, releasedLeases },
      `Resuming ${unfinishedJobs.length} unfinished import job(s) from their first unacknowledged chunk`)
  }
  if (removedSpools.length > 0) {
    logger.info({ spools: removedSpools }, 'Removed spool directories that no import job needs')
  }
  if (removedIncoming > 0) {
    logger.info({ requests: removedIncoming }, 'Removed multipart files of requests cut off by the last stop')
  }
  return { releasedLeases, unfinishedJobs, removedSpools, removedIncoming }
}

/** Empties `{dataDir}/incoming`: no request can be reading those files before the server listens. */
async function removeIncoming (dataDir: string): Promise<number> {
  const incoming = join(dataDir, 'incoming')
  let names: string[]
  try {
    names = await readdir(incoming)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  for (const name of names) await rm(join(incoming, name), { recursive: true, force: true })
  return names.length
}

/**
 * Removes spools of uploads that stopped before their job was stored, and of completed jobs
 * whose removal a crash interrupted.
 * NOTE: this assumes that no other process writes to this data directory, which holds for the
 * SQLite store. Replicas that share a directory would need a spool folder per replica.
 */
async function removeUnusedSpools (options: RecoveryOptions): Promise<string[]> {
  const spoolRoot = join(options.dataDir, 'spool')
  let names: string[]
  try {
    names = (await readdir(spoolRoot)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }

  const removed: string[] = []
  for (const name of names) {
    const job = await options.store.get(name)
    if (job === undefined || job.state === 'completed') {
      await rm(join(spoolRoot, name), { recursive: true, force: true })
      removed.push(name)
    }
  }
  return removed
}
