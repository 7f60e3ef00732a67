// Helm values as Go templates receive them. Maps are plain objects. YAML numbers are float64
// (JS numbers), because Helm decodes values through JSON. Go `int` values (integer literals in
// a template, results of `int` and `len`) are bigints, so a comparison of an int with a float
// fails here as it fails in Helm.

export type Dict = Record<string, unknown>

export function isDict (value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Go template truth: false, 0, nil and empty strings, lists and maps are false. */
export function isTrue (value: unknown): boolean {
  if (value === null || value === undefined) return false
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'bigint') return value !== 0n
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0
  if (isDict(value)) return Object.keys(value).length > 0
  return true
}

/** Formats a value like Go's fmt.Sprint, with nil as Helm prints it (empty). */
export function formatValue (value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return formatFloat(value)
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`
  if (isDict(value)) {
    const entries = Object.keys(value).sort().map((key) => `${key}:${formatValue(value[key])}`)
    return `map[${entries.join(' ')}]`
  }
  throw new Error(`cannot format a ${typeof value}`)
}

/**
 * Formats a float64 like Go's %v: the shortest representation, switching to an exponent from
 * 1e+06 up and below 1e-04. This is why Helm prints `{{ 1000000 }}` from values as `1e+06`.
 */
export function formatFloat (value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf'
  const magnitude = Math.abs(value)
  if (magnitude === 0 || (magnitude >= 1e-4 && magnitude < 1e6)) return String(value)

  const [mantissa, exponent] = value.toExponential().split('e')
  const sign = exponent?.startsWith('-') === true ? '-' : '+'
  const digits = (exponent ?? '0').replace(/^[+-]/, '').padStart(2, '0')
  return `${mantissa ?? ''}e${sign}${digits}`
}

/** Sprig's empty: nil, false, 0 and empty strings, lists and maps. */
export function isEmpty (value: unknown): boolean {
  return !isTrue(value)
}

/** Reads a field of a map, as Go templates do: nil for a missing key, an error on nil. */
export function readField (value: unknown, name: string): unknown {
  if (value === null || value === undefined) {
    throw new Error(`nil pointer evaluating interface {}.${name}`)
  }
  if (!isDict(value)) throw new Error(`can't evaluate field ${name} in type ${typeof value}`)
  return Object.hasOwn(value, name) ? value[name] : null
}
