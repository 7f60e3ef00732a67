import t from 'tap'
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { buildApp } from '../../src/app.js'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { loadConfigFile } from '../../src/config/load.js'
import { ConfigReloader } from '../../src/config/reloader.js'
import { createLogger } from '../../src/logging.js'

/**
 * Writes a new version of a Secret volume the way the kubelet does: the files go into a fresh
 * folder, then a `..data` symlink is swapped to it, and `key-sha256` points through `..data`.
 */
function writeSecretVolume (volume: string, version: number, digestText: string): void {
  const folder = `..version-${version}`
  mkdirSync(join(volume, folder))
  writeFileSync(join(volume, folder, 'key-sha256'), digestText)
  symlinkSync(folder, join(volume, '..data_tmp'))
  renameSync(join(volume, '..data_tmp'), join(volume, '..data'))
  if (version === 1) symlinkSync('..data/key-sha256', join(volume, 'key-sha256'))
}

t.test('caller key file change reloads callers', async (t) => {
  const dir = t.testdir({ callers: { etl: {} } })
  const volume = join(dir, 'callers', 'etl')
  writeSecretVolume(volume, 1, `${sha256Hex('key-1')}\n`)

  // The WFM is never contacted: listing imports reads only the local job store.
  const configPath = join(dir, 'config.yaml')
  writeFileSync(configPath, stringify({
    dataDir: join(dir, 'data'),
    wfm: {
      tokenUrlTemplate: 'http://127.0.0.1:9/auth/realms/{realm}/protocol/openid-connect/token',
      pushUrlTemplate: 'http://127.0.0.1:9/{tenant}/historical-data-push'
    },
    tenants: { acme: { clientId: 'relay', clientSecret: { env: 'ACME_SECRET' } } },
    callers: [{ name: 'etl', keySha256From: { file: join(volume, 'key-sha256') }, tenants: ['acme'] }]
  }))

  const env = { ACME_SECRET: 's3cret' }
  const logLines: string[] = []
  const logger = createLogger('info', { write: (line: string) => { logLines.push(line) } })
  const app = await buildApp({ runtime: await loadConfigFile(configPath, env), logger })
  t.teardown(async () => { await app.close() })
  const reloader = new ConfigReloader({ configPath, env, logger, apply: (next) => app.relay.applyRuntime(next) })
  reloader.watch(app.relay.runtime)
  t.teardown(() => { reloader.close() })

  const listImports = async (key: string): Promise<number> => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/tenants/acme/imports',
      headers: { authorization: `Bearer ${key}` }
    })
    return response.statusCode
  }

  t.equal(await listImports('key-1'), 200, 'the key from the file is accepted')
  t.equal(await listImports('key-2'), 401, 'the next key is not accepted yet')

  const before = app.relay.runtime
  writeSecretVolume(volume, 2, `# rotated\n${sha256Hex('key-2')}\n`)
  for (let waited = 0; app.relay.runtime === before && waited < 5_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  t.not(app.relay.runtime, before, 'the Secret update reloads the config')
  t.equal(await listImports('key-2'), 200, 'the new key is accepted')
  t.equal(await listImports('key-1'), 401, 'the old key is rejected')

  reloader.close()
  writeSecretVolume(volume, 3, 'not-a-digest\n')
  const current = app.relay.runtime
  t.equal(await reloader.reload('test'), false, 'a bad digest file is not applied')
  t.equal(app.relay.runtime, current)
  t.equal(await listImports('key-2'), 200, 'the keys in force stay')
  const failure = logLines.find((line) => line.includes('config reload failed')) ?? ''
  t.match(failure, /callers\.0\.keySha256From: line 1 is not a hex SHA-256 digest/)
  t.notMatch(failure, /not-a-digest/, 'the bad line is not logged')
})
