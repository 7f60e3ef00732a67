// ISO 8601 interval starts: `YYYY-MM-DDTHH:mm:ss`, optional zero fraction, and `Z` or `±hh:mm`.
// Only this extended form is read; week dates, ordinal dates and basic format are rejected.

import {
  checkLocalDateTime, epochSecondsOf, formatUtc, maxEpochSeconds, minEpochSeconds,
  type LocalDateTime
} from './calendar.js'
import { accept, quoteValue, reject, type FieldResult } from './field-result.js'

export type IsoTimestamp =
  | { kind: 'instant', epochSeconds: number }
  | { kind: 'local', local: LocalDateTime }

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

const isoExample = 'write it like 2019-01-18T22:15:00Z or 2019-01-18T23:15:00+01:00'

/**
 * Parses an ISO 8601 timestamp. A timestamp with `Z` or an offset becomes an instant. A
 * timestamp without an offset stays a wall-clock value, which the caller places in a time zone.
 */
export function parseIsoTimestamp (text: string): FieldResult<IsoTimestamp> {
  const match = isoPattern.exec(text)
  if (match === null) {
    return reject(`${quoteValue(text)} is not an ISO 8601 timestamp; ${isoExample}`)
  }
  const [, year, month, day, hour, minute, second, fraction, offset] = match
  if (fraction !== undefined && !/^\.0+$/.test(fraction)) {
    return reject(`${quoteValue(text)} has a nonzero fraction of a second; ` +
      'interval starts fall on whole minutes, so drop the fraction or fix the time')
  }

  const local = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second)
  }
  const problem = checkLocalDateTime(local)
  if (problem !== undefined) {
    return reject(`${quoteValue(text)} is not a valid date and time: ${problem}`)
  }
  if (offset === undefined) {
    return accept({ kind: 'local', local })
  }

  const offsetSeconds = parseOffset(offset)
  if (offsetSeconds === undefined) {
    return reject(`${quoteValue(text)} has the offset ${offset}, which is out of range; ` +
      'offsets are -23:59 to +23:59')
  }
  return accept({ kind: 'instant', epochSeconds: epochSecondsOf(local) - offsetSeconds })
}

/** Parses an ISO 8601 timestamp that must carry `Z` or an offset. */
export function parseIsoInstant (text: string): FieldResult<number> {
  const parsed = parseIsoTimestamp(text)
  if (!parsed.ok) {
    return parsed
  }
  if (parsed.value.kind === 'local') {
    return reject(`${quoteValue(text)} has no UTC offset; append Z for UTC or an offset such ` +
      'as +01:00, because the WFM cannot tell which time zone is meant')
  }
  return accept(parsed.value.epochSeconds)
}

/**
 * Checks that an instant can be an interval start: within 1970 to 9999 UTC, and a whole
 * multiple of the interval since the epoch (22:00 and 22:15 for 900 s, not 22:10).
 */
export function checkIntervalStart (epochSeconds: number, intervalSeconds: number, text: string): FieldResult<number> {
  if (epochSeconds < minEpochSeconds || epochSeconds > maxEpochSeconds) {
    return reject(`${quoteValue(text)} is outside the supported range ` +
      '1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z')
  }
  if (epochSeconds % intervalSeconds !== 0) {
    const before = epochSeconds - (epochSeconds % intervalSeconds)
    const utc = formatUtc(epochSeconds)
    const quoted = utc === text ? quoteValue(text) : `${quoteValue(text)} (${utc})`
    return reject(`${quoted} is not on a boundary of the ${intervalSeconds}-second interval; ` +
      `the interval containing it starts at ${formatUtc(before)}`)
  }
  return accept(epochSeconds)
}

/** Returns the offset in seconds east of UTC, or undefined when it is out of range. */
function parseOffset (offset: string): number | undefined {
  if (offset === 'Z') {
    return 0
  }
  const sign = offset.startsWith('-') ? -1 : 1
  const hours = Number(offset.slice(1, 3))
  const minutes = Number(offset.slice(4, 6))
  if (hours > 23 || minutes > 59) {
    return undefined
  }
  return sign * (hours * 3600 + minutes * 60)
}
