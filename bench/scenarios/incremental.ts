// Many small uploads, one interval of 50 queues each, from concurrent autocannon connections:
// first through a fresh relay (each request waits for its import, as callers without
// `Prefer: respond-async` do), then straight to the sink with the pre-encoded body.

import { randomUUID } from 'node:crypto'
import { reuseWindowMs } from '../../src/wfm/token-response.js'
import { accessTokenTtlSeconds } from '../lib/bench-stack.js'
import { fetchAccessToken, pushHeaders, pushPathWithQuery, type PushTarget } from '../lib/direct-push.js'
import { runLoad, type LoadResult } from '../lib/load-test.js'
import { waitForIdleRelay } from '../lib/relay-upload.js'
import type { SinkUpload } from '../sink/upload-tally.js'
import type { RunRecord, Scenario, ScenarioContext } from './scenario.js'
import { verifyNoRejections, verifyUpload, type ExpectedUpload } from './verify.js'

export const incremental: Scenario = {
  name: 'incremental',
  title: 'Incremental uploads (50 rows each, concurrent connections)',
  defaultRuns: 3,
  metrics: [
    { key: 'requestsPerSecond', label: 'relay requests/s', decimals: 0 },
    { key: 'p50Ms', label: 'relay p50 latency (ms)', decimals: 2 },
    { key: 'p99Ms', label: 'relay p99 latency (ms)', decimals: 2 },
    { key: 'directRequestsPerSecond', label: 'direct requests/s', decimals: 0 },
    { key: 'directP50Ms', label: 'direct p50 latency (ms)', decimals: 2 },
    { key: 'directP99Ms', label: 'direct p99 latency (ms)', decimals: 2 },
    { key: 'overheadP50Ms', label: 'relay overhead at p50 (ms)', decimals: 2 },
    { key: 'requests', label: 'relay uploads', decimals: 0 },
    { key: 'tokenRequests', label: 'token requests during the relay run', decimals: 0 },
    { key: 'maxTokenRequests', label: 'token requests allowed (one per reuse window)', decimals: 0 },
    { key: 'peakRssMiB', label: 'relay peak RSS (MiB, VmHWM)', decimals: 0 }
  ],
  run: async (context) => {
    const expected = { rows: context.datasets.small.rows, bytes: Buffer.byteLength(context.datasets.small.wfmBody) }
    const relayPart = await loadThroughRelay(context, expected)
    const directPart = await loadDirect(context, expected)
    return {
      metrics: {
        ...relayPart.metrics,
        directRequestsPerSecond: directPart.load.requestsPerSecond,
        directP50Ms: directPart.load.p50Ms,
        directP99Ms: directPart.load.p99Ms,
        directRequests: directPart.load.requests,
        directSinkUploads: directPart.sinkUploads,
        overheadP50Ms: relayPart.metrics.p50Ms - directPart.load.p50Ms
      },
      // The direct uploads were checked by the sink and are too many to list.
      uploads: relayPart.uploads,
      expectedUpload: expected
    }
  }
}

interface RelayLoad {
  metrics: RunRecord['metrics'] & { p50Ms: number }
  uploads: SinkUpload[]
}

async function loadThroughRelay (context: ScenarioContext, expected: ExpectedUpload): Promise<RelayLoad> {
  const { sink, target, identityProvider } = context.stack
  await sink.reset()
  const relay = await context.stack.startRelay()
  try {
    const tokenRequestsBefore = identityProvider.tokenRequests(target.tenant)
    const startedAt = performance.now()
    const load = await runLoad({
      url: new URL(`/v1/tenants/${target.tenant}/historical-data`, relay.url).href,
      ...context.load,
      method: 'POST',
      headers: { authorization: `Bearer ${relay.apiKey}`, 'content-type': 'text/csv' },
      body: context.datasets.small.canonicalBody
    })
    await waitForIdleRelay(relay, target.tenant)
    const runMs = performance.now() - startedAt
    const tokenRequests = identityProvider.tokenRequests(target.tenant) - tokenRequestsBefore
    const peakRssMiB = await relay.peakRssMiB()

    verifyLoad(load, 'incremental through the relay')
    const uploads = await verifiedUploads(context, load, expected, 'incremental through the relay')
    return {
      metrics: {
        requestsPerSecond: load.requestsPerSecond,
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        requests: load.requests,
        tokenRequests,
        // A fresh relay fetches its first token at the first upload and a new one each time
        // the reuse window of the last one ends.
        maxTokenRequests: Math.floor(runMs / reuseWindowMs(accessTokenTtlSeconds)) + 1,
        peakRssMiB
      },
      uploads
    }
  } finally {
    await relay.stop()
  }
}

