// Summaries of repeated measurements.

export interface Spread {
  median: number
  min: number
  max: number
}

/** Median, minimum and maximum; the median of an even count is the mean of the middle two. */
export function spreadOf (values: number[]): Spread {
  if (values.length === 0) throw new RangeError('cannot summarize an empty list of values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1
    ? sorted[middle] ?? 0
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 }
}

/** Returns the nearest-rank percentile (0 to 100) of values sorted in ascending order, or NaN for none. */
export function percentile (sorted: number[], rank: number): number {
  if (sorted.length === 0) return NaN
  const index = Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1)
  return sorted[Math.min(index, sorted.length - 1)] ?? NaN
}
