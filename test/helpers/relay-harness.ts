// Builds a relay app in-process against a real identity provider and the WFM simulator, with its
// log lines captured for assertions. Everything is closed in the test's teardown.

import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { stringify } from 'yaml'
import { buildApp } from '../../src/app.js'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { parseConfigText } from '../../src/config/load.js'
import { createLogger } from '../../src/logging.js'
import { startIdentityProvider, type IdentityProvider } from '../../sim/identity-provider.js'
import { startWfmSimulator, type WfmSimulator, type WfmSimulatorOptions } from '../../sim/wfm-simulator.js'

export interface HarnessOptions {
  tenants?: string[]
  /** Extra keys for each tenant's config entry. */
  tenantConfig?: Record<string, unknown>
  /** Extra keys for the wfm config section. */
  wfmConfig?: Record<string, unknown>
  limits?: Record<string, unknown>
  profiles?: Record<string, unknown>
  accessTokenTtlSeconds?: number
  /** Roles of every tenant's client at the identity provider; the push role by default. */
  clientRoles?: string[]
  /** Let the WFM simulator record Authorization headers unredacted. */
  rawAuthorization?: boolean
  /** Keys for the jobs config section. */
  jobsConfig?: Record<string, unknown>
  /** Keys for the server config section (timeouts). */
  serverConfig?: Record<string, unknown>
  /** Extra keys for one tenant's config entry, by tenant name, applied after tenantConfig. */
  tenantOverrides?: Record<string, Record<string, unknown>>
  /** Extra keys for each caller's config entry, by caller name (etl, narrow). */
  callerConfig?: Record<string, Record<string, unknown>>
  /** Extra options of the WFM simulator, such as idleTimeoutMs. */
  wfmOptions?: Partial<WfmSimulatorOptions>
  /** Heap bytes that parsed JSON bodies may take together (the app's jsonHeapBudgetBytes). */
  jsonHeapBudgetBytes?: number
}

export interface Harness {
  app: FastifyInstance
  idp: IdentityProvider
  wfm: WfmSimulator
  /** API key allowed to write to every tenant. */
  apiKey: string
  /** API key allowed to write to the first tenant only. */
  narrowKey: string
  clientSecrets: Record<string, string>
  dataDir: string
  logLines: string[]
  authorization: (key?: string) => { authorization: string }
  /** Closes `app` and replaces it with a new app on the same config and data directory. */
  restartApp: () => Promise<FastifyInstance>
}

interface Teardown { teardown: (fn: () => Promise<void> | void) => void }

export async function startHarness (t: Teardown, options: HarnessOptions = {}): Promise<Harness> {
  const tenants = options.tenants ?? ['acme']
  const clientSecrets: Record<string, string> = {}
  const env: Record<string, string> = {}
  const realms: Record<string, { clients: Array<{ clientId: string, clientSecret: string, roles?: string[] }>, accessTokenTtlSeconds: number }> = {}
  for (const tenant of tenants) {
    clientSecrets[tenant] = `secret-${tenant}-${randomBytes(12).toString('hex')}`
    env[`SECRET_${tenant.toUpperCase().replaceAll('-', '_')}`] = clientSecrets[tenant]
    realms[tenant] = {
      clients: [{ clientId: `relay-${tenant}`, clientSecret: clientSecrets[tenant], roles: options.clientRoles }],
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300
    }
  }

  const idp = await startIdentityProvider({ realms })
  t.teardown(async () => { await idp.close() })
  const wfm = await startWfmSimulator({
    identityProvider: idp, rawAuthorization: options.rawAuthorization, ...options.wfmOptions
  })
  t.teardown(async () => { await wfm.close() })
  const dataDir = await mkdtemp(join(tmpdir(), 'wfm-relay-test-'))
  t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })

  const apiKey = `key-${randomBytes(16).toString('hex')}`
  const narrowKey = `narrow-${randomBytes(16).toString('hex')}`
  const yaml = stringify({
    listen: { host: '127.0.0.1', port: 0 },
    dataDir,
    logLevel: 'debug',
    wfm: {
      tokenUrlTemplate: `${idp.url}/auth/realms/{realm}/protocol/openid-connect/token`,
      pushUrlTemplate: wfm.pushUrl,
      requestTimeoutMs: 2_000,
      tokenTimeoutMs: 2_000,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 50,
      ...options.wfmConfig
    },
    limits: options.limits ?? {},
    jobs: options.jobsConfig ?? {},
    server: options.serverConfig ?? {},
    tenants: Object.fromEntries(tenants.map((tenant) => [tenant, {
      clientId: `relay-${tenant}`,
      clientSecret: { env: `SECRET_${tenant.toUpperCase().replaceAll('-', '_')}` },
      sourceId: 'acd-1',
      ...options.tenantConfig,
      ...options.tenantOverrides?.[tenant]
    }])),
    callers: [
      { name: 'etl', keySha256: [sha256Hex(apiKey)], tenants, ...options.callerConfig?.etl },
      { name: 'narrow', keySha256: [sha256Hex(narrowKey)], tenants: [tenants[0]], ...options.callerConfig?.narrow }
    ],
    profiles: options.profiles ?? {}
  })

  const logLines: string[] = []
  const destination = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''))
      callback()
    }
  })
  const runtime = parseConfigText(yaml, 'test config', env)
  const logger = createLogger('debug', destination)
  const app = await buildApp({ runtime, logger, jsonHeapBudgetBytes: options.jsonHeapBudgetBytes })
  t.teardown(async () => { await harness.app.close() })

  const harness: Harness = {
    app,
    idp,
    wfm,
    apiKey,
    narrowKey,
    clientSecrets,
    dataDir,
    logLines,
    authorization: (key = apiKey) => ({ authorization: `Bearer ${key}` }),
    restartApp: async () => {
      await harness.app.close()
      harness.app = await buildApp({ runtime, logger, jsonHeapBudgetBytes: options.jsonHeapBudgetBytes })
      return harness.app
    }
  }
  return harness
}
