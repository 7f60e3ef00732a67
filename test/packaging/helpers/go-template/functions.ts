// The Go template built-ins and Sprig/Helm functions that the chart uses, each with the
// argument order and result of the original. Any other function name throws at render time.

import { createHash } from 'node:crypto'
import { stringify } from 'yaml'
import { formatValue, isDict, isEmpty, isTrue, type Dict } from './values.js'

export type TemplateFunction = (...args: unknown[]) => unknown

export interface FunctionContext {
  include: (name: string, data: unknown) => string
}

export function templateFunctions (context: FunctionContext): Record<string, TemplateFunction> {
  return {
    include: (name, data) => context.include(String(name), data),
    fail: (message) => { throw new Error(`fail: ${formatValue(message)}`) },

    not: (value) => !isTrue(value),
    eq: (first, ...others) => others.some((other) => compare(first, other) === 0),
    ne: (first, second) => compare(first, second) !== 0,
    gt: (first, second) => compare(first, second) > 0,
    ge: (first, second) => compare(first, second) >= 0,
    lt: (first, second) => compare(first, second) < 0,
    le: (first, second) => compare(first, second) <= 0,

    default: (fallback, ...given) => given.length === 0 || isEmpty(given[0]) ? fallback : given[0],
    len: (value) => BigInt(lengthOf(value)),
    int: toInt,
    toString: formatValue,

    print: (...args) => goPrint(args),
    printf: (format, ...args) => goPrintf(String(format), args),
    quote: (...args) => args.filter((arg) => arg !== null && arg !== undefined)
      .map((arg) => JSON.stringify(formatValue(arg))).join(' '),
    trunc: (count, text) => truncate(String(text), Number(count)),
    trimSuffix: (suffix, text) => String(text).endsWith(String(suffix)) && String(suffix) !== ''
      ? String(text).slice(0, -String(suffix).length)
      : String(text),
    contains: (part, text) => String(text).includes(String(part)),
    replace: (old, replacement, text) => String(text).replaceAll(String(old), String(replacement)),
    nindent: (count, text) => `\n${indent(Number(count), String(text))}`,
    indent: (count, text) => indent(Number(count), String(text)),
    join: (separator, list) => asList(list).map(formatValue).join(String(separator)),
    sortAlpha: (list) => asList(list).map(formatValue).sort(),
    b64enc: (text) => Buffer.from(String(text), 'utf8').toString('base64'),
    sha256sum: (text) => createHash('sha256').update(String(text), 'utf8').digest('hex'),

    dict: (...pairs) => makeDict(pairs),
    // Sprig's deepCopy; values hold only maps, lists and scalars, which structuredClone copies.
    deepCopy: (value) => structuredClone(value),
    set: (dict, key, value) => { asDict(dict)[String(key)] = value; return dict },
    omit: (dict, ...keys) => omit(asDict(dict), keys.map(String)),
    // Go passes nil to a map parameter as an empty map, so these two accept nil.
    hasKey: (dict, key) => isDict(dict) && Object.hasOwn(dict, String(key)),
    keys: (...dicts) => dicts.flatMap((dict) => isDict(dict) ? Object.keys(dict) : []),
    has: (needle, haystack) => haystack !== null && haystack !== undefined &&
      asList(haystack).some((item) => compare(item, needle) === 0),
    toYaml
  }
}

/** Helm's toYaml: sigs.k8s.io/yaml output (sorted keys, YAML 1.1 quoting) without the last newline. */
export function toYaml (value: unknown): string {
  const text = stringify(value ?? null, {
    sortMapEntries: true, indentSeq: false, lineWidth: 0, singleQuote: true, version: '1.1'
  })
  return text.replace(/\n$/, '')
}

function compare (first: unknown, second: unknown): number {
  const kinds = [typeof first, typeof second]
  if (kinds[0] !== kinds[1] || !['string', 'number', 'bigint', 'boolean'].includes(kinds[0] ?? '')) {
    throw new Error(`incompatible types for comparison: ${kinds.join(' and ')}`)
  }
  const [a, b] = [first as string | number | bigint, second as string | number | bigint]
  if (a < b) return -1
  if (a > b) return 1
  return 0
}

function toInt (value: unknown): bigint {
  if (value === null || value === undefined) return 0n
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return BigInt(Math.trunc(value))
  if (typeof value === 'boolean') return value ? 1n : 0n
  const parsed = Number(String(value))
  return Number.isInteger(parsed) ? BigInt(parsed) : 0n
}

function lengthOf (value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length
  if (isDict(value)) return Object.keys(value).length
  throw new Error(`len of ${value === null || value === undefined ? 'nil' : typeof value}`)
}

function truncate (text: string, count: number): string {
  if (count < 0 && text.length > -count) return text.slice(text.length + count)
  if (count >= 0 && text.length > count) return text.slice(0, count)
  return text
}

function indent (count: number, text: string): string {
  const pad = ' '.repeat(count)
  return pad + text.replaceAll('\n', `\n${pad}`)
}

/** Go's fmt.Sprint: a space between two operands when neither is a string. */
function goPrint (args: unknown[]): string {
  let output = ''
  args.forEach((arg, index) => {
    const previous = args[index - 1]
    if (index > 0 && typeof arg !== 'string' && typeof previous !== 'string') output += ' '
    output += formatValue(arg)
  })
  return output
}

function goPrintf (format: string, args: unknown[]): string {
  let index = 0
  return format.replace(/%([sdvq%])/g, (_match, verb: string) => {
    if (verb === '%') return '%'
    const arg = args[index++]
    if (verb === 'q') return JSON.stringify(formatValue(arg))
    if (verb === 'd' && typeof arg !== 'bigint') return `%!d(${typeof arg}=${formatValue(arg)})`
    return formatValue(arg)
  })
}

function makeDict (pairs: unknown[]): Dict {
  const dict: Dict = {}
  for (let index = 0; index < pairs.length; index += 2) {
    dict[formatValue(pairs[index])] = index + 1 < pairs.length ? pairs[index + 1] : ''
  }
  return dict
}

function omit (dict: Dict, keys: string[]): Dict {
  const result: Dict = {}
  for (const [key, value] of Object.entries(dict)) {
    if (!keys.includes(key)) result[key] = value
  }
  return result
}

function asDict (value: unknown): Dict {
  if (!isDict(value)) throw new Error(`expected a map, got ${value === null ? 'nil' : typeof value}`)
  return value
}

function asList (value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${value === null ? 'nil' : typeof value}`)
  return value
}
