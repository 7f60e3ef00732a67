// The CSV layout of a profile: named columns of an ACD export, filters on cell values, local
// times in the profile's time zone, and the profile's number options.

import type { LocalDateTime } from './calendar.js'
import {
  duplicateColumnError, HeaderError, indexHeader, normalizeColumnName, raggedRecord, trimCell,
  type CsvLayout
} from './csv-layout.js'
import { accept, quoteValue, reject, type FieldResult } from './field-result.js'
import { completeLocalDateTime, matchLocalFormat, type LocalFormat } from './local-time.js'
import { parseAht, parseOffered } from './numbers.js'
import type { CompiledProfile } from './profile-check.js'
import { createQueueReader } from './queue.js'
import { buildOutcome, type ReadValue } from './record-outcome.js'
import { checkIntervalStart, parseIsoTimestamp } from './timestamps.js'

interface CellFilter {
  position: number
  values: Set<string>
}

type ReadTime = (fields: string[]) => ReadValue<number>

/** Finds the profile's columns in the header; throws HeaderError for a missing or repeated one. */
export function createProfileLayout (profile: CompiledProfile, header: string[], intervalSeconds: number): CsvLayout {
  const index = indexHeader(header)
  const find = (path: string, column: string): number => findColumn(profile.name, index, path, column)
  const { columns, include, exclude } = profile.config
  const queue = find('columns.queue', columns.queue)
  const offered = find('columns.offered', columns.offered)
  const aht = find('columns.aht', columns.aht)
  const readTime = createTimeReader(profile, find, intervalSeconds)
  const includes = toFilters(include, 'include', find)
  const excludes = toFilters(exclude, 'exclude', find)
  const headerLength = header.length
  const readQueue = createQueueReader()

  return {
    readRecord (fields) {
      if (fields.length !== headerLength) {
        return raggedRecord(fields.length, headerLength)
      }
      const dropped = includes.some((filter) => !filter.values.has(fields[filter.position] ?? '')) ||
        excludes.some((filter) => filter.values.has(fields[filter.position] ?? ''))
      if (dropped) {
        return { kind: 'skipped' }
      }

      const cell = (position: number): string => fields[position] ?? ''
      return buildOutcome(
        readTime(fields),
        { field: columns.queue, text: cell(queue), result: readQueue(cell(queue)) },
        { field: columns.offered, text: cell(offered), result: parseOffered(trimCell(cell(offered)), profile.numbers) },
        { field: columns.aht, text: cell(aht), result: parseAht(trimCell(cell(aht)), profile.numbers) }
      )
    }
  }
}

function findColumn (profileName: string, index: Map<string, number[]>, path: string, column: string): number {
  const positions = index.get(normalizeColumnName(column))
  if (positions === undefined) {
    throw new HeaderError('WFM_RELAY_MISSING_COLUMN', column,
      `the header has no column "${column}", which profile "${profileName}" needs for ${path}; ` +
      'check that the file is an export of the kind the profile describes')
  }
  if (positions.length > 1) {
    throw duplicateColumnError(column, positions)
  }
  return positions[0] ?? 0
}

function toFilters (
  filters: Record<string, string[]> | undefined,
  path: string,
  find: (path: string, column: string) => number
): CellFilter[] {
  return Object.entries(filters ?? {}).map(([column, values]) => ({
    position: find(`${path}.${column}`, column),
    values: new Set(values)
  }))
}

function createTimeReader (
  profile: CompiledProfile,
  find: (path: string, column: string) => number,
  intervalSeconds: number
): ReadTime {
  const time = profile.time
  const finish = (result: FieldResult<number>, text: string): FieldResult<number> =>
    result.ok ? checkIntervalStart(result.value, intervalSeconds, text) : result

  if (time.kind === 'timestamp') {
    const position = find('columns.timestamp.column', time.column)
    const format = time.format
    return (fields) => {
      const text = fields[position] ?? ''
      const trimmed = trimCell(text)
      const result = format === undefined
        ? readIsoTimestamp(profile, trimmed)
        : readLocalTimestamp(profile, format, trimmed)
      return { field: time.column, text, result: finish(result, trimmed) }
    }
  }

  const datePosition = find('columns.date.column', time.dateColumn)
  const timePosition = find('columns.time.column', time.timeColumn)
  return (fields) => {
    const dateText = trimCell(fields[datePosition] ?? '')
    const timeText = trimCell(fields[timePosition] ?? '')
    const date = matchLocalFormat(time.dateFormat, dateText)
    if (date === undefined) {
      return { field: time.dateColumn, text: fields[datePosition], result: formatMismatch(dateText, time.dateFormat) }
    }
    const clock = matchLocalFormat(time.timeFormat, timeText)
    if (clock === undefined) {
      return { field: time.timeColumn, text: fields[timePosition], result: formatMismatch(timeText, time.timeFormat) }
    }
    const text = `${dateText} ${timeText}`
    const result = finish(resolveLocal(profile, { ...date, ...clock }, text), text)
    return { field: time.timeColumn, text, result }
  }
}

function readIsoTimestamp (profile: CompiledProfile, text: string): FieldResult<number> {
  const parsed = parseIsoTimestamp(text)
  if (!parsed.ok) {
    return parsed
  }
  if (parsed.value.kind === 'instant') {
    return accept(parsed.value.epochSeconds)
  }
  if (profile.zone === undefined) {
    return reject(`${quoteValue(text)} has no UTC offset; append Z or an offset such as +01:00, ` +
      `or set timeZone in profile "${profile.name}"`)
  }
  return profile.zone.toEpochSeconds(parsed.value.local)
}

function readLocalTimestamp (profile: CompiledProfile, format: LocalFormat, text: string): FieldResult<number> {
  const parts = matchLocalFormat(format, text)
  if (parts === undefined) {
    return formatMismatch(text, format)
  }
  return resolveLocal(profile, parts, text)
}

function resolveLocal (profile: CompiledProfile, parts: Partial<LocalDateTime>, text: string): FieldResult<number> {
  const local = completeLocalDateTime(parts)
  if (!local.ok) {
    return reject(`${quoteValue(text)} is not a valid date and time: ${local.message}`)
  }
  // compileProfile guarantees a zone whenever a format gives local times.
  if (profile.zone === undefined) {
    return reject(`profile "${profile.name}" has no timeZone for the local time ${quoteValue(text)}`)
  }
  return profile.zone.toEpochSeconds(local.value)
}

function formatMismatch (text: string, format: LocalFormat): FieldResult<number> {
  return reject(`${quoteValue(text)} does not match the format "${format.format}"; ` +
    'fix the value, or the format in the profile if the export changed')
}
