// Claims jobs from the store and sends them, at most maxConcurrentJobs at a time and at most
// maxConcurrentJobsPerTenant of one tenant, so a slow or throttled tenant holds only its own
// slots. Jobs of one tenant start in the order they were accepted.

import { JobInterrupted, runJob, type JobOutcome, type RunnerContext } from './job-runner.js'
import type { ImportJob } from './job-store.js'

export interface WorkerOptions extends RunnerContext {
  maxConcurrentJobs: number
  maxConcurrentJobsPerTenant: number
  /** How often the worker looks for claimable jobs without being woken. */
  pollIntervalMs: number
  /** Called when a job run ends, whatever the outcome. */
  onSettled: (id: string, outcome: JobOutcome) => void
}

interface RunningJob {
  tenant: string
  done: Promise<void>
}

export class JobWorker {
  readonly #options: WorkerOptions
  readonly #running = new Map<string, RunningJob>()
  readonly #stop = new AbortController()
  readonly #abort = new AbortController()
  #timer: NodeJS.Timeout | undefined
  #filling: Promise<void> | undefined
  #fillAgain = false

  constructor (options: WorkerOptions) {
    this.#options = options
  }

  get stopping (): boolean {
    return this.#stop.signal.aborted
  }

  /** Ids of the jobs this worker is sending now. */
  runningIds (): string[] {
    return [...this.#running.keys()]
  }

  start (): void {
    this.#timer = setInterval(() => this.wake(), this.#options.pollIntervalMs)
    this.#timer.unref()
    this.wake()
  }

  /** Looks for claimable jobs now, for example after a job was accepted or retried. */
  wake (): void {
    if (this.stopping) return
    if (this.#filling !== undefined) {
      this.#fillAgain = true
      return
    }
    this.#filling = this.#fill()
      .catch((error: unknown) => {
        this.#options.logger.error({ err: error }, 'Could not claim import jobs; retrying at the next poll')
      })
      .finally(() => { this.#filling = undefined })
  }

  /**
   * Stops claiming, lets each request in flight finish and leaves the jobs for the next claim.
   * Requests still running after `graceMs` are aborted, and their chunks are sent again later.
   */
  async stop (graceMs: number): Promise<void> {
    clearInterval(this.#timer)
    this.#stop.abort(new JobInterrupted('the relay is shutting down'))
    const hardStop = setTimeout(() => {
      this.#abort.abort(new JobInterrupted('the shutdown grace period is over'))
    }, graceMs)
    try {
      await this.#filling
      await Promise.all([...this.#running.values()].map(async (job) => await job.done))
    } finally {
      clearTimeout(hardStop)
    }
  }

  async #fill (): Promise<void> {
    do {
      this.#fillAgain = false
      while (!this.stopping && this.#running.size < this.#options.maxConcurrentJobs) {
        const job = await this.#options.store.claim({
          owner: this.#options.owner,
          leaseMs: this.#options.leaseMs,
          excludeTenants: this.#fullTenants(),
          now: this.#now()
        })
        if (job === undefined) break
        if (this.stopping) {
          await this.#options.store.release(job.id, this.#options.owner, this.#now())
          break
        }
        this.#launch(job)
      }
    } while (this.#fillAgain && !this.stopping)
  }

  #now (): number {
    return (this.#options.now ?? Date.now)()
  }

  #fullTenants (): string[] {
    const counts = new Map<string, number>()
    for (const job of this.#running.values()) {
      counts.set(job.tenant, (counts.get(job.tenant) ?? 0) + 1)
    }
    const limit = this.#options.maxConcurrentJobsPerTenant
    return [...counts].filter(([, count]) => count >= limit).map(([tenant]) => tenant)
  }

  #launch (job: ImportJob): void {
    const signals = { stop: this.#stop.signal, abort: this.#abort.signal }
    const done = runJob(job, this.#options, signals)
      .catch((error: unknown): JobOutcome => {
        this.#options.logger.error({ importId: job.id, err: error }, 'Import run ended on an error; ' +
          'the job is left to be claimed again when its lease runs out')
        return 'lost'
      })
      .then((outcome) => {
        this.#running.delete(job.id)
        this.#options.onSettled(job.id, outcome)
        this.wake()
      })
    this.#running.set(job.id, { tenant: job.tenant, done })
  }
}
