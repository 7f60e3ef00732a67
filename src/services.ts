// The long-lived objects an app instance shares between requests, and their shutdown.

import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { Agent, type Dispatcher } from 'undici'
import type { FastifyBaseLogger } from 'fastify'
import type { RuntimeConfig } from './config/resolve.js'
import { directoryBytes } from './metrics/spool-size.js'
import { RelayMetrics } from './metrics/relay-metrics.js'
import { ImportJobs } from './jobs/import-jobs.js'
import { TokenClients } from './wfm/token-client.js'

// Below the 5 s that many load balancers and Node servers use, so the relay never reuses a
// socket that the upstream is about to close.
const keepAliveTimeoutMs = 4_000

export interface RelayServices {
  /** The config in force; replaced as a whole by applyRuntime when the config is reloaded. */
  runtime: RuntimeConfig
  dataDir: string
  dispatcher: Dispatcher
  tokens: TokenClients
  metrics: RelayMetrics
  /** Import jobs: the store, the worker that sends them and waiting for them. */
  jobs: ImportJobs
  /** Switches to a reloaded config and returns the keys that only a restart applies. */
  applyRuntime: (next: RuntimeConfig) => string[]
  close: () => Promise<void>
}

export async function createServices (
  runtime: RuntimeConfig,
  logger: FastifyBaseLogger,
  dispatcher?: Dispatcher
): Promise<RelayServices> {
  const dataDir = resolve(runtime.config.dataDir)
  await mkdir(dataDir, { recursive: true })

  const ownDispatcher = dispatcher === undefined
  const agent = dispatcher ?? new Agent({
    keepAliveTimeout: keepAliveTimeoutMs,
    keepAliveMaxTimeout: keepAliveTimeoutMs,
    connect: { timeout: runtime.upstream.requestTimeoutMs }
  })

  const metrics = new RelayMetrics({
    tokenAges: function * () {
      for (const [tenant, client] of services.tokens.clients()) {
        const age = client.cachedTokenAgeSeconds()
        if (age !== undefined) yield [tenant, age]
      }
    },
    spoolBytes: async () => await directoryBytes(join(dataDir, 'spool')),
    jobCounts: async () => await services.jobs.store.countByState()
  })
  const createTokenClients = (settings: RuntimeConfig): TokenClients => new TokenClients({
    upstream: settings.upstream, dispatcher: agent, logger, observer: metrics.observer
  })

  const services: RelayServices = {
    runtime,
    dataDir,
    dispatcher: agent,
    tokens: createTokenClients(runtime),
    metrics,
    jobs: new ImportJobs({
      runtime,
      settings: () => ({
        tenants: services.runtime.tenants,
        upstream: services.runtime.upstream,
        tokens: services.tokens,
        observer: metrics.observer
      }),
      dataDir,
      dispatcher: agent,
      logger
    }),
    applyRuntime: (next) => {
      const previous = services.runtime
      services.runtime = next
      logger.level = next.config.logLevel
      if (isDeepStrictEqual(previous.upstream, next.upstream)) {
        const dropped = services.tokens.dropOutdated(next.tenants)
        if (dropped.length > 0) logger.info({ tenants: dropped }, 'dropped cached tokens after a config change')
      } else {
        services.tokens = createTokenClients(next)
      }
      return keysNeedingRestart(previous, next)
    },
    close: async () => {
      // The worker stops before the dispatcher closes, because it may still be sending.
      await services.jobs.close()
      if (ownDispatcher) await agent.close()
    }
  }
  return services
}

/** Keys read only at start: the listener, the data directory, route body limits and jobs. */
function keysNeedingRestart (previous: RuntimeConfig, next: RuntimeConfig): string[] {
  const keys: string[] = []
  if (!isDeepStrictEqual(previous.config.listen, next.config.listen)) keys.push('listen')
  if (!isDeepStrictEqual(previous.config.server, next.config.server)) keys.push('server')
  if (previous.config.dataDir !== next.config.dataDir) keys.push('dataDir')
  if (!isDeepStrictEqual(previous.config.jobs, next.config.jobs)) keys.push('jobs')
  if (previous.config.limits.jsonBodyBytes !== next.config.limits.jsonBodyBytes) keys.push('limits.jsonBodyBytes')
  return keys
}
