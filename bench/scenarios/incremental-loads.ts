// The two load phases of the incremental scenario, through a fresh relay and straight to the
// sink. Each phase runs the concurrent load test and then the one-connection load test with no
// sink reset between them, so an upload that reaches the sink after its test ended still counts.

import { randomUUID } from 'node:crypto'
import { reuseWindowMs } from '../../src/wfm/token-response.js'
import { accessTokenTtlSeconds } from '../lib/bench-stack.js'
import { fetchAccessToken, pushHeaders, pushPathWithQuery, type PushTarget } from '../lib/direct-push.js'
import { runLoad, type LoadOptions, type LoadResult } from '../lib/load-test.js'
import { waitForIdleRelay } from '../lib/relay-upload.js'
import type { SinkUpload } from '../sink/upload-tally.js'
import type { ScenarioContext } from './scenario.js'
import { verifyNoRejections, verifyUpload, type ExpectedUpload } from './verify.js'

/** Results of one phase: the concurrent load test, then the one-connection load test. */
export interface LoadPair {
  concurrent: LoadResult
  sequential: LoadResult
}

export interface RelayPhase extends LoadPair {
  tokenRequests: number
  maxTokenRequests: number
  peakRssMiB: number
  sampledPeakRssMiB: number
  /** Every upload the sink accepted from the relay during the phase. */
  uploads: SinkUpload[]
}

export interface DirectPhase extends LoadPair {
  sinkUploads: number
}

type RequestOptions = Omit<LoadOptions, 'connections' | 'seconds'>

/** Runs the concurrent load test, then `between`, then the one-connection load test. */
async function runPair (
  context: ScenarioContext,
  request: RequestOptions,
  between: () => Promise<void>
): Promise<LoadPair> {
  const concurrent = await runLoad({ ...request, connections: context.load.connections, seconds: context.load.seconds })
  await between()
  const sequential = await runLoad({ ...request, connections: 1, seconds: context.load.sequentialSeconds })
  return { concurrent, sequential }
}

/**
 * Posts the canonical body to a fresh relay. Each request waits for its import, as callers
 * without `Prefer: respond-async` do.
 */
export async function loadThroughRelay (context: ScenarioContext, expected: ExpectedUpload): Promise<RelayPhase> {
  const { sink, target, identityProvider } = context.stack
  await sink.reset()
  const relay = await context.stack.startRelay()
  try {
    const tokenRequestsBefore = identityProvider.tokenRequests(target.tenant)
    const startedAt = performance.now()
    const request: RequestOptions = {
      url: new URL(`/v1/tenants/${target.tenant}/historical-data`, relay.url).href,
      method: 'POST',
      headers: { authorization: `Bearer ${relay.apiKey}`, 'content-type': 'text/csv' },
      body: context.datasets.small.canonicalBody
    }
    const idle = async (): Promise<void> => { await waitForIdleRelay(relay, target.tenant) }
    const loads = await runPair(context, request, idle)
    await idle()
    const runMs = performance.now() - startedAt
    const tokenRequests = identityProvider.tokenRequests(target.tenant) - tokenRequestsBefore
    const peakRssMiB = await relay.peakRssMiB()

    const label = 'incremental through the relay'
    verifyLoads(loads, label)
    const state = await sink.state()
    verifyNoRejections(state, label)
    for (const upload of state.uploads) verifyUpload(upload, expected, label)
    verifyUploadCount(state.uploads.length, loads, context, label)
    return {
      ...loads,
      tokenRequests,
      // A fresh relay fetches its first token at the first upload and a new one each time
      // the reuse window of the last one ends.
      maxTokenRequests: Math.floor(runMs / reuseWindowMs(accessTokenTtlSeconds)) + 1,
      peakRssMiB,
      sampledPeakRssMiB: relay.sampledPeakRssMiB(),
      uploads: state.uploads
    }
  } finally {
    await relay.stop()
  }
}

/**
 * Posts the pre-encoded body to the sink, each upload with a new pushToken, and renews the
 * access token halfway through its lifetime.
 */
export async function loadDirect (context: ScenarioContext, expected: ExpectedUpload): Promise<DirectPhase> {
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

  let loads: LoadPair
  try {
    loads = await runPair(context, {
      url: sink.url,
      method: 'POST',
      headers,
      body: context.datasets.small.wfmBody,
      setupRequest: (request) => ({ ...request, headers, path: pushPathWithQuery(pushTarget, randomUUID(), true) })
    }, async () => {})
  } finally {
    clearInterval(renewal)
  }

  // A 30 s direct run makes hundreds of thousands of uploads, so the sink checks them and returns counts.
  const label = 'incremental direct'
  verifyLoads(loads, label)
  const summary = await sink.summary(expected)
  verifyNoRejections(summary, label)
  if (summary.mismatchedCount > 0) {
    throw new Error(`${label}: ${summary.mismatchedCount} uploads are incomplete or not of ${expected.rows} rows ` +
      `in ${expected.bytes} bytes, such as ${JSON.stringify(summary.mismatched[0])}`)
  }
  verifyUploadCount(summary.uploads, loads, context, label)
  return { ...loads, sinkUploads: summary.uploads }
}

function verifyLoads (loads: LoadPair, label: string): void {
  verifyLoad(loads.concurrent, `${label}, concurrent connections`)
  verifyLoad(loads.sequential, `${label}, one connection`)
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
 * counted as successes, so up to one upload per connection of each load test may be extra.
 */
function verifyUploadCount (uploads: number, loads: LoadPair, context: ScenarioContext, label: string): void {
  const requests = loads.concurrent.requests + loads.sequential.requests
  const extra = uploads - requests
  if (extra < 0 || extra > context.load.connections + 1) {
    throw new Error(`${label}: the sink has ${uploads} uploads for ${requests} successful requests`)
  }
}
