// Runs the selected scenarios against one identity provider and sink, each run with a fresh
// relay process, and collects the report.

import { defaultMaxChunkBytes } from '../../src/config/resolve.js'
import type { IncrementalLoad, RunRecord, Scenario, ScenarioContext } from '../scenarios/scenario.js'
import { curlRecipe, direct } from '../scenarios/baselines.js'
import { concurrentConnections, incremental } from '../scenarios/incremental.js'
import { jsonRows, largeCsv, multipart, ndjsonRows } from '../scenarios/relay-uploads.js'
import { startBenchStack } from './bench-stack.js'
import { compareScenarios, type Comparison } from './comparisons.js'
import { datasetDirectory, prepareDatasets, readChunks, type DatasetPlan } from './datasets.js'
import { describeMachine, type MachineInfo } from './machine.js'
import { describeNodeFlags, resolveRelaySettings, type RelaySettings } from './relay-settings.js'
import { spreadOf, type Spread } from './stats.js'

export const scenarios: Scenario[] = [direct, curlRecipe, largeCsv, multipart, jsonRows, ndjsonRows, incremental]

export interface BenchOptions {
  /** A few thousand rows, every scenario once, 2 s load tests. */
  smoke: boolean
  /** Runs of every scenario; by default each scenario's defaultRuns, or 1 with smoke. */
  runs?: number
  /** Names of the scenarios to run; all by default. */
  only?: string[]
  /** Node flags of every relay process, by default those of the Dockerfile's CMD. */
  relayNodeFlags?: string[]
  /** The relay's jobs.maxConcurrentJobsPerTenant, by default the relay's own default. */
  jobsPerTenant?: number
  /** Receives a line per step, for progress on stderr. */
  onProgress?: (line: string) => void
}

interface ModeSettings {
  plan: DatasetPlan
  maxChunkBytes: number
  load: IncrementalLoad
}

const fullMode: ModeSettings = {
  // 100 queues x 365 days x 96 quarter-hours = 3,504,000 rows.
  plan: { queues: 100, days: 365, jsonRows: 1_000_000 },
  maxChunkBytes: defaultMaxChunkBytes,
  load: { connections: concurrentConnections, seconds: 30, sequentialSeconds: 10 }
}

const smokeMode: ModeSettings = {
  // 4 queues x 7 days x 96 = 2,688 rows. Small chunks, so every upload still has several.
  plan: { queues: 4, days: 7, jsonRows: 2_000 },
  maxChunkBytes: 16 * 1024,
  load: { connections: concurrentConnections, seconds: 2, sequentialSeconds: 1 }
}

export interface ScenarioReport {
  name: string
  title: string
  metrics: Scenario['metrics']
  runs: RunRecord[]
  /** Median, minimum and maximum of every metric over the runs. */
  summary: Record<string, Spread>
}

export interface BenchReport {
  startedAt: string
  seconds: number
  mode: 'full' | 'smoke'
  machine: MachineInfo
  dataset: DatasetPlan & {
    rows: number
    canonicalBytes: number
    wfmBytes: number
    jsonBytes: number
    ndjsonBytes: number
    smallUploadRows: number
    maxChunkBytes: number
    directory: string
    reused: boolean
  }
  load: IncrementalLoad
  relay: RelaySettings
  scenarios: ScenarioReport[]
  comparisons: Comparison[]
}

export function selectScenarios (only: string[] | undefined): Scenario[] {
  if (only === undefined || only.length === 0) return scenarios
  const unknown = only.filter((name) => !scenarios.some((scenario) => scenario.name === name))
  if (unknown.length > 0) {
    throw new RangeError(`unknown scenario ${unknown.join(', ')}; scenarios are ${scenarios.map((s) => s.name).join(', ')}`)
  }
  return scenarios.filter((scenario) => only.includes(scenario.name))
}

export async function runBench (options: BenchOptions): Promise<BenchReport> {
  const started = new Date()
  const progress = options.onProgress ?? (() => {})
  const selected = selectScenarios(options.only)
  const mode = options.smoke ? smokeMode : fullMode
  const relay = await resolveRelaySettings(options)
  progress(`relay Node flags: ${describeNodeFlags(relay)}`)

  progress(`preparing datasets in ${datasetDirectory}`)
  const datasets = await prepareDatasets(mode.plan, 'bench-acd')
  progress(datasets.reused ? 'reused the cached datasets' : 'generated the datasets')

  const stack = await startBenchStack(mode.maxChunkBytes, relay)
  let chunks: Promise<Buffer[]> | undefined
  const context: ScenarioContext = {
    stack,
    datasets,
    maxChunkBytes: mode.maxChunkBytes,
    directChunks: async () => await (chunks ??= readChunks(datasets.large.wfmPath, mode.maxChunkBytes)),
    load: mode.load
  }

  const reports: ScenarioReport[] = []
  try {
    for (const scenario of selected) {
      reports.push(await runScenario(scenario, context, runsOf(scenario, options), progress))
    }
  } finally {
    await stack.stop()
  }

  return {
    startedAt: started.toISOString(),
    seconds: (Date.now() - started.getTime()) / 1000,
    mode: options.smoke ? 'smoke' : 'full',
    machine: describeMachine(),
    dataset: {
      ...mode.plan,
      rows: datasets.large.rows,
      canonicalBytes: datasets.large.canonicalBytes,
      wfmBytes: datasets.large.wfmBytes,
      jsonBytes: datasets.json.jsonBytes,
      ndjsonBytes: datasets.json.ndjsonBytes,
      smallUploadRows: datasets.small.rows,
      maxChunkBytes: mode.maxChunkBytes,
      directory: datasetDirectory,
      reused: datasets.reused
    },
    load: mode.load,
    relay,
    scenarios: reports,
    comparisons: compareScenarios(reports)
  }
}

function runsOf (scenario: Scenario, options: BenchOptions): number {
  if (options.runs !== undefined) return options.runs
  return options.smoke ? 1 : scenario.defaultRuns
}

async function runScenario (
  scenario: Scenario,
  context: ScenarioContext,
  runs: number,
  progress: (line: string) => void
): Promise<ScenarioReport> {
  const records: RunRecord[] = []
  for (let run = 1; run <= runs; run++) {
    const record = await scenario.run(context)
    records.push(record)
    const figures = scenario.metrics
      .map((metric) => `${metric.label} ${(record.metrics[metric.key] ?? NaN).toFixed(metric.decimals)}`)
    progress(`${scenario.name} run ${run}/${runs}: ${figures.join(', ')}`)
  }

  const summary: Record<string, Spread> = {}
  for (const key of Object.keys(records[0]?.metrics ?? {})) {
    summary[key] = spreadOf(records.map((record) => record.metrics[key] ?? NaN))
  }
  return { name: scenario.name, title: scenario.title, metrics: scenario.metrics, runs: records, summary }
}
