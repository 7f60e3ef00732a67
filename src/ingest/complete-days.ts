// The completeDays option: the WFM needs every interval of a day, so intervals an export leaves
// out (no contacts, or outside opening hours) are added with offered 0 and AHT 0.

import { DateTime } from 'luxon'
import { formatUtc, maxEpochSeconds, minEpochSeconds } from './calendar.js'
import type { IntervalIndex } from './duplicate-index.js'

/**
 * Largest span of days, first to last, that completeDays fills for one queue (about 10 years).
 * It bounds how many rows two stray dates far apart can create.
 */
export const maxFilledDaysPerQueue = 3660

export interface DaySpan {
  /** Local midnight of the queue's first day. */
  firstDay: DateTime
  lastDay: DateTime
  days: number
}

/** Returns the local days from a queue's first row to its last, in `zone` ('UTC' without a profile zone). */
export function daySpanOf (index: IntervalIndex, queue: string, zone: string): DaySpan | undefined {
  const range = index.rangeOf(queue)
  if (range === undefined) {
    return undefined
  }
  const firstDay = DateTime.fromSeconds(range.first, { zone }).startOf('day')
  const lastDay = DateTime.fromSeconds(range.last, { zone }).startOf('day')
  const days = Math.round(lastDay.diff(firstDay, 'days').days) + 1
  return { firstDay, lastDay, days }
}

/**
 * Yields the interval starts of a queue's days that hold no row, in time order. Days run from
 * local midnight to the next local midnight in real time, so a day with a daylight-saving change
 * has 23 or 25 hours of intervals. Intervals before 1970 or after 9999 UTC are left out.
 */
export function * missingIntervalStarts (index: IntervalIndex, queue: string, zone: string): Generator<number> {
  const span = daySpanOf(index, queue, zone)
  if (span === undefined) {
    return
  }
  const interval = index.intervalSeconds
  let day = span.firstDay
  while (day <= span.lastDay) {
    const nextDay = day.plus({ days: 1 }).startOf('day')
    const end = Math.min(nextDay.toSeconds(), maxEpochSeconds + 1)
    let start = Math.ceil(day.toSeconds() / interval) * interval
    start = Math.max(start, Math.ceil(minEpochSeconds / interval) * interval)
    for (let intervalStart = start; intervalStart < end; intervalStart += interval) {
      if (index.keyAt(queue, intervalStart) === 0) {
        yield intervalStart
      }
    }
    day = nextDay
  }
}

/** Describes a span that is too long to fill, for a row error. */
export function describeLongSpan (queue: string, span: DaySpan, zone: string): string {
  const first = span.firstDay.toISODate() ?? formatUtc(span.firstDay.toSeconds())
  const last = span.lastDay.toISODate() ?? formatUtc(span.lastDay.toSeconds())
  return `queue "${queue}" spans ${span.days} days (${first} to ${last} in ${zone}); completeDays fills ` +
    `at most ${maxFilledDaysPerQueue} days per queue, so check for a wrong date or split the upload`
}
