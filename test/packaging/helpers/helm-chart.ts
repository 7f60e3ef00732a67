// Renders a Helm chart the way `helm template` would, with the Go-template emulation in
// ./go-template: values.yaml merged with overrides, every file under templates/ parsed into one
// template set, and every file whose name does not start with `_` rendered. Values are read as
// YAML 1.1 like Helm's YAML library does (so `on` and `yes` are booleans, `0440` is octal).

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { TemplateSet } from './go-template/render.js'
import { isDict, type Dict } from './go-template/values.js'

export interface RenderOptions {
  /** Merged over values.yaml: maps merge key by key, other values replace, null removes a key. */
  values?: Dict
  releaseName?: string
  namespace?: string
}

export function readYaml11 (text: string): unknown {
  return parse(text, { version: '1.1' })
}

export function chartDefaultValues (chartDir: string): Dict {
  const values = readYaml11(readFileSync(join(chartDir, 'values.yaml'), 'utf8'))
  if (!isDict(values)) throw new Error(`${chartDir}/values.yaml is not a map`)
  return values
}

/** Returns each rendered file by its name under templates/, NOTES.txt included. */
export function renderChart (chartDir: string, options: RenderOptions = {}): Map<string, string> {
  const chart = readYaml11(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Dict
  const chartName = String(chart.name)
  const basePath = `${chartName}/templates`
  const set = new TemplateSet()
  const files = readdirSync(join(chartDir, 'templates')).sort()
  for (const file of files) set.add(`${basePath}/${file}`, readFileSync(join(chartDir, 'templates', file), 'utf8'))

  const context = {
    Values: mergeValues(chartDefaultValues(chartDir), options.values ?? {}),
    Chart: { Name: chartName, Version: chart.version, AppVersion: chart.appVersion },
    Release: {
      Name: options.releaseName ?? 'relay',
      Namespace: options.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true
    },
    Template: { BasePath: basePath }
  }

  const rendered = new Map<string, string>()
  for (const file of files.filter((name) => !name.startsWith('_'))) {
    rendered.set(file, set.execute(`${basePath}/${file}`, context))
  }
  return rendered
}

/** Helm's coalescing of user values over chart defaults. */
export function mergeValues (base: Dict, override: Dict): Dict {
  const result: Dict = structuredClone(base)
  for (const [key, value] of Object.entries(override)) {
    const current = result[key]
    if (value === null) {
      delete result[key]
    } else if (isDict(value) && isDict(current)) {
      result[key] = mergeValues(current, value)
    } else {
      result[key] = structuredClone(value)
    }
  }
  return result
}
