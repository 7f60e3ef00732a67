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

export const CallerConfig = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** Hex SHA-256 digests of the caller's API keys; several allow a key rotation without downtime. */
  keySha256: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { minItems: 1 }),
  tenants: Type.Array(Type.String({ pattern: tenantNamePattern }), { minItems: 1 })
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
    maxChunkBytes: Type.Optional(MaxChunkBytes)
  }, { additionalProperties: false }),
  limits: Type.Object({
    jsonBodyBytes: Type.Integer({ minimum: 1024, default: 64 * 1024 * 1024 }),
    maxReportedErrors: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })
  }, { additionalProperties: false, default: {} }),
  // additionalProperties makes a key that misses the pattern an error instead of an ignored entry.
  tenants: Type.Record(Type.String({ pattern: tenantNamePattern }), TenantConfig,
    { additionalProperties: false }),
  callers: Type.Array(CallerConfig),
  profiles: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), ProfileConfig,
    { additionalProperties: false, default: {} })
}, { additionalProperties: false })
export type RelayConfig = Static<typeof RelayConfig>
