// Local date and time formats of ACD exports (tokens YYYY MM M DD D HH H mm ss) and their
// conversion to instants in an IANA time zone, with daylight-saving gaps and overlaps rejected.

import { DateTime, IANAZone } from 'luxon'
import { checkLocalDateTime, epochSecondsOf, formatLocalDateTime, type LocalDateTime } from './calendar.js'
import { accept, reject, type FieldResult } from './field-result.js'

export type FormatKind = 'timestamp' | 'date' | 'time'

type Part = keyof LocalDateTime

export interface LocalFormat {
  format: string
  pattern: RegExp
  /** The part each capture group of `pattern` sets, in order. */
  parts: Part[]
}

/** Tokens, longest first so that `MM` wins over `M`. */
const tokens: Array<{ token: string, part: Part, digits: string }> = [
  { token: 'YYYY', part: 'year', digits: '(\\d{4})' },
  { token: 'MM', part: 'month', digits: '(\\d{2})' },
  { token: 'DD', part: 'day', digits: '(\\d{2})' },
  { token: 'HH', part: 'hour', digits: '(\\d{2})' },
  { token: 'mm', part: 'minute', digits: '(\\d{2})' },
  { token: 'ss', part: 'second', digits: '(\\d{2})' },
  { token: 'M', part: 'month', digits: '(\\d{1,2})' },
  { token: 'D', part: 'day', digits: '(\\d{1,2})' },
  { token: 'H', part: 'hour', digits: '(\\d{1,2})' }
]

/**
 * Letters that other format languages use for date parts (y, d, h, a, S, Z ...). They are
 * rejected outside a known token, so that `hh:mm` or `YY` fail at start instead of being
 * matched as literal text.
 */
const reservedLetters = /[YyMDdHhmsSaAZ]/

const datePartNames: Part[] = ['year', 'month', 'day']
const timePartNames: Part[] = ['hour', 'minute', 'second']

const requiredParts: Record<FormatKind, Part[]> = {
  timestamp: ['year', 'month', 'day', 'hour', 'minute'],
  date: ['year', 'month', 'day'],
  time: ['hour', 'minute']
}

const allowedParts: Record<FormatKind, Part[]> = {
  timestamp: [...datePartNames, ...timePartNames],
  date: datePartNames,
  time: timePartNames
}

/** Compiles a format. Throws an Error whose message describes the problem with the format. */
export function compileLocalFormat (format: string, kind: FormatKind): LocalFormat {
  let source = '^'
  const parts: Part[] = []
  let position = 0
  while (position < format.length) {
    const match = tokens.find((entry) => format.startsWith(entry.token, position))
    if (match !== undefined) {
      source += match.digits
      parts.push(match.part)
      position += match.token.length
      continue
    }
    const character = format[position] ?? ''
    if (reservedLetters.test(character)) {
      throw new Error(`format "${format}" has an unsupported token at "${format.slice(position)}"; ` +
        'the tokens are YYYY, MM, M, DD, D, HH, H, mm and ss')
    }
    source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    position += 1
  }

  checkParts(format, kind, parts)
  return { format, pattern: new RegExp(source + '$'), parts }
}

function checkParts (format: string, kind: FormatKind, parts: Part[]): void {
  for (const part of parts) {
    if (parts.indexOf(part) !== parts.lastIndexOf(part)) {
      throw new Error(`format "${format}" sets the ${part} twice`)
    }
    if (!allowedParts[kind].includes(part)) {
      throw new Error(`format "${format}" of a ${kind} column must not contain the ${part}`)
    }
  }
  const missing = requiredParts[kind].filter((part) => !parts.includes(part))
  if (missing.length > 0) {
    throw new Error(`format "${format}" of a ${kind} column has no ${missing.join(', ')}`)
  }
}

/** Reads the parts a format sets from a cell, or returns undefined when the cell does not match. */
export function matchLocalFormat (format: LocalFormat, text: string): Partial<LocalDateTime> | undefined {
  const match = format.pattern.exec(text)
  if (match === null) {
    return undefined
  }
  const values: Partial<LocalDateTime> = {}
  format.parts.forEach((part, index) => {
    values[part] = Number(match[index + 1])
  })
  return values
}

/** Completes parts read from formats into a checked wall-clock value; seconds default to 0. */
export function completeLocalDateTime (parts: Partial<LocalDateTime>): FieldResult<LocalDateTime> {
  const local: LocalDateTime = {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0
  }
  const problem = checkLocalDateTime(local)
  return problem === undefined ? accept(local) : reject(problem)
}

export function isKnownTimeZone (zone: string): boolean {
  return IANAZone.isValidZone(zone)
}

/** Entries kept before the cache is cleared; uploads usually repeat one timestamp per queue. */
const maxCachedTimes = 100_000

/** Converts wall-clock values of one IANA time zone to instants. */
export class ZoneResolver {
  readonly zone: string
  private readonly cache = new Map<number, FieldResult<number>>()

  constructor (zone: string) {
    this.zone = zone
  }

  /** Returns epoch seconds, or a message when the time is skipped or repeated by a clock change. */
  toEpochSeconds (local: LocalDateTime): FieldResult<number> {
    // luxon takes tens of microseconds per conversion, and exports repeat each time per queue.
    const key = epochSecondsOf(local)
    let result = this.cache.get(key)
    if (result === undefined) {
      if (this.cache.size >= maxCachedTimes) {
        this.cache.clear()
      }
      result = this.resolve(local)
      this.cache.set(key, result)
    }
    return result
  }

  private resolve (local: LocalDateTime): FieldResult<number> {
    const dateTime = DateTime.fromObject(local, { zone: this.zone })
    const localText = formatLocalDateTime(local)
    if (!dateTime.isValid) {
      return reject(`${localText} cannot be placed in time zone ${this.zone}: ${dateTime.invalidExplanation ?? ''}`)
    }

    const candidates = dateTime.getPossibleOffsets()
    if (candidates.length > 1) {
      const instants = candidates.map((candidate) => candidate.toUTC().toISO({ suppressMilliseconds: true }))
      return reject(`${localText} is ambiguous in ${this.zone}: it occurs twice (${instants.join(' and ')}) ` +
        'because clocks are set back, so export this day with UTC offsets or in UTC')
    }
    // luxon moves a time inside a spring-forward gap to the first valid time after it.
    if (dateTime.hour !== local.hour || dateTime.minute !== local.minute || dateTime.day !== local.day) {
      return reject(`${localText} does not exist in ${this.zone} because clocks skip it when ` +
        'daylight saving time starts; check the export\'s time zone')
    }
    return accept(dateTime.toSeconds())
  }
}
