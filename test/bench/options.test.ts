import t from 'tap'
import { parseCommandLine } from '../../bench/lib/options.js'

t.test('options defaults', async (t) => {
  const options = parseCommandLine([])
  t.equal(options.relayNodeFlags, undefined)
  t.equal(options.jobsPerTenant, undefined)
  t.equal(options.runs, undefined)
  t.equal(options.smoke, false)
})

t.test('options relay node flags', async (t) => {
  const cases: Array<[args: string[], flags: string[]]> = [
    [
      ['--relay-node-flags', '--max-old-space-size=128 --max-semi-space-size=2'],
      ['--max-old-space-size=128', '--max-semi-space-size=2']
    ],
    [['--relay-node-flags', '  --max-old-space-size=128  '], ['--max-old-space-size=128']],
    [['--relay-node-flags=--expose-gc'], ['--expose-gc']],
    [['--relay-node-flags', ''], []],
    [['--relay-node-flags', ' '], []]
  ]
  for (const [args, flags] of cases) t.same(parseCommandLine(args).relayNodeFlags, flags, JSON.stringify(args))
})

t.test('options relay node flags next option', async (t) => {
  const options = parseCommandLine(['--relay-node-flags', '', '--smoke'])
  t.same(options.relayNodeFlags, [])
  t.equal(options.smoke, true)
})

t.test('options relay node flags invalid', async (t) => {
  t.throws(() => parseCommandLine(['--relay-node-flags', '--max-old-space-size 128']), {
    name: 'TypeError',
    message: 'invalid --relay-node-flags "--max-old-space-size 128": "128" is not a flag. ' +
      'Write each flag with its value joined by "=", such as --max-old-space-size=256'
  })
  t.throws(() => parseCommandLine(['--relay-node-flags']), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' })
})

t.test('options jobs per tenant', async (t) => {
  t.equal(parseCommandLine(['--jobs-per-tenant', '4']).jobsPerTenant, 4)
  t.equal(parseCommandLine(['--jobs-per-tenant', '256']).jobsPerTenant, 256)
  for (const value of ['0', '257', '1.5', 'two', '']) {
    t.throws(() => parseCommandLine(['--jobs-per-tenant', value]), {
      name: 'TypeError',
      message: `invalid --jobs-per-tenant "${value}": use a whole number from 1 to 256`
    }, value)
  }
})

t.test('options runs invalid', async (t) => {
  t.throws(() => parseCommandLine(['--runs', '0']), {
    name: 'TypeError',
    message: 'invalid --runs "0": use a whole number of at least 1'
  })
})
