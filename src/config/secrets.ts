// Reads secrets named by the config: from the environment or from a file such as a mounted
// Kubernetes secret. The values never appear in errors or logs, only where they came from.

import { readFileSync } from 'node:fs'
import type { SecretRef } from './schema.js'
import { ConfigError } from './validate.js'

export function readSecret (key: string, ref: SecretRef, env: NodeJS.ProcessEnv): string {
  // Secret files written by editors or `kubectl create secret --from-file` often end in a newline.
  const value = readSecretText(key, ref, env).trim()
  if (value === '') {
    throw new ConfigError(`${key}: the secret from ${describeSecretRef(ref)} is empty`)
  }
  return value
}

/** Reads the value as stored, whitespace and empty values included. */
export function readSecretText (key: string, ref: SecretRef, env: NodeJS.ProcessEnv): string {
  return 'env' in ref ? readFromEnv(key, ref.env, env) : readFromFile(key, ref.file)
}

export function describeSecretRef (ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`
}

function readFromEnv (key: string, name: string, env: NodeJS.ProcessEnv): string {
  const value = env[name]
  if (value === undefined) {
    throw new ConfigError(`${key}: environment variable ${name} is not set`)
  }
  return value
}

function readFromFile (key: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new ConfigError(`${key}: cannot read secret file ${path} (${reason})`, { cause: error })
  }
}
