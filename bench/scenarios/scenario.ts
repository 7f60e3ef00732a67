// The contract between the bench runner and each scenario.

import type { BenchDatasets } from '../lib/datasets.js'
import type { BenchStack } from '../lib/bench-stack.js'
import type { SinkUpload } from '../sink/upload-tally.js'

export interface ScenarioContext {
  stack: BenchStack
  datasets: BenchDatasets
  /** Maximum chunk size in bytes for the direct baseline and the curl recipe, as the relay's maxChunkBytes. */
  maxChunkBytes: number
  /** The large dataset in the WFM format, cut into chunks; read once, before any timing. */
  directChunks: () => Promise<Buffer[]>
  /**
   * The incremental load tests: `connections` concurrent connections for `seconds`, then one
   * connection for `sequentialSeconds`.
   */
  load: IncrementalLoad
}

export interface IncrementalLoad {
  connections: number
  seconds: number
  sequentialSeconds: number
}

/** One run of a scenario: its figures and what the sink accepted meanwhile. */
export interface RunRecord {
  metrics: Record<string, number>
  /**
   * Every upload the sink accepted during the run. The incremental scenario lists only those
   * through the relay, because its direct load test makes hundreds of thousands.
   */
  uploads: SinkUpload[]
  /** The size of every upload of the run, which the run already checked. */
  expectedUpload: { rows: number, bytes: number }
}

export interface MetricSpec {
  key: string
  label: string
  decimals: number
}

export interface Scenario {
  /** The name for --scenario. */
  name: string
  title: string
  defaultRuns: number
  /** The figures shown in the table, in order. Other keys of RunRecord.metrics go to JSON only. */
  metrics: MetricSpec[]
  run: (context: ScenarioContext) => Promise<RunRecord>
}

/** Figures of a single upload of the large dataset or the JSON rows. */
export const throughputMetrics: MetricSpec[] = [
  { key: 'seconds', label: 'seconds', decimals: 2 },
  { key: 'megabytesPerSecond', label: 'MB/s sent by the caller', decimals: 1 },
  { key: 'rowsPerSecond', label: 'rows/s', decimals: 0 }
]

/** The relay validates and spools the whole upload before it sends the first chunk. */
export const pushSecondsMetric: MetricSpec = { key: 'pushSeconds', label: 'of which first to last chunk at the sink (s)', decimals: 2 }

export const peakRssMetric: MetricSpec = { key: 'peakRssMiB', label: 'relay peak RSS (MiB, VmHWM)', decimals: 0 }

export const sampledPeakRssMetric: MetricSpec = {
  key: 'sampledPeakRssMiB',
  label: 'relay peak RSS, max of VmRSS sampled every 100 ms (MiB)',
  decimals: 0
}
