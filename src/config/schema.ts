// The relay's configuration: one TypeBox schema gives both the start-up validation and the
// TypeScript types. Units live in the names (Ms, Bytes, Seconds).

import { Type, type Static } from '@sinclair/typebox'

/** Tenant names become a realm and a host label, so they must not be able to change a URL's host. */
export const tenantNamePattern = '^[a-z0-9][a-z0-9-]{0,62}$'

/** A secret read at start from an environment variable or a file (a mounted Kubernetes secret). */
export const SecretRef = Type.Union([
  Type.Object({ env: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ file: Type.String({ minLength: 1 }) }, { additionalProperties: false })
], { description: 'Where to read a secret: {env: NAME} or {file: PATH}' })
export type SecretRef = Static<typeof SecretRef>

/** Names of the fields a WFM CSV row can contain, in the order the tenant's WFM expects. */
export const CsvColumn = Type.Union([
  Type.Literal('intervalStart'),
  Type.Literal('sourceId'),
  Type.Literal('queue'),
  Type.Literal('offered'),
  Type.Literal('aht')
])
export type CsvColumn = Static<typeof CsvColumn>

export const defaultCsvColumns: CsvColumn[] = ['intervalStart', 'sourceId', 'queue', 'offered', 'aht']

const IntervalSeconds = Type.Integer({ minimum: 900, multipleOf: 900, maximum: 86_400 })

const MaxChunkBytes = Type.Integer({ minimum: 1024, maximum: 2_000_000 })

export const TenantConfig = Type.Object({
  /** Keycloak realm and Tenant-ID header, by default the tenant's name. */
  realm: Type.Optional(Type.String({ pattern: tenantNamePattern })),
  tokenUrl: Type.Optional(Type.String({ minLength: 1 })),
  pushUrl: Type.Optional(Type.String({ minLength: 1 })),
  clientId: Type.String({ minLength: 1 }),
  clientSecret: SecretRef,
  sourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  csvColumns: Type.Optional(Type.Array(CsvColumn, { minItems: 1, uniqueItems: true })),
  maxChunkBytes: Type.Optional(MaxChunkBytes)
}, { additionalProperties: false })
export type TenantConfig = Static<typeof TenantConfig>

/** Per-caller budgets; see src/plugins/rate-limit.ts for how they are counted. */
export const RateLimitConfig = Type.Object({
  requestsPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
  bytesPerMinute: Type.Optional(Type.Integer({ minimum: 1024 }))
}, { additionalProperties: false })
export type RateLimitConfig = Static<typeof RateLimitConfig>

/** Lowercase hex SHA-256 digest of an API key, as `sha256sum` prints it. */
export const keyDigestPattern = '^[0-9a-f]{64}$'

/**
 * A caller needs keySha256, keySha256From or both. src/config/caller-keys.ts checks that, because
 * a schema union would make the error message of every caller mistake less precise.
 */
export const CallerConfig = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** Hex SHA-256 digests of the caller's API keys; several allow a key rotation without downtime. */
  keySha256: Type.Optional(Type.Array(Type.String({ pattern: keyDigestPattern }), { minItems: 1 })),
  /** A file or variable with more digests, one a line, so they can come from a mounted Secret. */
  keySha256From: Type.Optional(SecretRef),
  tenants: Type.Array(Type.String({ pattern: tenantNamePattern }), { minItems: 1 }),
  /** Overrides limits.rateLimit for this caller. */
  rateLimit: Type.Optional(RateLimitConfig)
}, { additionalProperties: false })
export type CallerConfig = Static<typeof CallerConfig>

/** A date, time or timestamp column with its format (YYYY, MM, M, DD, D, HH, H, mm, ss tokens). */
export const TimeColumn = Type.Object({
  column: Type.String({ minLength: 1 }),
  format: Type.Optional(Type.String({ minLength: 1 }))
}, { additionalProperties: false })
export type TimeColumn = Static<typeof TimeColumn>

export const ProfileConfig = Type.Object({
  delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
  decimalComma: Type.Optional(Type.Boolean()),
  interval: Type.Optional(IntervalSeconds),
  /** IANA zone of timestamps that carry no offset. Without it, such timestamps are rejected. */
  timeZone: Type.Optional(Type.String({ minLength: 1 })),
  columns: Type.Object({
    queue: Type.String({ minLength: 1 }),
    offered: Type.String({ minLength: 1 }),
    aht: Type.String({ minLength: 1 }),
    timestamp: Type.Optional(TimeColumn),
    date: Type.Optional(TimeColumn),
    time: Type.Optional(TimeColumn)
  }, { additionalProperties: false }),
  /** Keep only rows whose column has one of the listed values. */
  include: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  /** Drop rows whose column has one of the listed values. */
  exclude: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  emptyNumbersAreZero: Type.Optional(Type.Boolean()),
  completeDays: Type.Optional(Type.Boolean())
}, { additionalProperties: false })
export type ProfileConfig = Static<typeof ProfileConfig>

const mebibyte = 1024 * 1024

/** Multipart bodies: every part is counted, so a form cannot grow without bound. */
export const MultipartLimits = Type.Object({
  maxFiles: Type.Integer({ minimum: 1, default: 20 }),
  maxFields: Type.Integer({ minimum: 0, default: 10 }),
  maxFieldBytes: Type.Integer({ minimum: 64, default: 1024 }),
  maxFileBytes: Type.Integer({ minimum: 1024, default: 1024 * mebibyte })
}, { additionalProperties: false, default: {} })

