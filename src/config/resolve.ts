// Turns a validated config into what the running service uses: tenant settings with URLs filled
// in and secrets read, callers with their key digests as bytes, profiles checked.

import { defaultCsvColumns, type RelayConfig } from './schema.js'
import type { TenantSettings, UpstreamSettings } from './tenant-settings.js'
import { checkUrlTemplate, ConfigError, fillUrlTemplate } from './validate.js'
import { readSecret } from './secrets.js'
import { readCallerKeyDigests } from './caller-keys.js'
import { validateProfile } from '../ingest/profile-check.js'

export const defaultMaxChunkBytes = 1_900_000

export interface Caller {
  name: string
  keyDigests: Buffer[]
  tenants: ReadonlySet<string>
}

export interface RuntimeConfig {
  config: Readonly<RelayConfig>
  tenants: ReadonlyMap<string, TenantSettings>
  callers: readonly Caller[]
  upstream: UpstreamSettings
}

export function resolveConfig (config: RelayConfig, env: NodeJS.ProcessEnv): RuntimeConfig {
  for (const [name, profile] of Object.entries(config.profiles)) {
    try {
      validateProfile(name, profile)
    } catch (error) {
      // The message already starts with the key, e.g. `profiles.hihix.timeZone: ...`.
      throw new ConfigError((error as Error).message, { cause: error })
    }
  }

  const tenants = new Map<string, TenantSettings>()
  for (const name of Object.keys(config.tenants)) {
    tenants.set(name, resolveTenant(config, name, env))
  }

  return deepFreeze({
    config,
    tenants,
    callers: config.callers.map((caller, index) => ({
      name: caller.name,
      keyDigests: readCallerKeyDigests(`callers.${index}`, caller, env),
      tenants: new Set(caller.tenants)
    })),
    upstream: {
      requestTimeoutMs: config.wfm.requestTimeoutMs,
      tokenTimeoutMs: config.wfm.tokenTimeoutMs,
      maxAttempts: config.wfm.maxAttempts,
      retryBaseDelayMs: config.wfm.retryBaseDelayMs,
      retryMaxDelayMs: config.wfm.retryMaxDelayMs,
      retryDeadlineMs: config.wfm.retryDeadlineMs
    }
  })
}

function resolveTenant (config: RelayConfig, name: string, env: NodeJS.ProcessEnv): TenantSettings {
  const tenant = config.tenants[name]
  if (tenant === undefined) throw new ConfigError(`tenants.${name} is missing`)

  const key = `tenants.${name}`
  const realm = tenant.realm ?? name
  if (tenant.tokenUrl !== undefined) checkUrlTemplate(`${key}.tokenUrl`, tenant.tokenUrl)
  if (tenant.pushUrl !== undefined) checkUrlTemplate(`${key}.pushUrl`, tenant.pushUrl)

  const values = { tenant: name, realm }
  return {
    name,
    realm,
    tokenUrl: fillUrlTemplate(tenant.tokenUrl ?? config.wfm.tokenUrlTemplate, values),
    pushUrl: fillUrlTemplate(tenant.pushUrl ?? config.wfm.pushUrlTemplate, values),
    clientId: tenant.clientId,
    clientSecret: readSecret(`${key}.clientSecret`, tenant.clientSecret, env),
    sourceId: tenant.sourceId,
    csvColumns: tenant.csvColumns ?? [...defaultCsvColumns],
    maxChunkBytes: tenant.maxChunkBytes ?? config.wfm.maxChunkBytes ?? defaultMaxChunkBytes
  }
}

/** Freezes plain objects and arrays. Maps and Sets are not frozen, but the service only reads them. */
function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    if (!(value instanceof Map) && !(value instanceof Set)) {
      for (const child of Object.values(value)) deepFreeze(child)
    } else if (value instanceof Map) {
      for (const child of value.values()) deepFreeze(child)
    }
    Object.freeze(value)
  }
  return value
}
