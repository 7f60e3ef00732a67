// The job layer's entry point for the rest of the relay: the store, the worker that sends jobs,
// waiting for a job to finish, and the order of start-up and shutdown.

import { EventEmitter, setMaxListeners } from 'node:events'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Dispatcher } from 'undici'
import type { RuntimeConfig } from '../config/resolve.js'
import type { WfmLogger } from '../wfm/logger.js'
import type { SenderSettings } from './job-runner.js'
import { isFinished, type ImportJob, type JobStore } from './job-store.js'
import { recoverJobs } from './recovery.js'
import { pruneFinishedJobs, schedulePruning } from './retention.js'
import { SqliteJobStore } from './sqlite-job-store.js'
import { JobWorker } from './worker.js'

export interface ImportJobsOptions {
  /** The config at start; jobs.* is read once, tenants and upstream through `settings`. */
  runtime: RuntimeConfig
  settings: () => SenderSettings
  dataDir: string
  dispatcher: Dispatcher
  logger: WfmLogger
  /** Defaults to the SQLite store in `{dataDir}/jobs.sqlite`. */
  store?: JobStore
}

const hourMs = 3_600_000

export class ImportJobs {
  readonly store: JobStore
  readonly waitTimeoutMs: number
  readonly #worker: JobWorker
  readonly #events = new EventEmitter()
  readonly #options: ImportJobsOptions
  readonly #ownerPrefix: string
  readonly #draining = new AbortController()
  #stopPruning: (() => void) | undefined
  #closed: Promise<void> | undefined

  constructor (options: ImportJobsOptions) {
    const { runtime } = options
    const jobs = runtime.config.jobs
    this.#options = options
    this.store = options.store ?? new SqliteJobStore(join(options.dataDir, 'jobs.sqlite'))
    this.waitTimeoutMs = jobs.waitTimeoutMs
    this.#ownerPrefix = `${jobs.instanceName ?? hostname()}/`
    // Every waiting upload adds one listener to each and removes it when it returns.
    this.#events.setMaxListeners(0)
    setMaxListeners(0, this.#draining.signal)
    this.#worker = new JobWorker({
      store: this.store,
      owner: `${this.#ownerPrefix}${process.pid}-${randomBytes(4).toString('hex')}`,
      dataDir: options.dataDir,
      settings: options.settings,
      dispatcher: options.dispatcher,
      leaseMs: jobs.leaseMs,
      logger: options.logger,
      maxConcurrentJobs: jobs.maxConcurrentJobs,
      maxConcurrentJobsPerTenant: jobs.maxConcurrentJobsPerTenant,
      pollIntervalMs: jobs.pollIntervalMs,
      onSettled: (id) => this.#events.emit('settled', id)
    })
  }

  /** True from the start of a shutdown: uploads are refused and waiting requests answer 202. */
  get draining (): boolean {
    return this.#draining.signal.aborted
  }

  /** Recovers the data directory and starts the worker and the periodic pruning. */
  async start (): Promise<void> {
    const { dataDir, logger } = this.#options
    await recoverJobs({ store: this.store, dataDir, ownerPrefix: this.#ownerPrefix, logger, now: Date.now() })
    const retention = { store: this.store, dataDir, logger, retentionMs: this.#retentionMs() }
    await pruneFinishedJobs(retention)
    this.#stopPruning = schedulePruning(retention, Math.min(hourMs, Math.max(1_000, retention.retentionMs / 4)))
    this.#worker.start()
  }

  /** Tells the worker that a job can be claimed now. */
  wake (): void {
    this.#worker.wake()
  }

  /**
   * Returns the job once it is finished, or as it is after `timeoutMs` or when a shutdown
   * begins. Undefined when the job does not exist (any more).
   */
  async waitFor (id: string, timeoutMs: number): Promise<ImportJob | undefined> {
    const current = await this.store.get(id)
    if (current === undefined || isFinished(current) || timeoutMs <= 0 || this.draining) {
      return current
    }
    await this.#settledOrTimeout(id, timeoutMs)
    return await this.store.get(id)
  }

  /** Starts a shutdown: refuse uploads, then let the worker finish its requests in flight. */
  async drain (graceMs: number): Promise<void> {
    this.#draining.abort()
    this.#stopPruning?.()
    await this.#worker.stop(graceMs)
  }

  async close (): Promise<void> {
    this.#closed ??= (async () => {
      await this.drain(0)
      await this.store.close()
    })()
    await this.#closed
  }

  #retentionMs (): number {
    return this.#options.runtime.config.jobs.retentionHours * hourMs
  }

  /**
   * Waits for this worker's settle event, a poll of the store (a job another replica sends),
   * the timeout or the start of a shutdown, whichever comes first.
   */
  async #settledOrTimeout (id: string, timeoutMs: number): Promise<void> {
    const pollMs = this.#options.runtime.config.jobs.pollIntervalMs
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timeout)
        clearInterval(poll)
        this.#events.off('settled', onSettled)
        this.#draining.signal.removeEventListener('abort', finish)
        resolve()
      }
      const onSettled = (settledId: string): void => {
        if (settledId === id) finish()
      }
      const check = (): void => {
        this.store.get(id).then((job) => {
          if (job === undefined || isFinished(job)) finish()
        }, finish)
      }
      const timeout = setTimeout(finish, timeoutMs)
      const poll = setInterval(check, pollMs)
      this.#events.on('settled', onSettled)
      this.#draining.signal.addEventListener('abort', finish, { once: true })
      // The job may have finished between the caller's read and the subscription above.
      check()
    })
  }
}
