// Loads the config file named by WFM_RELAY_CONFIG (default /etc/wfm-relay/config.yaml).

import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { resolveConfig, type RuntimeConfig } from './resolve.js'
import { ConfigError, validateConfig } from './validate.js'

export const defaultConfigPath = '/etc/wfm-relay/config.yaml'

export function configPathFromEnv (env: NodeJS.ProcessEnv): string {
  return env.WFM_RELAY_CONFIG ?? defaultConfigPath
}

export async function loadConfigFile (path: string, env: NodeJS.ProcessEnv): Promise<RuntimeConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new ConfigError(
      `cannot read config file ${path} (${reason}); set WFM_RELAY_CONFIG to its path`,
      { cause: error })
  }
  return parseConfigText(text, path, env)
}

export function parseConfigText (text: string, origin: string, env: NodeJS.ProcessEnv): RuntimeConfig {
  let document: unknown
  try {
    document = parseYaml(text)
  } catch (error) {
    throw new ConfigError(`config file ${origin} is not valid YAML: ${(error as Error).message}`,
      { cause: error })
  }
  return resolveConfig(validateConfig(document), env)
}
