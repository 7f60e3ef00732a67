// Static checks on the Helm chart's files, for test/packaging/helm-chart.test.ts.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDict } from './go-template/values.js'

export const chartDir = 'helm/wfm-relay'

/** Lists the chart's files, relative to chartDir. */
export function chartFiles (): string[] {
  return readdirSync(chartDir, { recursive: true, encoding: 'utf8' }).sort()
}

/** Collects every `.Values.a.b` path the templates read, without the `.Values.` prefix. */
export function templateValuePaths (): Set<string> {
  const paths = new Set<string>()
  for (const file of readdirSync(join(chartDir, 'templates'))) {
    const text = readFileSync(join(chartDir, 'templates', file), 'utf8')
    for (const match of text.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)) {
      paths.add((match[1] ?? '').slice(1))
    }
  }
  return paths
}

/** Returns whether a dotted path leads to a key, null values included, in the values map. */
export function hasValuePath (values: unknown, path: string): boolean {
  let current = values
  for (const name of path.split('.')) {
    if (!isDict(current) || !Object.hasOwn(current, name)) return false
    current = current[name]
  }
  return true
}

/**
 * Lists the dotted property paths a JSON schema allows (`wfm.maxAttempts`, `tenants.*.realm`,
 * `callers.[].name`), without descending into the paths in stopAt.
 */
export function schemaPropertyPaths (schema: unknown, stopAt: ReadonlySet<string>, prefix = ''): string[] {
  if (!isDict(schema) || stopAt.has(prefix)) return []
  const paths: string[] = []
  const join = (name: string): string => prefix === '' ? name : `${prefix}.${name}`

  if (isDict(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      paths.push(join(name), ...schemaPropertyPaths(child, stopAt, join(name)))
    }
  }
  if (isDict(schema.patternProperties)) {
    for (const child of Object.values(schema.patternProperties)) {
      paths.push(join('*'), ...schemaPropertyPaths(child, stopAt, join('*')))
    }
  }
  if (isDict(schema.items)) paths.push(...schemaPropertyPaths(schema.items, stopAt, join('[]')))
  for (const key of ['anyOf', 'oneOf']) {
    const options = schema[key]
    if (Array.isArray(options)) {
      for (const option of options) paths.push(...schemaPropertyPaths(option, stopAt, prefix))
    }
  }
  return [...new Set(paths)].sort()
}
