// The import job store: what the relay keeps about each upload between the "accepted" answer and
// the WFM's acknowledgement of its last chunk. SQLite implements it today (sqlite-job-store.ts).
// The interface is asynchronous and its claims carry leases, so that a store shared by several
// replicas (PostgreSQL, say) can implement it without changing the worker.

import type { UpstreamFailure } from '../errors.js'

export type JobState = 'accepted' | 'sending' | 'completed' | 'failed'

/**
 * `sending` marks a chunk whose request started and whose acknowledgement was not recorded: after
 * a crash the WFM may or may not have stored it, so the relay sends it again.
 */
export type ChunkState = 'pending' | 'sending' | 'sent'

export const jobStates: readonly JobState[] = ['accepted', 'sending', 'completed', 'failed']

export interface ChunkRecord {
  /** Position in the upload, 1-based, as in the spool. */
  index: number
  rows: number
  bytes: number
  state: ChunkState
  /** Push requests made for this chunk, retries and token renewals included. */
  attempts: number
  /** Epoch milliseconds of the WFM's acknowledgement. */
  sentAt?: number
}

/** The failure that ended a job, as the caller sees it. */
export interface JobError {
  code: string
  statusCode: number
  message: string
  upstream?: UpstreamFailure
}

/** Facts about the upload's content, kept for the summary in the 200 answer. */
export interface UploadFacts {
  profile?: string
  skippedRows: number
  filledRows: number
  queues: number
  firstIntervalStart: string
  lastIntervalStart: string
}

/** What the upload layer hands over when an upload is validated and spooled. */
export interface NewJob {
  id: string
  tenant: string
  caller: string
  sourceId: string
  intervalSeconds: number
  pushToken: string
  rows: number
  bytes: number
  facts: UploadFacts
  chunks: Array<Pick<ChunkRecord, 'index' | 'rows' | 'bytes'>>
  /** Scoped per caller and tenant; undefined when the request carried none. */
  idempotencyKey?: string
  /** SHA-256 (hex) of the spooled content and the parameters that shape it; see idempotency.ts. */
  contentHash: string
  /** Epoch milliseconds. */
  createdAt: number
}

export interface ImportJob extends Omit<NewJob, 'chunks'> {
  chunks: ChunkRecord[]
  state: JobState
  lastError?: JobError
  updatedAt: number
  /** First time a worker claimed the job. */
  startedAt?: number
  finishedAt?: number
  leaseOwner?: string
  leaseExpiresAt?: number
}

export interface CreateResult {
  job: ImportJob
  /** False when a job with the same caller, tenant and idempotency key existed: `job` is that one. */
  created: boolean
}

export interface ListQuery {
  tenant: string
  state?: JobState
  limit: number
  /** From a previous page's nextCursor. */
  cursor?: string
}

export interface ListPage {
  jobs: ImportJob[]
  /** Undefined on the last page. */
  nextCursor?: string
}

export interface ClaimRequest {
  owner: string
  leaseMs: number
  /** Tenants whose per-tenant limit is reached on this replica. */
  excludeTenants: readonly string[]
  now: number
}

export interface JobFinish {
  state: 'completed' | 'failed'
  error?: JobError
  now: number
}

/**
 * Every method that changes a claimed job takes the owner and changes nothing (returns false)
 * when the owner no longer holds the lease, so a replica whose lease ran out cannot overwrite
 * the progress of the replica that took the job over.
 */
export interface JobStore {
  /**
   * Inserts the job with its chunks, all pending. When the caller, tenant and idempotency key
   * match an existing job, returns that job instead, whatever its content hash.
   */
  create: (job: NewJob) => Promise<CreateResult>
  get: (id: string) => Promise<ImportJob | undefined>
  /** Newest first (createdAt, then id, both descending). */
  list: (query: ListQuery) => Promise<ListPage>
  /**
   * Takes the oldest `accepted` or `sending` job whose lease is free or expired, sets it to
   * `sending` and leases it to `owner` until now + leaseMs. Two concurrent claims never return
   * the same job while its lease runs.
   */
  claim: (request: ClaimRequest) => Promise<ImportJob | undefined>
  renewLease: (id: string, owner: string, leaseMs: number, now: number) => Promise<boolean>
  /** Counts one push request for the chunk and marks it `sending`. */
  recordAttempt: (id: string, owner: string, index: number, now: number) => Promise<boolean>
  markChunkSent: (id: string, owner: string, index: number, now: number) => Promise<boolean>
  /** Sets the final state and frees the lease. */
  finish: (id: string, owner: string, finish: JobFinish) => Promise<boolean>
  /** Frees the lease and leaves the state, so the next claim resumes the job. */
  release: (id: string, owner: string, now: number) => Promise<boolean>
  /**
   * Frees every lease whose owner starts with `ownerPrefix`: the leases of an earlier run of
   * this replica, which cannot be sending any more. Returns the number of jobs released.
   */
  releaseLeases: (ownerPrefix: string, now: number) => Promise<number>
  /**
   * Sets a `failed` job back to `accepted` and clears its error; its sent chunks stay sent.
   * Returns undefined when the job does not exist, else the job after the call.
   */
  retry: (id: string, now: number) => Promise<{ job: ImportJob, retried: boolean } | undefined>
  /** Ids of jobs that are not finished, oldest first. */
  unfinishedIds: () => Promise<string[]>
  /** Number of stored jobs in each state, for metrics. */
  countByState: () => Promise<Record<JobState, number>>
  /** Whether a job with this id exists, in any state. */
  has: (id: string) => Promise<boolean>
  /** Deletes `completed` and `failed` jobs that finished before `before`; returns their ids. */
  deleteFinishedBefore: (before: number) => Promise<string[]>
  close: () => Promise<void>
}

/** Returns whether the job reached `completed` or `failed`. */
export function isFinished (job: Pick<ImportJob, 'state'>): boolean {
  return job.state === 'completed' || job.state === 'failed'
}

/** Returns the index of the first chunk the WFM has not acknowledged, or undefined. */
export function firstUnsentChunk (job: Pick<ImportJob, 'chunks'>): number | undefined {
  return job.chunks.find((chunk) => chunk.state !== 'sent')?.index
}
