import t from 'tap'
import { writeFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { loadConfigFile, parseConfigText } from '../../src/config/load.js'

function baseConfig (): Record<string, any> {
  return {
    wfm: {
      tokenUrlTemplate: 'https://sso.example.com/auth/realms/{realm}/protocol/openid-connect/token',
      pushUrlTemplate: 'https://{tenant}.example.com/_rest/forecasting/historical-data/historical-data-push'
    },
    tenants: { acme: { clientId: 'relay', clientSecret: { env: 'ACME_SECRET' } } },
    callers: [{ name: 'etl', keySha256: ['a'.repeat(64)], tenants: ['acme'] }]
  }
}

const env = { ACME_SECRET: 's3cret' }

t.test('config resolves tenant urls and defaults', async (t) => {
  const runtime = parseConfigText(stringify(baseConfig()), 'test', env)
  const acme = runtime.tenants.get('acme')
  t.same(acme, {
    name: 'acme',
    realm: 'acme',
    tokenUrl: 'https://sso.example.com/auth/realms/acme/protocol/openid-connect/token',
    pushUrl: 'https://acme.example.com/_rest/forecasting/historical-data/historical-data-push',
    clientId: 'relay',
    clientSecret: 's3cret',
    sourceId: undefined,
    csvColumns: ['intervalStart', 'sourceId', 'queue', 'offered', 'aht'],
    maxChunkBytes: 1_900_000
  })
  t.equal(runtime.config.listen.port, 8080)
  t.equal(runtime.config.dataDir, './data')
  t.ok(Object.isFrozen(runtime.config))
  t.ok(Object.isFrozen(acme))
})

t.test('config on-premise token host and realm override', async (t) => {
  const config = baseConfig()
  config.wfm.tokenUrlTemplate = 'http://wfm.internal:8080/auth/realms/{realm}/protocol/openid-connect/token'
  config.tenants.acme.realm = 'acme-prod'
  const acme = parseConfigText(stringify(config), 'test', env).tenants.get('acme')
  t.equal(acme?.tokenUrl, 'http://wfm.internal:8080/auth/realms/acme-prod/protocol/openid-connect/token')
  t.equal(acme?.realm, 'acme-prod')
})

t.test('config errors name the key', async (t) => {
  const cases: Array<[string, (config: Record<string, any>) => void, RegExp]> = [
    ['unknown key', (config) => { config.wfm.tokenUrl = 'x' }, /wfm/],
    ['bad tenant name', (config) => { config.tenants['Acme.evil'] = config.tenants.acme }, /tenants/],
    ['chunk size over 2 MB', (config) => { config.tenants.acme.maxChunkBytes = 2_000_001 }, /tenants\.acme\.maxChunkBytes/],
    ['bad key digest', (config) => { config.callers[0].keySha256 = ['abc'] }, /callers\.0\.keySha256\.0/],
    ['caller with unknown tenant', (config) => { config.callers[0].tenants = ['globex'] }, /callers\.0\.tenants.*globex/],
    ['missing secret variable', (config) => { config.tenants.acme.clientSecret = { env: 'NOPE' } }, /tenants\.acme\.clientSecret.*NOPE/],
    ['secret file missing', (config) => { config.tenants.acme.clientSecret = { file: '/nonexistent/secret' } }, /tenants\.acme\.clientSecret.*\/nonexistent\/secret/],
    ['template not a url', (config) => { config.wfm.pushUrlTemplate = 'not a url' }, /wfm\.pushUrlTemplate/],
    ['template with ftp', (config) => { config.wfm.pushUrlTemplate = 'ftp://x/{tenant}' }, /wfm\.pushUrlTemplate/],
    ['interval not a multiple of 900', (config) => { config.profiles = { p: { interval: 1000, columns: { queue: 'q', offered: 'o', aht: 'a', timestamp: { column: 't' } } } } }, /profiles\.p\.interval/],
    ['unknown time zone', (config) => { config.profiles = { p: { timeZone: 'Mars/Olympus', columns: { queue: 'q', offered: 'o', aht: 'a', timestamp: { column: 't', format: 'YYYY-MM-DD HH:mm' } } } } }, /profiles\.p.*Mars\/Olympus/]
  ]
  for (const [name, change, expected] of cases) {
    const config = baseConfig()
    change(config)
    t.throws(() => parseConfigText(stringify(config), 'test', env), expected, name)
  }
})

t.test('config secret read from a file', async (t) => {
  const dir = t.testdir({ secret: 'from-file\n' })
  const config = baseConfig()
  config.tenants.acme.clientSecret = { file: `${dir}/secret` }
  t.equal(parseConfigText(stringify(config), 'test', {}).tenants.get('acme')?.clientSecret, 'from-file')
})

t.test('config file missing or not yaml', async (t) => {
  const dir = t.testdir({ 'bad.yaml': 'wfm: [unclosed' })
  await t.rejects(loadConfigFile(`${dir}/none.yaml`, env), /cannot read config file .*none\.yaml.*WFM_RELAY_CONFIG/)
  await t.rejects(loadConfigFile(`${dir}/bad.yaml`, env), /not valid YAML/)
  writeFileSync(`${dir}/list.yaml`, '- a\n- b\n')
  await t.rejects(loadConfigFile(`${dir}/list.yaml`, env), /YAML mapping/)
})
