import t from 'tap'
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { parse } from 'yaml'
import { generateOpenApiYaml } from '../../scripts/lib/openapi-document.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('committed openapi.yaml matches the code', async (t) => {
  const generated = await generateOpenApiYaml()
  const committed = readFileSync('openapi/openapi.yaml', 'utf8')
  t.equal(committed, generated, 'run `npm run openapi` and commit openapi/openapi.yaml')
})

t.test('openapi document is valid OpenAPI 3.1', async (t) => {
  const document = parse(readFileSync('openapi/openapi.yaml', 'utf8'))
  const validator = new Validator()
  const result = await validator.validate(document)
  t.same(result.errors, undefined)
  t.equal(result.valid, true)
  t.equal(document.openapi, '3.1.0')
})

t.test('openapi document covers routes and error codes', async (t) => {
  const document = parse(readFileSync('openapi/openapi.yaml', 'utf8'))
  const upload = document.paths['/v1/tenants/{tenant}/historical-data'].post
  t.same(Object.keys(upload.requestBody.content).sort(),
    ['application/json', 'application/x-ndjson', 'multipart/form-data', 'text/csv'])
  t.same(upload.parameters.map((parameter: { name: string }) => parameter.name).sort(),
    ['dryRun', 'interval', 'profile', 'pushToken', 'sourceId', 'tenant'])
  t.ok(upload.responses['200'])
  t.ok(upload.responses['4XX'] ?? upload.responses['4xx'])
  t.ok(document.components.schemas.ErrorBody.properties.code.enum.includes('WFM_RELAY_INVALID_ROWS'))
})

t.test('openapi json and docs page are served', async (t) => {
  const harness = await startHarness(t)
  const json = await harness.app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(json.statusCode, 200)
  t.equal(json.json().openapi, '3.1.0')
  t.ok(json.json().paths['/v1/tenants/{tenant}/historical-data'])
  const docs = await harness.app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /text\/html/)
})
