import t from 'tap'
import { stringify } from 'yaml'
import { parseConfigText } from '../../src/config/load.js'

const digestA = 'a'.repeat(64)
const digestB = 'b'.repeat(64)
const digestC = 'c'.repeat(64)

function configWithCaller (caller: Record<string, unknown>): string {
  return stringify({
    wfm: {
      tokenUrlTemplate: 'https://sso.example.com/auth/realms/{realm}/protocol/openid-connect/token',
      pushUrlTemplate: 'https://{tenant}.example.com/_rest/forecasting/historical-data/historical-data-push'
    },
    tenants: { acme: { clientId: 'relay', clientSecret: { env: 'ACME_SECRET' } } },
    callers: [{ name: 'etl', tenants: ['acme'], ...caller }]
  })
}

/** Returns the hex digests of the first caller after resolving the config. */
function callerDigests (caller: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string[] {
  const runtime = parseConfigText(configWithCaller(caller), 'test', { ACME_SECRET: 's', ...env })
  return (runtime.callers[0]?.keyDigests ?? []).map((digest) => digest.toString('hex'))
}

/** Returns the message of the ConfigError that resolving the caller throws. */
function configError (caller: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string {
  try {
    callerDigests(caller, env)
  } catch (error) {
    if ((error as Error).name === 'ConfigError') return (error as Error).message
    throw error
  }
  throw new Error('the config was accepted')
}

t.test('caller keys from a file', async (t) => {
  const text = `# etl keys\n\n${digestA}\n  ${digestB}  # new key, since March\r\n\n`
  const dir = t.testdir({ 'key-sha256': text })
  t.same(callerDigests({ keySha256From: { file: `${dir}/key-sha256` } }), [digestA, digestB])
})

t.test('caller keys from an environment variable', async (t) => {
  const env = { ETL_KEY_SHA256: `${digestA}\n${digestB}\n` }
  t.same(callerDigests({ keySha256From: { env: 'ETL_KEY_SHA256' } }, env), [digestA, digestB])
})

t.test('caller keys inline and from a file merged', async (t) => {
  const dir = t.testdir({ 'key-sha256': `${digestB}\n${digestC}\n` })
  const caller = { keySha256: [digestA, digestB], keySha256From: { file: `${dir}/key-sha256` } }
  t.same(callerDigests(caller), [digestA, digestB, digestC], 'inline first, a repeated digest once')
})

t.test('caller keys bad line named', async (t) => {
  const dir = t.testdir({ 'key-sha256': `# keys\n\n${digestA}\nmy-api-key-in-clear\n` })
  const caller = { keySha256From: { file: `${dir}/key-sha256` } }
  t.equal(configError(caller),
    'callers.0.keySha256From: line 4 is not a hex SHA-256 digest (64 characters 0-9a-f); ' +
    'write only the digest, e.g. the first field of the sha256sum output')

  const env = { ETL_KEY_SHA256: `${digestA.toUpperCase()}\n` }
  t.match(configError({ keySha256From: { env: 'ETL_KEY_SHA256' } }, env),
    /^callers\.0\.keySha256From: line 1 is not a hex SHA-256 digest/, 'upper-case hex')

  const sha256sumOutput = { ETL_KEY_SHA256: `${digestA}  -\n` }
  t.match(configError({ keySha256From: { env: 'ETL_KEY_SHA256' } }, sha256sumOutput),
    /^callers\.0\.keySha256From: line 1 is not/, 'sha256sum output with its file name')
})

t.test('caller keys neither given rejected', async (t) => {
  t.equal(configError({}),
    'callers.0: caller "etl" has no key digests; set keySha256 to a list of digests, ' +
    'keySha256From to a file or environment variable with one digest a line, or both')
})

t.test('caller keys empty source rejected', async (t) => {
  const dir = t.testdir({ empty: '', comments: '# no keys yet\n\n' })
  for (const name of ['empty', 'comments']) {
    const caller = { keySha256: [digestA], keySha256From: { file: `${dir}/${name}` } }
    t.equal(configError(caller),
      `callers.0.keySha256From: file ${dir}/${name} contains no key digest; ` +
      'write one hex SHA-256 digest a line', name)
  }
})

t.test('caller keys source missing', async (t) => {
  t.equal(configError({ keySha256From: { file: '/nonexistent/key-sha256' } }),
    'callers.0.keySha256From: cannot read secret file /nonexistent/key-sha256 (ENOENT)')
  t.equal(configError({ keySha256From: { env: 'NOPE' } }),
    'callers.0.keySha256From: environment variable NOPE is not set')
})

t.test('caller keys schema errors', async (t) => {
  t.match(configError({ keySha256: [] }), /^invalid config: callers\.0\.keySha256: /, 'empty inline list')
  t.match(configError({ keySha256From: { path: '/x' } }), /^invalid config: callers\.0\.keySha256From: /,
    'unknown reference')
})
