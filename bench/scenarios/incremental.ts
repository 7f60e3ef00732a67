// Many small uploads, one interval of 50 queues each: first through a fresh relay, then straight
// to the sink with the pre-encoded body. Each side runs two autocannon load tests, 32 concurrent
// connections for throughput and then one connection for latency without queueing.

import { loadDirect, loadThroughRelay } from './incremental-loads.js'
import { sampledPeakRssMetric, type Scenario } from './scenario.js'

/** Connections of the concurrent load tests, in full and smoke runs. */
export const concurrentConnections = 32

const concurrent = `${concurrentConnections} connections`

export const incremental: Scenario = {
  name: 'incremental',
  title: 'Incremental uploads (50 rows each)',
  defaultRuns: 3,
  metrics: [
    { key: 'requestsPerSecond', label: `relay requests/s, ${concurrent}`, decimals: 0 },
    { key: 'p50Ms', label: `relay p50 latency, ${concurrent} (ms)`, decimals: 2 },
    { key: 'p99Ms', label: `relay p99 latency, ${concurrent} (ms)`, decimals: 2 },
    { key: 'directRequestsPerSecond', label: `direct requests/s, ${concurrent}`, decimals: 0 },
    { key: 'directP50Ms', label: `direct p50 latency, ${concurrent} (ms)`, decimals: 2 },
    { key: 'directP99Ms', label: `direct p99 latency, ${concurrent} (ms)`, decimals: 2 },
    { key: 'overheadP50Ms', label: `relay overhead at p50, ${concurrent} (ms)`, decimals: 2 },
    { key: 'sequentialP50Ms', label: 'relay p50 latency, one connection (ms)', decimals: 2 },
    { key: 'sequentialP99Ms', label: 'relay p99 latency, one connection (ms)', decimals: 2 },
    { key: 'directSequentialP50Ms', label: 'direct p50 latency, one connection (ms)', decimals: 2 },
    { key: 'directSequentialP99Ms', label: 'direct p99 latency, one connection (ms)', decimals: 2 },
    { key: 'sequentialOverheadP50Ms', label: 'relay overhead at p50, one connection (ms)', decimals: 2 },
    { key: 'requests', label: `relay uploads, ${concurrent}`, decimals: 0 },
    { key: 'sequentialRequests', label: 'relay uploads, one connection', decimals: 0 },
    { key: 'tokenRequests', label: 'token requests during the relay phase', decimals: 0 },
    { key: 'maxTokenRequests', label: 'token requests allowed (one per reuse window)', decimals: 0 },
    { key: 'peakRssMiB', label: 'relay peak RSS (MiB, VmHWM)', decimals: 0 },
    sampledPeakRssMetric
  ],
  run: async (context) => {
    const expected = { rows: context.datasets.small.rows, bytes: Buffer.byteLength(context.datasets.small.wfmBody) }
    const relay = await loadThroughRelay(context, expected)
    const direct = await loadDirect(context, expected)
    return {
      metrics: {
        requestsPerSecond: relay.concurrent.requestsPerSecond,
        p50Ms: relay.concurrent.p50Ms,
        p99Ms: relay.concurrent.p99Ms,
        requests: relay.concurrent.requests,
        directRequestsPerSecond: direct.concurrent.requestsPerSecond,
        directP50Ms: direct.concurrent.p50Ms,
        directP99Ms: direct.concurrent.p99Ms,
        directRequests: direct.concurrent.requests,
        overheadP50Ms: relay.concurrent.p50Ms - direct.concurrent.p50Ms,
        sequentialRequestsPerSecond: relay.sequential.requestsPerSecond,
        sequentialP50Ms: relay.sequential.p50Ms,
        sequentialP99Ms: relay.sequential.p99Ms,
        sequentialRequests: relay.sequential.requests,
        directSequentialRequestsPerSecond: direct.sequential.requestsPerSecond,
        directSequentialP50Ms: direct.sequential.p50Ms,
        directSequentialP99Ms: direct.sequential.p99Ms,
        directSequentialRequests: direct.sequential.requests,
        sequentialOverheadP50Ms: relay.sequential.p50Ms - direct.sequential.p50Ms,
        directSinkUploads: direct.sinkUploads,
        tokenRequests: relay.tokenRequests,
        maxTokenRequests: relay.maxTokenRequests,
        peakRssMiB: relay.peakRssMiB,
        sampledPeakRssMiB: relay.sampledPeakRssMiB
      },
      // The direct uploads were checked by the sink and are too many to list.
      uploads: relay.uploads,
      expectedUpload: expected
    }
  }
}
