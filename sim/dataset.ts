// A deterministic synthetic ACD export in the relay's canonical CSV layout: several queues, whole
// days, a daily call curve that peaks late morning and mid-afternoon, and zeros at night.

export interface DatasetOptions {
  queues: number
  days: number
  intervalSeconds?: number
  /** First day, `YYYY-MM-DD` (UTC). */
  startDate?: string
  seed?: number
}

export interface DatasetRow {
  intervalStart: string
  queue: string
  offered: number
  aht: number
}

export const canonicalHeader = 'intervalStart,queue,offered,aht'

const queueNames = ['Sales', 'Billing', 'Support', 'Retention', 'Claims', 'Onboarding', 'Returns',
  'Technical', 'Premium', 'Spanish']

export function queueName (index: number): string {
  const base = queueNames[index % queueNames.length] ?? 'Queue'
  const round = Math.floor(index / queueNames.length)
  return round === 0 ? base : `${base} ${round + 1}`
}

/** Yields every row, queue by queue within each interval, in time order. */
export function * datasetRows (options: DatasetOptions): Generator<DatasetRow> {
  const intervalSeconds = options.intervalSeconds ?? 900
  const start = Date.parse(`${options.startDate ?? '2026-01-05'}T00:00:00Z`) / 1000
  const random = mulberry32(options.seed ?? 42)
  const intervalsPerDay = 86_400 / intervalSeconds

  for (let day = 0; day < options.days; day++) {
    for (let slot = 0; slot < intervalsPerDay; slot++) {
      const epochSeconds = start + day * 86_400 + slot * intervalSeconds
      const hour = (slot * intervalSeconds) / 3600
      for (let queue = 0; queue < options.queues; queue++) {
        const load = dailyCurve(hour) * (1 + (queue % 5) * 0.4) * (intervalSeconds / 900)
        const offered = Math.max(0, Math.round(load * (0.8 + random() * 0.4)))
        const aht = offered === 0 ? 0 : Math.round((180 + random() * 240) * 10) / 10
        yield {
          intervalStart: new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z'),
          queue: queueName(queue),
          offered,
          aht
        }
      }
    }
  }
}

/** Yields the CSV text in pieces of about `pieceBytes`, header first. */
export function * datasetCsv (options: DatasetOptions, pieceBytes = 64 * 1024): Generator<string> {
  let piece = `${canonicalHeader}\n`
  for (const row of datasetRows(options)) {
    piece += `${row.intervalStart},${row.queue},${row.offered},${row.aht}\n`
    if (piece.length >= pieceBytes) {
      yield piece
      piece = ''
    }
  }
  if (piece !== '') yield piece
}

/** Contacts per 15 minutes at a given hour of the day: closed at night, two peaks by day. */
function dailyCurve (hour: number): number {
  if (hour < 7 || hour >= 20) return 0
  const morning = Math.exp(-((hour - 10.5) ** 2) / 3)
  const afternoon = 0.8 * Math.exp(-((hour - 15) ** 2) / 4)
  return 2 + 30 * (morning + afternoon)
}

/** Returns a small seeded PRNG, so every run generates the same dataset. */
function mulberry32 (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