/** Sends each upload with a new pushToken, and renews the access token halfway through its lifetime. */
async function loadDirect (context: ScenarioContext, expected: ExpectedUpload): Promise<{ load: LoadResult, sinkUploads: number }> {
  const { sink, target, tokenUrl } = context.stack
  await sink.reset()
  const credentials = { tokenUrl, clientId: target.clientId, clientSecret: target.clientSecret }
  const first = await fetchAccessToken(credentials)
  const pushTarget: PushTarget = { pushUrl: sink.pushUrl, tenant: target.tenant, sourceId: target.sourceId, accessToken: first.accessToken }
  let headers = pushHeaders(pushTarget)
  const renewal = setInterval(() => {
    fetchAccessToken(credentials).then((token) => {
      headers = pushHeaders({ ...pushTarget, accessToken: token.accessToken })
    }, (error: unknown) => { console.error('bench: renewing the direct caller\'s token failed:', error) })
  }, first.expiresInSeconds * 500)

  let load: LoadResult
  try {
    load = await runLoad({
      url: sink.url,
      ...context.load,
      method: 'POST',
      headers,
      body: context.datasets.small.wfmBody,
      setupRequest: (request) => ({ ...request, headers, path: pushPathWithQuery(pushTarget, randomUUID(), true) })
    })
  } finally {
    clearInterval(renewal)
  }

  // A 30 s direct run makes hundreds of thousands of uploads, so the sink checks them and returns counts.
  const label = 'incremental direct'
  verifyLoad(load, label)
  const summary = await sink.summary(expected)
  verifyNoRejections(summary, label)
  if (summary.mismatchedCount > 0) {
    throw new Error(`${label}: ${summary.mismatchedCount} uploads are incomplete or not of ${expected.rows} rows ` +
      `in ${expected.bytes} bytes, such as ${JSON.stringify(summary.mismatched[0])}`)
  }
  verifyUploadCount(summary.uploads, load, context.load.connections, label)
  return { load, sinkUploads: summary.uploads }
}

function verifyLoad (load: LoadResult, label: string): void {
  const failed = Object.entries(load.failedStatuses)
  if (failed.length > 0 || load.errors > 0) {
    throw new Error(`${label}: ${load.errors} connection errors or timeouts and these statuses: ` +
      failed.map(([status, count]) => `${status} x${count}`).join(', '))
  }
  if (load.requests === 0) throw new Error(`${label}: no request succeeded`)
}

/**
 * Requests still in flight when autocannon stopped may have reached the sink without being
 * counted as successes, so up to one upload per connection may be extra.
 */
function verifyUploadCount (uploads: number, load: LoadResult, connections: number, label: string): void {
  const extra = uploads - load.requests
  if (extra < 0 || extra > connections) {
    throw new Error(`${label}: the sink has ${uploads} uploads for ${load.requests} successful requests`)
  }
}

/** Checks every upload the sink accepted during the relay's load test and returns them. */
async function verifiedUploads (context: ScenarioContext, load: LoadResult, expected: ExpectedUpload, label: string): Promise<SinkUpload[]> {
  const state = await context.stack.sink.state()
  verifyNoRejections(state, label)
  for (const upload of state.uploads) verifyUpload(upload, expected, label)
  verifyUploadCount(state.uploads.length, load, context.load.connections, label)
  return state.uploads
}