/** Size limits of uploads. Each one has its own error message that names the key. */
export const Limits = Type.Object({
  /** Largest request body of any type, counted as it streams. */
  maxBodyBytes: Type.Integer({ minimum: 1024, default: 2048 * mebibyte }),
  /** application/json is parsed whole, so it has a lower limit than the streamed types. */
  jsonBodyBytes: Type.Integer({ minimum: 1024, default: 16 * mebibyte }),
  /** Longest physical line of CSV or NDJSON, and longest CSV record. */
  maxLineBytes: Type.Integer({ minimum: 256, default: mebibyte }),
  /** Longest CSV field, in UTF-8 bytes. */
  maxFieldBytes: Type.Integer({ minimum: 64, default: 64 * 1024 }),
  /** Most fields in one CSV record, the header included. */
  maxColumns: Type.Integer({ minimum: 4, default: 512 }),
  /** Most data rows in one upload, across all of its files. */
  maxRows: Type.Integer({ minimum: 1, maximum: 100_000_000, default: 25_000_000 }),
  maxReportedErrors: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
  multipart: MultipartLimits,
  /** Default per-caller budgets. */
  rateLimit: Type.Object({
    requestsPerMinute: Type.Integer({ minimum: 1, default: 600 }),
    bytesPerMinute: Type.Integer({ minimum: 1024, default: 4096 * mebibyte })
  }, { additionalProperties: false, default: {} })
}, { additionalProperties: false, default: {} })
export type Limits = Static<typeof Limits>

/**
 * Timeouts of the listening server, so slow or stalled clients cannot hold connections for
 * long. 0 turns requestTimeoutMs or connectionTimeoutMs off.
 */
export const ServerTimeouts = Type.Object({
  /** Time to receive the request line and headers. */
  headersTimeoutMs: Type.Integer({ minimum: 100, default: 30_000 }),
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: Type.Integer({ minimum: 0, default: 900_000 }),
  /** Time a connection may stay silent while its request or body is being received. */
  connectionTimeoutMs: Type.Integer({ minimum: 0, default: 120_000 }),
  /** Time an idle keep-alive connection stays open after a response. */
  keepAliveTimeoutMs: Type.Integer({ minimum: 100, default: 5_000 })
}, { additionalProperties: false, default: {} })
export type ServerTimeouts = Static<typeof ServerTimeouts>

/** The import job store, worker and the answers of upload requests. */
export const JobsConfig = Type.Object({
  /** Jobs sent at the same time by this relay process, all tenants together. */
  maxConcurrentJobs: Type.Integer({ minimum: 1, maximum: 256, default: 4 }),
  /** Jobs of one tenant sent at the same time by this relay process. */
  maxConcurrentJobsPerTenant: Type.Integer({ minimum: 1, maximum: 256, default: 1 }),
  /** How long an upload without `Prefer: respond-async` waits for its job before a 202. */
  waitTimeoutMs: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 30_000 }),
  /** How long finished jobs (and the spool of failed ones, for a retry) are kept. */
  retentionHours: Type.Number({ exclusiveMinimum: 0, default: 168 }),
  /** A claimed job's lease; the worker renews it every third of this while it sends. */
  leaseMs: Type.Integer({ minimum: 1_000, default: 30_000 }),
  /** How often the worker looks for jobs that another replica released or left. */
  pollIntervalMs: Type.Integer({ minimum: 10, default: 1_000 }),
  /** Names this replica in leases; must differ between replicas that share a store. */
  instanceName: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }))
}, { additionalProperties: false, default: {} })
export type JobsConfig = Static<typeof JobsConfig>

export const RelayConfig = Type.Object({
  listen: Type.Object({
    host: Type.String({ default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 })
  }, { additionalProperties: false, default: {} }),
  dataDir: Type.String({ minLength: 1, default: './data' }),
  logLevel: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'),
    Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')
  ], { default: 'info' }),
  wfm: Type.Object({
    /** Token endpoint; `{realm}` and `{tenant}` are replaced per tenant. */
    tokenUrlTemplate: Type.String({ minLength: 1 }),
    /** Push endpoint; `{tenant}` and `{realm}` are replaced per tenant. */
    pushUrlTemplate: Type.String({ minLength: 1 }),
    requestTimeoutMs: Type.Integer({ minimum: 100, default: 30_000 }),
    tokenTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
    /** Attempts per chunk or token request for transient failures, the first included. */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 20, default: 4 }),
    retryBaseDelayMs: Type.Integer({ minimum: 0, default: 500 }),
    retryMaxDelayMs: Type.Integer({ minimum: 0, default: 10_000 }),
    maxChunkBytes: Type.Optional(MaxChunkBytes),
    /** No new attempt at a chunk starts later than this after its first attempt. */
    retryDeadlineMs: Type.Integer({ minimum: 1_000, default: 300_000 })
  }, { additionalProperties: false }),
  limits: Limits,
  server: ServerTimeouts,
  jobs: JobsConfig,
  /** After SIGTERM: time to finish the chunks in flight before the process exits anyway. */
  shutdownGraceMs: Type.Integer({ minimum: 0, default: 10_000 }),
  // additionalProperties makes a key that misses the pattern an error instead of an ignored entry.
  tenants: Type.Record(Type.String({ pattern: tenantNamePattern }), TenantConfig,
    { additionalProperties: false }),
  callers: Type.Array(CallerConfig),
  profiles: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), ProfileConfig,
    { additionalProperties: false, default: {} })
}, { additionalProperties: false })
export type RelayConfig = Static<typeof RelayConfig>
