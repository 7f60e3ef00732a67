// Compares the Go-template emulation with a real Helm binary, when one is available: set HELM_BIN
// or put helm on PATH. CI has none, so there this file only reports that it was skipped.

import t from 'tap'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { chartDir } from './helpers/chart-checks.js'
import { readYaml11, renderChart } from './helpers/helm-chart.js'

const helm = findHelm()
const valuesFiles = ['', 'ci/tenants-values.yaml', 'ci/autoscaling-values.yaml']

function findHelm (): string | undefined {
  const candidate = process.env.HELM_BIN ?? 'helm'
  const probe = spawnSync(candidate, ['version', '--short'], { encoding: 'utf8' })
  return probe.status === 0 ? candidate : undefined
}

/** Runs helm template and returns each manifest's text by its file name under templates/. */
function helmTemplate (chart: string, valuesFile: string): Map<string, string> {
  const args = ['template', 'relay', chart, ...(valuesFile === '' ? [] : ['-f', join(chartDir, valuesFile)])]
  const output = execFileSync(helm ?? 'helm', args, { encoding: 'utf8' })
  const files = new Map<string, string>()
  for (const part of output.split(/^---\n/m)) {
    const header = /^# Source: [^/]+\/templates\/(\S+)\n/.exec(part)
    if (header?.[1] !== undefined) files.set(header[1], part.slice(header[0].length).trim())
  }
  return files
}

function emulatedValues (valuesFile: string): Record<string, unknown> {
  return valuesFile === '' ? {} : readYaml11(readFileSync(join(chartDir, valuesFile), 'utf8')) as Record<string, unknown>
}

t.test('helm emulation matches helm', { skip: helm === undefined && 'no helm binary: set HELM_BIN' }, async (t) => {
  t.comment(`helm ${execFileSync(helm ?? 'helm', ['version', '--short'], { encoding: 'utf8' }).trim()}`)
  for (const valuesFile of valuesFiles) {
    const expected = helmTemplate(chartDir, valuesFile)
    const actual = renderChart(chartDir, { values: emulatedValues(valuesFile) })
    for (const [file, text] of actual) {
      if (file === 'NOTES.txt') continue
      t.equal(text.trim(), expected.get(file) ?? '', `${file} with ${valuesFile || 'values.yaml'}`)
    }
  }
})

t.test('helm emulation notes match helm', { skip: helm === undefined && 'no helm binary: set HELM_BIN' }, async (t) => {
  // helm template leaves NOTES.txt out, so a copy of the chart gets a manifest that includes it.
  const copy = join(t.testdir(), 'wfm-relay')
  cpSync(chartDir, copy, { recursive: true })
  writeFileSync(join(copy, 'templates', 'notes-as-yaml.yaml'),
    'notes: {{ include (print $.Template.BasePath "/NOTES.txt") . | toJson }}\n')

  for (const valuesFile of valuesFiles) {
    const expected = parse(helmTemplate(copy, valuesFile).get('notes-as-yaml.yaml') ?? '').notes
    const actual = renderChart(chartDir, { values: emulatedValues(valuesFile) }).get('NOTES.txt')
    t.equal(actual, expected, valuesFile || 'values.yaml')
  }
})

t.test('helm lint passes', { skip: helm === undefined && 'no helm binary: set HELM_BIN' }, async (t) => {
  for (const valuesFile of valuesFiles) {
    const args = ['lint', chartDir, '--strict', ...(valuesFile === '' ? [] : ['-f', join(chartDir, valuesFile)])]
    const result = spawnSync(helm ?? 'helm', args, { encoding: 'utf8' })
    t.equal(result.status, 0, `${valuesFile || 'values.yaml'}: ${result.stdout}${result.stderr}`)
  }
})
