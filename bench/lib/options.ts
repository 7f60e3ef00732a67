// Command-line options of `npm run bench`.

import { parseArgs } from 'node:util'
import { defaultJobsPerTenant, jobsPerTenantRange } from './relay-settings.js'
import { scenarios, type BenchOptions } from './runner.js'

export interface CommandOptions extends BenchOptions {
  /** Path of the JSON report; none by default. */
  jsonPath?: string
  help: boolean
}

export function usage (): string {
  return [
    'usage: npm run bench -- [--smoke] [--runs N] [--scenario NAME]... [--json FILE]',
    '                        [--relay-node-flags "FLAGS"] [--jobs-per-tenant N]',
    '',
    '  --smoke                   a few thousand rows, every scenario once, 2 s load tests',
    '  --runs N                  runs of every scenario (default: 3, or 1 with --smoke)',
    '  --scenario NAME           run only this scenario; repeat or separate with commas. One of:',
    `                            ${scenarios.map((scenario) => scenario.name).join(', ')}`,
    '  --json FILE               also write the report as JSON to FILE',
    '  --relay-node-flags FLAGS  Node flags of the relay processes, separated by spaces, without',
    '                            quoting (default: those of the Dockerfile\'s CMD; "" for none)',
    '  --jobs-per-tenant N       the relay\'s jobs.maxConcurrentJobsPerTenant, ' +
      `${jobsPerTenantRange.min} to ${jobsPerTenantRange.max}`,
    `                            (default: the relay's default, ${defaultJobsPerTenant})`,
    '  --help                    print this text'
  ].join('\n')
}

/** Parses the arguments; throws a TypeError with the problem for invalid ones. */
export function parseCommandLine (args: string[]): CommandOptions {
  const { values } = parseArgs({
    args: joinFlagValues(args),
    options: {
      smoke: { type: 'boolean', default: false },
      runs: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      json: { type: 'string' },
      'relay-node-flags': { type: 'string' },
      'jobs-per-tenant': { type: 'string' },
      help: { type: 'boolean', default: false }
    },
    strict: true,
    allowPositionals: false
  })

  const only = values.scenario?.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '')
  return {
    smoke: values.smoke,
    runs: parseWholeNumber('--runs', values.runs, 1, Infinity),
    only,
    jsonPath: values.json,
    relayNodeFlags: parseNodeFlags(values['relay-node-flags']),
    jobsPerTenant: parseWholeNumber('--jobs-per-tenant', values['jobs-per-tenant'],
      jobsPerTenantRange.min, jobsPerTenantRange.max),
    help: values.help
  }
}

/**
 * Rewrites `--relay-node-flags --x` as `--relay-node-flags=--x`, because parseArgs rejects a
 * separate option value that starts with a dash as ambiguous.
 */
function joinFlagValues (args: string[]): string[] {
  const joined: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? ''
    const next = args[index + 1]
    if (arg === '--relay-node-flags' && next !== undefined) {
      joined.push(`${arg}=${next}`)
      index++
    } else {
      joined.push(arg)
    }
  }
  return joined
}

function parseWholeNumber (option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) {
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`
    throw new TypeError(`invalid ${option} "${value}": use a whole number ${range}`)
  }
  return number
}

/** Splits the flags at whitespace. An empty or blank value means no flags. */
function parseNodeFlags (value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const flags = value.split(/\s+/).filter((flag) => flag !== '')
  const invalid = flags.find((flag) => !flag.startsWith('-'))
  if (invalid !== undefined) {
    throw new TypeError(`invalid --relay-node-flags "${value}": "${invalid}" is not a flag. ` +
      'Write each flag with its value joined by "=", such as --max-old-space-size=256')
  }
  return flags
}
