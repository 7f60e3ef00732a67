// Reloads the config when its file or a file it names (a tenant's client secret, a caller's key
// digests) changes, or on demand (SIGHUP).
// A new config that fails validation is logged and ignored, so the old one stays in force.
//
// Directories are watched rather than files because Kubernetes updates mounted ConfigMaps and
// Secrets by swapping a symlink (`..data`) in the mount directory. The file itself never changes.

import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfigFile } from './load.js'
import type { RuntimeConfig } from './resolve.js'

const debounceMs = 250

export interface ConfigReloaderOptions {
  configPath: string
  env: NodeJS.ProcessEnv
  logger: FastifyBaseLogger
  /** Applies a valid new config and returns the keys that still need a restart. */
  apply: (runtime: RuntimeConfig) => string[]
}

export class ConfigReloader {
  readonly #options: ConfigReloaderOptions
  #watchers: FSWatcher[] = []
  #timer: NodeJS.Timeout | undefined
  #running: Promise<boolean> | undefined

  constructor (options: ConfigReloaderOptions) {
    this.#options = options
  }

  /** Starts watching the config file and the secret and key digest files of `runtime`. */
  watch (runtime: RuntimeConfig): void {
    this.#replaceWatchers(watchedFiles(this.#options.configPath, runtime))
  }

  /** Reloads now; resolves true when the new config was applied. */
  async reload (reason: string): Promise<boolean> {
    // One reload at a time, so two quick changes cannot apply out of order.
    while (this.#running !== undefined) await this.#running
    this.#running = this.#reloadOnce(reason)
    try {
      return await this.#running
    } finally {
      this.#running = undefined
    }
  }

  close (): void {
    clearTimeout(this.#timer)
    this.#replaceWatchers(new Map())
  }

  async #reloadOnce (reason: string): Promise<boolean> {
    const { configPath, env, logger, apply } = this.#options
    let runtime: RuntimeConfig
    try {
      runtime = await loadConfigFile(configPath, env)
    } catch (error) {
      logger.error({ err: error, configPath, reason }, 'config reload failed; keeping the config in force')
      return false
    }

    const restartKeys = apply(runtime)
    this.watch(runtime)
    logger.info({ configPath, reason, tenants: [...runtime.tenants.keys()] }, 'config reloaded')
    if (restartKeys.length > 0) {
      logger.warn({ keys: restartKeys }, 'config keys changed that only take effect after a restart')
    }
    return true
  }

  #replaceWatchers (filesByDirectory: Map<string, Set<string>>): void {
    for (const watcher of this.#watchers) watcher.close()
    this.#watchers = []
    for (const [directory, names] of filesByDirectory) {
      try {
        const watcher = watch(directory, (_event, name) => {
          // `..data` and its siblings are the symlinks Kubernetes swaps on an update.
          const fileName = name?.toString()
          if (fileName === undefined || names.has(fileName) || fileName.startsWith('..')) {
            this.#schedule(`${fileName ?? 'a file'} changed in ${directory}`)
          }
        })
        watcher.on('error', (error) => {
          this.#options.logger.warn({ err: error, directory }, 'stopped watching a config directory')
        })
        this.#watchers.push(watcher)
      } catch (error) {
        this.#options.logger.warn({ err: error, directory }, 'cannot watch a config directory; use SIGHUP to reload')
      }
    }
  }

  #schedule (reason: string): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => { void this.reload(reason) }, debounceMs)
  }
}

/** Returns the file names to watch, grouped by their directory. */
function watchedFiles (configPath: string, runtime: RuntimeConfig): Map<string, Set<string>> {
  const files = new Map<string, Set<string>>()
  const add = (path: string): void => {
    const absolute = resolve(path)
    const names = files.get(dirname(absolute)) ?? new Set<string>()
    names.add(basename(absolute))
    files.set(dirname(absolute), names)
  }

  add(configPath)
  for (const tenant of Object.values(runtime.config.tenants)) {
    if ('file' in tenant.clientSecret) add(tenant.clientSecret.file)
  }
  for (const caller of runtime.config.callers) {
    if (caller.keySha256From !== undefined && 'file' in caller.keySha256From) add(caller.keySha256From.file)
  }
  return files
}
