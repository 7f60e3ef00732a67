import t from 'tap'
import { writeFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { buildApp } from '../../src/app.js'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { loadConfigFile } from '../../src/config/load.js'
import { ConfigReloader } from '../../src/config/reloader.js'
import { createLogger } from '../../src/logging.js'
import { startIdentityProvider } from '../../sim/identity-provider.js'
import { startWfmSimulator } from '../../sim/wfm-simulator.js'

const csv = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n'

t.test('config reload applies secrets and callers', async (t) => {
  const idp = await startIdentityProvider({ realms: { acme: { clients: [{ clientId: 'relay', clientSecret: 's3cret-right-5b7e' }] } } })
  t.teardown(async () => { await idp.close() })
  const wfm = await startWfmSimulator({ identityProvider: idp })
  t.teardown(async () => { await wfm.close() })

  const dir = t.testdir({ secrets: { 'acme-secret': 's3cret-right-5b7e\n' } })
  const configPath = `${dir}/config.yaml`
  const config = (keys: string[]): string => stringify({
    dataDir: `${dir}/data`,
    wfm: {
      tokenUrlTemplate: `${idp.url}/auth/realms/{realm}/protocol/openid-connect/token`,
      pushUrlTemplate: wfm.pushUrl,
      maxAttempts: 1
    },
    tenants: { acme: { clientId: 'relay', clientSecret: { file: `${dir}/secrets/acme-secret` }, sourceId: 'acd' } },
    callers: [{ name: 'etl', keySha256: keys.map(sha256Hex), tenants: ['acme'] }]
  })
  writeFileSync(configPath, config(['key-1']))

  const logLines: string[] = []
  const logger = createLogger('info', { write: (line: string) => { logLines.push(line) } })
  const app = await buildApp({ runtime: await loadConfigFile(configPath, {}), logger })
  t.teardown(async () => { await app.close() })
  const reloader = new ConfigReloader({ configPath, env: {}, logger, apply: (next) => app.relay.applyRuntime(next) })
  reloader.watch(app.relay.runtime)
  t.teardown(() => { reloader.close() })

  const upload = async (key: string) => await app.inject({
    method: 'POST',
    url: '/v1/tenants/acme/historical-data',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    payload: csv
  })

  t.equal((await upload('key-1')).statusCode, 200)
  t.equal((await upload('key-1')).statusCode, 200)
  t.equal(idp.tokenRequests('acme'), 1, 'token cached')

  const before = app.relay.runtime
  writeFileSync(`${dir}/secrets/acme-secret`, 'wrong\n')
  for (let waited = 0; app.relay.runtime === before && waited < 5_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  t.not(app.relay.runtime, before, 'a secret file change reloads the config')
  const rejected = await upload('key-1')
  t.equal(rejected.statusCode, 502, 'the cached token was dropped and the new secret used')
  t.equal(rejected.json().code, 'WFM_RELAY_TOKEN_REJECTED')

  reloader.close()
  writeFileSync(configPath, 'tenants: [broken')
  const current = app.relay.runtime
  t.equal(await reloader.reload('test'), false)
  t.equal(app.relay.runtime, current, 'an invalid config is ignored')
  t.ok(logLines.some((line) => line.includes('config reload failed')), 'the failed reload is logged')

  writeFileSync(`${dir}/secrets/acme-secret`, 's3cret-right-5b7e\n')
  writeFileSync(configPath, config(['key-2']))
  t.equal(await reloader.reload('SIGHUP'), true)
  t.equal((await upload('key-1')).statusCode, 401, 'the removed key no longer works')
  t.equal((await upload('key-2')).statusCode, 200, 'the new key and the fixed secret work')
  t.notOk(logLines.join('\n').includes('s3cret-right-5b7e'), 'the secret is not logged')
})
