// The embedded job store: one SQLite file in the data directory, written through better-sqlite3.
// better-sqlite3 is synchronous and one process owns the file, so every claim runs in an
// IMMEDIATE transaction and cannot interleave with another. One relay process per data directory.

import Database from 'better-sqlite3'
import type {
  ClaimRequest, CreateResult, ImportJob, JobFinish, JobState, JobStore, ListPage, ListQuery, NewJob
} from './job-store.js'
import { decodeCursor, encodeCursor } from './list-cursor.js'
import { openSchema, toChunk, toJob, type ChunkRow, type JobRow } from './sqlite-schema.js'

const ownedBy = 'id = @id AND lease_owner = @owner'

export class SqliteJobStore implements JobStore {
  readonly path: string
  readonly #db: Database.Database
  // Compiling a statement took longer than running it, and the store uses a fixed set of them.
  readonly #statements = new Map<string, Database.Statement>()

  /** Opens (or creates) the database at `path`; ':memory:' gives a private in-memory one. */
  constructor (path: string) {
    this.path = path
    this.#db = new Database(path)
    try {
      openSchema(this.#db)
    } catch (error) {
      this.#db.close()
      throw error
    }
  }

  async create (job: NewJob): Promise<CreateResult> {
    return this.#db.transaction((): CreateResult => {
      const existing = this.#findByKey(job)
      if (existing !== undefined) return { job: existing, created: false }

      this.#insert(job)
      return { job: this.#load(job.id) as ImportJob, created: true }
    }).immediate()
  }

  async get (id: string): Promise<ImportJob | undefined> {
    return this.#load(id)
  }

