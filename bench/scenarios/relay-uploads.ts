// Single large uploads through a fresh relay process: the canonical CSV as text/csv and as a
// multipart file, and the first rows as JSON and NDJSON. The clock starts when the caller starts
// sending and stops when the sink acknowledges the last chunk.

import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { uploadThroughRelay } from '../lib/relay-upload.js'
import {
  peakRssMetric, pushSecondsMetric, sampledPeakRssMetric, throughputMetrics,
  type RunRecord, type Scenario, type ScenarioContext
} from './scenario.js'
import { verifiedUpload, type ExpectedUpload } from './verify.js'

/** The relay's default limits.jsonBodyBytes. */
const defaultJsonBodyBytes = 16 * 1024 * 1024

interface RelayBody {
  contentType: string
  bytes: number
  /** Opens the body; called before the clock starts. */
  open: () => Readable
}

async function measureRelayUpload (
  context: ScenarioContext,
  body: RelayBody,
  expected: ExpectedUpload,
  label: string
): Promise<RunRecord> {
  const { sink, target } = context.stack
  await sink.reset()
  // application/json is parsed whole, so its body limit must cover the body.
  const relay = await context.stack.startRelay(body.contentType === 'application/json'
    ? { jsonBodyBytes: Math.max(body.bytes, defaultJsonBodyBytes) }
    : {})
  try {
    const pushToken = randomUUID()
    const stream = body.open()
    const startedAt = Date.now()
    await uploadThroughRelay(relay, { tenant: target.tenant, pushToken, contentType: body.contentType, body: stream })
    const peakRssMiB = await relay.peakRssMiB()
    const sampledPeakRssMiB = relay.sampledPeakRssMiB()

    const state = await sink.state()
    const upload = verifiedUpload(state, pushToken, expected, label)
    const seconds = (upload.completedAt - startedAt) / 1000
    return {
      metrics: {
        seconds,
        megabytesPerSecond: body.bytes / 1e6 / seconds,
        rowsPerSecond: expected.rows / seconds,
        pushSeconds: (upload.completedAt - upload.firstChunkAt) / 1000,
        peakRssMiB,
        sampledPeakRssMiB,
        chunks: upload.chunks
      },
      uploads: state.uploads,
      expectedUpload: expected
    }
  } finally {
    await relay.stop()
  }
}

const largeUploadMetrics = [...throughputMetrics, pushSecondsMetric, peakRssMetric, sampledPeakRssMetric]

const boundary = 'wfm-relay-bench-boundary'

/** Builds a multipart/form-data body with one file part, read from disk as it is sent. */
function multipartBody (path: string, fileBytes: number): RelayBody {
  const head = Buffer.from(`--${boundary}\r\n` +
    'Content-Disposition: form-data; name="file"; filename="bench.csv"\r\n' +
    'Content-Type: text/csv\r\n\r\n')
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: head.length + fileBytes + tail.length,
    open: () => Readable.from((async function * () {
      yield head
      yield * createReadStream(path)
      yield tail
    })())
  }
}

function fileBody (contentType: string, path: string, bytes: number): RelayBody {
  return { contentType, bytes, open: () => createReadStream(path) }
}

export const largeCsv: Scenario = {
  name: 'large-csv',
  title: 'Large load through the relay (text/csv, streamed)',
  defaultRuns: 3,
  metrics: largeUploadMetrics,
  run: async (context) => {
    const { large } = context.datasets
    return await measureRelayUpload(context, fileBody('text/csv', large.canonicalPath, large.canonicalBytes),
      { rows: large.rows, bytes: large.wfmBytes }, 'large-csv')
  }
}

export const multipart: Scenario = {
  name: 'multipart',
  title: 'Large load through the relay (multipart/form-data file)',
  defaultRuns: 3,
  metrics: largeUploadMetrics,
  run: async (context) => {
    const { large } = context.datasets
    return await measureRelayUpload(context, multipartBody(large.canonicalPath, large.canonicalBytes),
      { rows: large.rows, bytes: large.wfmBytes }, 'multipart')
  }
}

export const jsonRows: Scenario = {
  name: 'json',
  title: 'JSON rows through the relay (application/json, parsed whole; old space sized for the body)',
  defaultRuns: 3,
  metrics: largeUploadMetrics,
  run: async (context) => {
    const { json } = context.datasets
    return await measureRelayUpload(context, fileBody('application/json', json.jsonPath, json.jsonBytes),
      { rows: json.rows, bytes: json.wfmBytes }, 'json')
  }
}

export const ndjsonRows: Scenario = {
  name: 'ndjson',
  title: 'JSON rows through the relay (application/x-ndjson)',
  defaultRuns: 3,
  metrics: largeUploadMetrics,
  run: async (context) => {
    const { json } = context.datasets
    return await measureRelayUpload(context, fileBody('application/x-ndjson', json.ndjsonPath, json.ndjsonBytes),
      { rows: json.rows, bytes: json.wfmBytes }, 'ndjson')
  }
}
