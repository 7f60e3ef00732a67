// Tables of the SQLite job store and the conversion between their rows and ImportJob.

import type Database from 'better-sqlite3'
import type { ChunkRecord, ChunkState, ImportJob, JobError, JobState, UploadFacts } from './job-store.js'

/** Bumped when the tables change; a database of a newer version is rejected at start. */
export const schemaVersion = 1

const createTables = `
CREATE TABLE IF NOT EXISTS import_jobs (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  caller TEXT NOT NULL,
  source_id TEXT NOT NULL,
  interval_seconds INTEGER NOT NULL,
  push_token TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  facts TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('accepted', 'sending', 'completed', 'failed')),
  last_error TEXT,
  idempotency_key TEXT,
  content_hash TEXT NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS import_jobs_idempotency
  ON import_jobs (caller, tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS import_jobs_by_tenant ON import_jobs (tenant, created_at, id);
CREATE INDEX IF NOT EXISTS import_jobs_by_state ON import_jobs (state, created_at, id);
CREATE TABLE IF NOT EXISTS import_chunks (
  job_id TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent')),
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER,
  PRIMARY KEY (job_id, chunk_index)
);
`

/**
 * Sets the connection up for durability: WAL with synchronous=FULL syncs every commit, so a job
 * that the relay answered "accepted" for survives a power loss, not only a process crash.
 */
export function openSchema (db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')

  const version = db.pragma('user_version', { simple: true }) as number
  if (version > schemaVersion) {
    throw new Error(`The job database has schema version ${version}, newer than this relay's ` +
      `${schemaVersion}; run a newer relay or move the database away`)
  }
  db.exec(createTables)
  db.pragma(`user_version = ${schemaVersion}`)
}

export interface JobRow {
  id: string
  tenant: string
  caller: string
  source_id: string
  interval_seconds: number
  push_token: string
  row_count: number
  byte_count: number
  facts: string
  state: string
  last_error: string | null
  idempotency_key: string | null
  content_hash: string
  lease_owner: string | null
  lease_expires_at: number | null
  created_at: number
  updated_at: number
  started_at: number | null
  finished_at: number | null
}

export interface ChunkRow {
  chunk_index: number
  row_count: number
  byte_count: number
  state: string
  attempts: number
  sent_at: number | null
}

export function toChunk (row: ChunkRow): ChunkRecord {
  const chunk: ChunkRecord = {
    index: row.chunk_index,
    rows: row.row_count,
    bytes: row.byte_count,
    state: row.state as ChunkState,
    attempts: row.attempts
  }
  if (row.sent_at !== null) chunk.sentAt = row.sent_at
  return chunk
}

export function toJob (row: JobRow, chunks: ChunkRecord[]): ImportJob {
  const job: ImportJob = {
    id: row.id,
    tenant: row.tenant,
    caller: row.caller,
    sourceId: row.source_id,
    intervalSeconds: row.interval_seconds,
    pushToken: row.push_token,
    rows: row.row_count,
    bytes: row.byte_count,
    facts: JSON.parse(row.facts) as UploadFacts,
    contentHash: row.content_hash,
    chunks,
    state: row.state as JobState,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.idempotency_key !== null) job.idempotencyKey = row.idempotency_key
  if (row.last_error !== null) job.lastError = JSON.parse(row.last_error) as JobError
  if (row.started_at !== null) job.startedAt = row.started_at
  if (row.finished_at !== null) job.finishedAt = row.finished_at
  if (row.lease_owner !== null) job.leaseOwner = row.lease_owner
  if (row.lease_expires_at !== null) job.leaseExpiresAt = row.lease_expires_at
  return job
}