  async list (query: ListQuery): Promise<ListPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
    const rows = this.#prepare(`
      SELECT * FROM import_jobs
      WHERE tenant = @tenant
        AND (@state IS NULL OR state = @state)
        AND (@afterAt IS NULL OR created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))
      ORDER BY created_at DESC, id DESC
      LIMIT @limit`).all({
      tenant: query.tenant,
      state: query.state ?? null,
      afterAt: after?.createdAt ?? null,
      afterId: after?.id ?? null,
      limit: query.limit + 1
    }) as JobRow[]

    const jobs = rows.slice(0, query.limit).map((row) => toJob(row, this.#chunks(row.id)))
    const last = jobs.at(-1)
    return rows.length > query.limit && last !== undefined
      ? { jobs, nextCursor: encodeCursor(last) }
      : { jobs }
  }

  async claim (request: ClaimRequest): Promise<ImportJob | undefined> {
    return this.#db.transaction((): ImportJob | undefined => {
      const candidate = this.#prepare(`
        SELECT id FROM import_jobs
        WHERE state IN ('accepted', 'sending')
          AND (lease_owner IS NULL OR lease_expires_at <= @now)
          AND tenant NOT IN (SELECT value FROM json_each(@excluded))
        ORDER BY created_at, id
        LIMIT 1`).get({ now: request.now, excluded: JSON.stringify(request.excludeTenants) }) as
        { id: string } | undefined
      if (candidate === undefined) return undefined

      this.#prepare(`
        UPDATE import_jobs
        SET state = 'sending', lease_owner = @owner, lease_expires_at = @expires,
            updated_at = @now, started_at = COALESCE(started_at, @now)
        WHERE id = @id`).run({
        id: candidate.id,
        owner: request.owner,
        expires: request.now + request.leaseMs,
        now: request.now
      })
      return this.#load(candidate.id)
    }).immediate()
  }

  async renewLease (id: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    const result = this.#prepare(`
      UPDATE import_jobs SET lease_expires_at = @expires WHERE ${ownedBy}`)
      .run({ id, owner, expires: now + leaseMs })
    return result.changes === 1
  }

  async recordAttempt (id: string, owner: string, index: number, now: number): Promise<boolean> {
    return this.#updateChunk(id, owner, now, `
      UPDATE import_chunks SET attempts = attempts + 1,
        state = CASE state WHEN 'sent' THEN 'sent' ELSE 'sending' END
      WHERE job_id = @id AND chunk_index = @index`, index)
  }

  async markChunkSent (id: string, owner: string, index: number, now: number): Promise<boolean> {
    return this.#updateChunk(id, owner, now, `
      UPDATE import_chunks SET state = 'sent', sent_at = @now
      WHERE job_id = @id AND chunk_index = @index`, index)
  }

  async finish (id: string, owner: string, finish: JobFinish): Promise<boolean> {
    const result = this.#prepare(`
      UPDATE import_jobs
      SET state = @state, last_error = @error, finished_at = @now, updated_at = @now,
          lease_owner = NULL, lease_expires_at = NULL
      WHERE ${ownedBy}`).run({
      id,
      owner,
      state: finish.state,
      error: finish.error === undefined ? null : JSON.stringify(finish.error),
      now: finish.now
    })
    return result.changes === 1
  }

  async release (id: string, owner: string, now: number): Promise<boolean> {
    const result = this.#prepare(`
      UPDATE import_jobs SET lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
      WHERE ${ownedBy}`).run({ id, owner, now })
    return result.changes === 1
  }

  async releaseLeases (ownerPrefix: string, now: number): Promise<number> {
    // substr instead of LIKE, so that % or _ in a prefix match only themselves.
    const result = this.#prepare(`
      UPDATE import_jobs SET lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
      WHERE substr(lease_owner, 1, length(@prefix)) = @prefix`).run({ prefix: ownerPrefix, now })
    return result.changes
  }

  async retry (id: string, now: number): Promise<{ job: ImportJob, retried: boolean } | undefined> {
    return this.#db.transaction(() => {
      const job = this.#load(id)
      if (job === undefined || job.state !== 'failed') {
        return job === undefined ? undefined : { job, retried: false }
      }
      this.#prepare(`
        UPDATE import_jobs SET state = 'accepted', last_error = NULL, finished_at = NULL,
          updated_at = @now
        WHERE id = @id`).run({ id, now })
      return { job: this.#load(id) as ImportJob, retried: true }
    }).immediate()
  }

  async countByState (): Promise<Record<JobState, number>> {
    const counts: Record<JobState, number> = { accepted: 0, sending: 0, completed: 0, failed: 0 }
    const rows = this.#prepare('SELECT state, COUNT(*) AS count FROM import_jobs GROUP BY state')
      .all() as Array<{ state: JobState, count: number }>
    for (const row of rows) counts[row.state] = row.count
    return counts
  }

  async unfinishedIds (): Promise<string[]> {
    const rows = this.#prepare(`
      SELECT id FROM import_jobs WHERE state IN ('accepted', 'sending')
      ORDER BY created_at, id`).all() as Array<{ id: string }>
    return rows.map((row) => row.id)
  }

  async has (id: string): Promise<boolean> {
    return this.#prepare('SELECT 1 FROM import_jobs WHERE id = ?').get(id) !== undefined
  }

  async deleteFinishedBefore (before: number): Promise<string[]> {
    return this.#db.transaction(() => {
      const rows = this.#prepare(`
        SELECT id FROM import_jobs
        WHERE state IN ('completed', 'failed') AND finished_at < @before`).all({ before }) as
        Array<{ id: string }>
      const remove = this.#prepare('DELETE FROM import_jobs WHERE id = ?')
      for (const row of rows) remove.run(row.id)
      return rows.map((row) => row.id)
    }).immediate()
  }

  #prepare (sql: string): Database.Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  async close (): Promise<void> {
    if (this.#db.open) this.#db.close()
  }

  #findByKey (job: NewJob): ImportJob | undefined {
    if (job.idempotencyKey === undefined) return undefined
    const row = this.#prepare(`
      SELECT id FROM import_jobs
      WHERE caller = @caller AND tenant = @tenant AND idempotency_key = @key`).get({
      caller: job.caller, tenant: job.tenant, key: job.idempotencyKey
    }) as { id: string } | undefined
    return row === undefined ? undefined : this.#load(row.id)
  }

  #insert (job: NewJob): void {
    this.#prepare(`
      INSERT INTO import_jobs (id, tenant, caller, source_id, interval_seconds, push_token,
        row_count, byte_count, facts, state, idempotency_key, content_hash, created_at, updated_at)
      VALUES (@id, @tenant, @caller, @sourceId, @intervalSeconds, @pushToken, @rows, @bytes,
        @facts, 'accepted', @idempotencyKey, @contentHash, @createdAt, @createdAt)`).run({
      id: job.id,
      tenant: job.tenant,
      caller: job.caller,
      sourceId: job.sourceId,
      intervalSeconds: job.intervalSeconds,
      pushToken: job.pushToken,
      rows: job.rows,
      bytes: job.bytes,
      facts: JSON.stringify(job.facts),
      idempotencyKey: job.idempotencyKey ?? null,
      contentHash: job.contentHash,
      createdAt: job.createdAt
    })
    const insertChunk = this.#prepare(`
      INSERT INTO import_chunks (job_id, chunk_index, row_count, byte_count, state)
      VALUES (?, ?, ?, ?, 'pending')`)
    for (const chunk of job.chunks) {
      insertChunk.run(job.id, chunk.index, chunk.rows, chunk.bytes)
    }
  }

  #load (id: string): ImportJob | undefined {
    const row = this.#prepare('SELECT * FROM import_jobs WHERE id = ?').get(id) as JobRow | undefined
    return row === undefined ? undefined : toJob(row, this.#chunks(id))
  }

  #chunks (id: string): ReturnType<typeof toChunk>[] {
    const rows = this.#prepare(`
      SELECT chunk_index, row_count, byte_count, state, attempts, sent_at
      FROM import_chunks WHERE job_id = ? ORDER BY chunk_index`).all(id) as ChunkRow[]
    return rows.map(toChunk)
  }

  /** Runs a chunk update only while `owner` holds the job's lease. */
  #updateChunk (id: string, owner: string, now: number, sql: string, index: number): boolean {
    return this.#db.transaction(() => {
      const touched = this.#prepare(`
        UPDATE import_jobs SET updated_at = @now WHERE ${ownedBy}`).run({ id, owner, now })
      if (touched.changes !== 1) return false
      return this.#prepare(sql).run({ id, index, now }).changes === 1
    }).immediate()
  }
}
