// Prometheus metrics of one relay instance, in a registry of its own so that several apps in one
// process (as in tests) never share counters. Label values come from the config (tenant names)
// or from fixed lists, never from request paths, so their number stays bounded.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { UpstreamObserver } from '../wfm/upstream-observer.js'

export type UploadOutcome = 'completed' | 'accepted' | 'rejected' | 'failed'

export interface MetricsSources {
  /** Age in seconds of each tenant's cached token. */
  tokenAges: () => Iterable<[tenant: string, ageSeconds: number]>
  /** Bytes of chunk files waiting in the spool. */
  spoolBytes: () => Promise<number>
  /** Stored import jobs by state. */
  jobCounts: () => Promise<Record<string, number>>
}

export class RelayMetrics {
  readonly registry = new Registry()
  readonly uploads: Counter<'tenant' | 'outcome'>
  readonly rowsAccepted: Counter<'tenant'>
  readonly bytesAccepted: Counter<'tenant'>
  readonly observer: UpstreamObserver

  constructor (sources: MetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'wfm_relay_' })

    this.uploads = new Counter({
      name: 'wfm_relay_uploads_total', help: 'Uploads by tenant and outcome', labelNames: ['tenant', 'outcome'], registers
    })
    this.rowsAccepted = new Counter({
      name: 'wfm_relay_rows_accepted_total', help: 'Valid rows accepted for sending', labelNames: ['tenant'], registers
    })
    this.bytesAccepted = new Counter({
      name: 'wfm_relay_bytes_accepted_total', help: 'Encoded CSV bytes accepted for sending', labelNames: ['tenant'], registers
    })
    this.observer = createObserver(registers)

    new Gauge({
      name: 'wfm_relay_token_age_seconds',
      help: 'Age of each tenant\'s cached access token',
      labelNames: ['tenant'],
      registers,
      collect () {
        this.reset()
        for (const [tenant, ageSeconds] of sources.tokenAges()) this.set({ tenant }, ageSeconds)
      }
    })
    new Gauge({
      name: 'wfm_relay_jobs',
      help: 'Stored import jobs by state',
      labelNames: ['state'],
      registers,
      async collect () {
        for (const [state, count] of Object.entries(await sources.jobCounts())) this.set({ state }, count)
      }
    })
    new Gauge({
      name: 'wfm_relay_spool_bytes',
      help: 'Bytes of chunk files waiting in the spool',
      registers,
      async collect () { this.set(await sources.spoolBytes()) }
    })
  }

  countUpload (tenant: string, statusCode: number): void {
    this.uploads.inc({ tenant, outcome: uploadOutcome(statusCode) })
  }
}

function uploadOutcome (statusCode: number): UploadOutcome {
  if (statusCode === 200) return 'completed'
  if (statusCode === 202) return 'accepted'
  return statusCode < 500 ? 'rejected' : 'failed'
}

function createObserver (registers: Registry[]): UpstreamObserver {
  const duration = new Histogram({
    name: 'wfm_relay_upstream_request_duration_seconds',
    help: 'Requests to identity providers (token) and WFMs (push), by status class',
    labelNames: ['tenant', 'endpoint', 'status_class'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers
  })
  const tokens = new Counter({
    name: 'wfm_relay_token_requests_total', help: 'Token requests by outcome', labelNames: ['tenant', 'outcome'], registers
  })
  const retries = new Counter({
    name: 'wfm_relay_retries_total', help: 'Retried upstream requests by reason', labelNames: ['tenant', 'endpoint', 'reason'], registers
  })
  const chunks = new Counter({
    name: 'wfm_relay_chunks_sent_total', help: 'Chunks acknowledged by the WFM', labelNames: ['tenant'], registers
  })
  const bytesSent = new Counter({
    name: 'wfm_relay_bytes_sent_total', help: 'Chunk bytes acknowledged by the WFM', labelNames: ['tenant'], registers
  })

  return {
    upstreamRequest: ({ tenant, endpoint, status, durationSeconds }) => {
      const statusClass = status === undefined ? 'none' : `${Math.floor(status / 100)}xx`
      duration.observe({ tenant, endpoint, status_class: statusClass }, durationSeconds)
    },
    tokenRequest: ({ tenant, outcome }) => { tokens.inc({ tenant, outcome }) },
    retry: ({ tenant, endpoint, reason }) => { retries.inc({ tenant, endpoint, reason }) },
    chunkSent: ({ tenant, bytes }) => {
      chunks.inc({ tenant })
      bytesSent.inc({ tenant }, bytes)
    }
  }
}
