// A tenant's settings after start-up resolution: templates filled in, secrets read, defaults applied.

import type { CsvColumn } from './schema.js'

export interface TenantSettings {
  /** The tenant's name as used in the relay's URLs. */
  name: string
  /** Keycloak realm; also the Tenant-ID header. */
  realm: string
  tokenUrl: string
  pushUrl: string
  clientId: string
  clientSecret: string
  /** Default sourceId when the request names none. */
  sourceId?: string
  csvColumns: CsvColumn[]
  maxChunkBytes: number
}

/** How the relay talks to WFMs and identity providers, shared by all tenants. */
export interface UpstreamSettings {
  requestTimeoutMs: number
  tokenTimeoutMs: number
  maxAttempts: number
  retryBaseDelayMs: number
  retryMaxDelayMs: number
  /** No new attempt at a chunk starts later than this after its first attempt; none when absent. */
  retryDeadlineMs?: number
}
