// Builds the app with an empty config and returns its OpenAPI document as YAML. The document
// depends only on the route schemas, never on tenants or callers.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../src/app.js'
import { resolveConfig } from '../../src/config/resolve.js'
import { validateConfig } from '../../src/config/validate.js'
import { createLogger } from '../../src/logging.js'

export async function generateOpenApiYaml (): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wfm-relay-openapi-'))
  const config = validateConfig({
    dataDir,
    wfm: {
      tokenUrlTemplate: 'https://sso.example.com/auth/realms/{realm}/protocol/openid-connect/token',
      pushUrlTemplate: 'https://{tenant}.example.com/_rest/forecasting/historical-data/historical-data-push'
    },
    tenants: {},
    callers: []
  })
  const app = await buildApp({ runtime: resolveConfig(config, {}), logger: createLogger('silent') })
  try {
    await app.ready()
    return app.swagger({ yaml: true })
  } finally {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
