// Command-line options of `npm run bench`.

import { parseArgs } from 'node:util'
import { scenarios, type BenchOptions } from './runner.js'

export interface CommandOptions extends BenchOptions {
  /** Path of the JSON report; none by default. */
  jsonPath?: string
  help: boolean
}

export function usage (): string {
  return [
    'usage: npm run bench -- [--smoke] [--runs N] [--scenario NAME]... [--json FILE]',
    '',
    '  --smoke          a few thousand rows, every scenario once, 2 s load tests',
    '  --runs N         runs of every scenario (default: 3, or 1 with --smoke)',
    `  --scenario NAME  run only this scenario; repeat or separate with commas. One of:`,
    `                   ${scenarios.map((scenario) => scenario.name).join(', ')}`,
    '  --json FILE      also write the report as JSON to FILE',
    '  --help           print this text'
  ].join('\n')
}

/** Parses the arguments; throws a TypeError with the problem for invalid ones. */
export function parseCommandLine (args: string[]): CommandOptions {
  const { values } = parseArgs({
    args,
    options: {
      smoke: { type: 'boolean', default: false },
      runs: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      json: { type: 'string' },
      help: { type: 'boolean', default: false }
    },
    strict: true,
    allowPositionals: false
  })

  let runs: number | undefined
  if (values.runs !== undefined) {
    runs = Number(values.runs)
    if (!Number.isInteger(runs) || runs < 1) {
      throw new TypeError(`invalid --runs "${values.runs}": use a whole number of at least 1`)
    }
  }
  const only = values.scenario?.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '')
  return { smoke: values.smoke, runs, only, jsonPath: values.json, help: values.help }
}
