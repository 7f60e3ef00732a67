// Profiles map an ACD export's columns to interval rows. They are checked once when the config
// is loaded, so that a bad format or time zone fails at start instead of on every row.

import { Value } from '@sinclair/typebox/value'
import { ProfileConfig } from '../config/schema.js'
import { normalizeColumnName } from './csv-layout.js'
import { compileLocalFormat, isKnownTimeZone, ZoneResolver, type FormatKind, type LocalFormat } from './local-time.js'
import type { NumberOptions } from './numbers.js'

export type TimeColumns =
  | { kind: 'timestamp', column: string, format?: LocalFormat }
  | { kind: 'date-time', dateColumn: string, dateFormat: LocalFormat, timeColumn: string, timeFormat: LocalFormat }

/** A checked profile with its formats compiled. */
export interface CompiledProfile {
  name: string
  config: ProfileConfig
  delimiter: string
  numbers: NumberOptions
  time: TimeColumns
  /** Present when the profile sets timeZone. */
  zone?: ZoneResolver
}

/**
 * Checks a profile beyond its schema: the time columns and their formats, the time zone, the
 * delimiter and the filters. Throws an Error whose message starts with the key at fault,
 * such as `profiles.hihix.timeZone`.
 */
export function validateProfile (name: string, profile: ProfileConfig): void {
  compileProfile(name, profile)
}

/** Checks a profile as validateProfile does, and returns it ready for reading rows. */
export function compileProfile (name: string, profile: ProfileConfig): CompiledProfile {
  const key = (path: string): string => `profiles.${name}.${path}`
  checkSchema(profile, key)

  const delimiter = profile.delimiter ?? ','
  if (delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new Error(`${key('delimiter')}: ${JSON.stringify(delimiter)} cannot separate fields, ` +
      'because it is the quote or a line break; use the export\'s delimiter, such as "," or ";"')
  }

  const time = compileTimeColumns(profile, key)
  const needsZone = time.kind === 'date-time' || time.format !== undefined
  if (profile.timeZone !== undefined && !isKnownTimeZone(profile.timeZone)) {
    throw new Error(`${key('timeZone')}: "${profile.timeZone}" is not a known IANA time zone; ` +
      'use a name such as Europe/Berlin or Pacific/Honolulu')
  }
  if (needsZone && profile.timeZone === undefined) {
    throw new Error(`${key('timeZone')} is missing: the time columns hold local times without ` +
      'an offset, so the profile must name their IANA time zone, such as America/New_York')
  }

  checkDistinctColumns(profile, key)
  checkFilters(profile, key)

  return {
    name,
    config: profile,
    delimiter,
    numbers: { decimalComma: profile.decimalComma, emptyNumbersAreZero: profile.emptyNumbersAreZero },
    time,
    zone: profile.timeZone === undefined ? undefined : new ZoneResolver(profile.timeZone)
  }
}

function checkSchema (profile: ProfileConfig, key: (path: string) => string): void {
  const first = Value.Errors(ProfileConfig, profile).First()
  if (first !== undefined) {
    const path = first.path.slice(1).replaceAll('/', '.')
    throw new Error(`${key(path)}: ${first.message}`)
  }
}

function compileTimeColumns (profile: ProfileConfig, key: (path: string) => string): TimeColumns {
  const { timestamp, date, time } = profile.columns
  if (timestamp !== undefined && (date !== undefined || time !== undefined)) {
    throw new Error(`${key('columns')}: set either timestamp, or date and time, not both`)
  }
  if (timestamp !== undefined) {
    const format = timestamp.format === undefined
      ? undefined
      : compileFormat(timestamp.format, 'timestamp', key('columns.timestamp.format'))
    return { kind: 'timestamp', column: timestamp.column, format }
  }
  if (date === undefined || time === undefined) {
    throw new Error(`${key('columns')}: the interval start needs a timestamp column, or both a ` +
      'date and a time column')
  }
  return {
    kind: 'date-time',
    dateColumn: date.column,
    dateFormat: compileRequiredFormat(date.format, 'date', key('columns.date.format'), 'M/D/YYYY'),
    timeColumn: time.column,
    timeFormat: compileRequiredFormat(time.format, 'time', key('columns.time.format'), 'H:mm:ss')
  }
}

function compileRequiredFormat (
  format: string | undefined,
  kind: FormatKind,
  key: string,
  example: string
): LocalFormat {
  if (format === undefined) {
    throw new Error(`${key} is missing: give the layout of the ${kind} column, such as ${example}`)
  }
  return compileFormat(format, kind, key)
}

function compileFormat (format: string, kind: FormatKind, key: string): LocalFormat {
  try {
    return compileLocalFormat(format, kind)
  } catch (error) {
    throw new Error(`${key}: ${(error as Error).message}`)
  }
}

function checkDistinctColumns (profile: ProfileConfig, key: (path: string) => string): void {
  const { queue, offered, aht, timestamp, date, time } = profile.columns
  const mapped: Array<[string, string | undefined]> = [
    ['queue', queue], ['offered', offered], ['aht', aht],
    ['timestamp.column', timestamp?.column], ['date.column', date?.column], ['time.column', time?.column]
  ]
  const seen = new Map<string, string>()
  for (const [path, column] of mapped) {
    if (column === undefined) {
      continue
    }
    const earlier = seen.get(normalizeColumnName(column))
    if (earlier !== undefined) {
      throw new Error(`${key(`columns.${path}`)}: column "${column}" is already mapped by ` +
        `columns.${earlier}; each value needs its own column`)
    }
    seen.set(normalizeColumnName(column), path)
  }
}

function checkFilters (profile: ProfileConfig, key: (path: string) => string): void {
  for (const [column, values] of Object.entries(profile.include ?? {})) {
    if (values.length === 0) {
      throw new Error(`${key(`include.${column}`)} lists no values, so every row would be dropped; ` +
        'list the values to keep, or remove the filter')
    }
  }
}
