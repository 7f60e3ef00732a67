import t from 'tap'
import { readFileSync } from 'node:fs'
import { parse, stringify } from 'yaml'
import { parseConfigText } from '../../src/config/load.js'

t.test('example config and profile load', async (t) => {
  const dir = t.testdir({ 'globex-secret': 'globex' })
  const config = parse(readFileSync('examples/config.yaml', 'utf8'))
  config.tenants.globex.clientSecret = { file: `${dir}/globex-secret` }
  config.profiles = parse(readFileSync('examples/hihix-profile.yaml', 'utf8')).profiles

  const runtime = parseConfigText(stringify(config), 'examples', { ACME_CLIENT_SECRET: 'acme' })
  t.same([...runtime.tenants.keys()], ['acme', 'globex'])
  t.equal(runtime.tenants.get('globex')?.realm, 'globex-prod')
  t.equal(runtime.tenants.get('globex')?.tokenUrl, 'https://sso.example.com/auth/realms/globex-prod/protocol/openid-connect/token')
  t.equal(runtime.tenants.get('acme')?.pushUrl, 'https://acme.example.com/_rest/forecasting/historical-data/historical-data-push')
  t.ok(runtime.config.profiles.hihix)
})
