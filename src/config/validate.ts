// Checks a parsed config document against the schema and the rules a schema cannot express.
// Every failure names the key, so an operator can find it in the YAML file.

import { Value } from '@sinclair/typebox/value'
import { RelayConfig, tenantNamePattern } from './schema.js'

export class ConfigError extends Error {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ConfigError'
  }
}

/** Returns the config with defaults applied, or throws a ConfigError naming the first bad keys. */
export function validateConfig (document: unknown): RelayConfig {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError('config must be a YAML mapping with the keys wfm, tenants and callers')
  }

  const withDefaults = Value.Default(RelayConfig, structuredClone(document))
  const problems = [...Value.Errors(RelayConfig, withDefaults)].slice(0, 5)
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${keyOf(problem.path)}: ${explain(problem.path, problem.message)}`)
    throw new ConfigError(`invalid config: ${lines.join('; ')}`)
  }

  const config = withDefaults as RelayConfig
  checkCallerTenants(config)
  checkUrlTemplate('wfm.tokenUrlTemplate', config.wfm.tokenUrlTemplate)
  checkUrlTemplate('wfm.pushUrlTemplate', config.wfm.pushUrlTemplate)
  return config
}

function explain (jsonPointer: string, message: string): string {
  if (/^\/tenants\/[^/]+$/.test(jsonPointer) && message === 'Unexpected property') {
    return `invalid tenant name; tenant names must match ${tenantNamePattern} because they become host names`
  }
  return message
}

function keyOf (jsonPointer: string): string {
  const key = jsonPointer.split('/').filter(Boolean).join('.')
  return key === '' ? '(top level)' : key
}

function checkCallerTenants (config: RelayConfig): void {
  for (const [index, caller] of config.callers.entries()) {
    for (const tenant of caller.tenants) {
      if (!Object.hasOwn(config.tenants, tenant)) {
        throw new ConfigError(
          `callers.${index}.tenants: tenant "${tenant}" of caller "${caller.name}" is not ` +
          'defined under tenants; add it there or remove it from the caller')
      }
    }
  }
}

/** Checks that a URL template gives an http(s) URL once its placeholders are filled in. */
export function checkUrlTemplate (key: string, template: string): void {
  const sample = fillUrlTemplate(template, { tenant: 'tenant', realm: 'realm' })
  let url: URL
  try {
    url = new URL(sample)
  } catch (error) {
    throw new ConfigError(`${key}: "${template}" is not a valid URL`, { cause: error })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${key}: "${template}" must start with http:// or https://`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${key}: credentials in URLs are not allowed; use clientSecret`)
  }
}

/** Replaces `{tenant}` and `{realm}`, whose values already match the tenant name pattern. */
export function fillUrlTemplate (template: string, values: { tenant: string, realm: string }): string {
  return template.replaceAll('{tenant}', values.tenant).replaceAll('{realm}', values.realm)
}
