// Ratios between scenarios and the project's targets for them. A comparison appears only when
// the scenarios it needs ran.

import { concurrentConnections } from '../scenarios/incremental.js'
import type { ScenarioReport } from './runner.js'

export interface Comparison {
  label: string
  value: number
  decimals: number
  /** The target as printed, such as ">= 0.8". */
  target?: string
  met?: boolean
}

function summaryValue (reports: ScenarioReport[], scenario: string, metric: string, pick: 'median' | 'max' = 'median'): number | undefined {
  return reports.find((report) => report.name === scenario)?.summary[metric]?.[pick]
}

/** Divides the median rows per second of `scenario` by those of `baseline`. */
function rowsRatio (reports: ScenarioReport[], scenario: string, baseline: string): number | undefined {
  const rows = summaryValue(reports, scenario, 'rowsPerSecond')
  const baselineRows = summaryValue(reports, baseline, 'rowsPerSecond')
  return rows === undefined || baselineRows === undefined ? undefined : rows / baselineRows
}

export function compareScenarios (reports: ScenarioReport[]): Comparison[] {
  const comparisons: Array<Comparison | undefined> = [
    withTarget('Large load: relay / direct (rows/s)', rowsRatio(reports, 'large-csv', 'direct'), 3, '>= 0.8', (value) => value >= 0.8),
    withTarget('Large load: relay / curl recipe (rows/s)', rowsRatio(reports, 'large-csv', 'curl-recipe'), 3, '>= 2', (value) => value >= 2),
    withTarget('Large load: relay peak RSS, largest of the runs (MiB)', summaryValue(reports, 'large-csv', 'peakRssMiB', 'max'), 0, '< 200', (value) => value < 200),
    withTarget('Incremental: relay overhead at p50, one connection (ms)',
      summaryValue(reports, 'incremental', 'sequentialOverheadP50Ms'), 2, '< 2', (value) => value < 2),
    withTarget(`Incremental: relay overhead at p50, ${concurrentConnections} connections (ms)`,
      summaryValue(reports, 'incremental', 'overheadP50Ms'), 2, '< 2', (value) => value < 2),
    tokenComparison(reports),
    withTarget('Multipart / direct (rows/s)', rowsRatio(reports, 'multipart', 'direct'), 3),
    withTarget('JSON / direct (rows/s)', rowsRatio(reports, 'json', 'direct'), 3),
    withTarget('NDJSON / direct (rows/s)', rowsRatio(reports, 'ndjson', 'direct'), 3)
  ]
  return comparisons.filter((comparison) => comparison !== undefined)
}

function withTarget (
  label: string,
  value: number | undefined,
  decimals: number,
  target?: string,
  meets?: (value: number) => boolean
): Comparison | undefined {
  if (value === undefined) return undefined
  return target === undefined || meets === undefined
    ? { label, value, decimals }
    : { label, value, decimals, target, met: meets(value) }
}

/** Checks each relay run's token requests: at least one, and at most one per reuse window of a token. */
function tokenComparison (reports: ScenarioReport[]): Comparison | undefined {
  const runs = reports.find((report) => report.name === 'incremental')?.runs
  if (runs === undefined || runs.length === 0) return undefined
  const counts = runs.map((run) => ({ made: run.metrics.tokenRequests ?? NaN, max: run.metrics.maxTokenRequests ?? NaN }))
  const worst = counts.reduce((largest, count) => (count.made > largest.made ? count : largest))
  return {
    label: 'Incremental: token requests during the relay phase, largest of the runs',
    value: worst.made,
    decimals: 0,
    target: `1 to ${worst.max}`,
    met: counts.every((count) => count.made >= 1 && count.made <= count.max)
  }
}
