// The long-lived objects an app instance shares between requests, and their shutdown.

import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Agent, type Dispatcher } from 'undici'
import type { FastifyBaseLogger } from 'fastify'
import type { RuntimeConfig } from './config/resolve.js'
import { directoryBytes } from './metrics/spool-size.js'
import { RelayMetrics } from './metrics/relay-metrics.js'
import { TokenClients } from './wfm/token-client.js'

// Below the 5 s that many load balancers and Node servers use, so the relay never reuses a
// socket that the upstream is about to close.
const keepAliveTimeoutMs = 4_000

export interface RelayServices {
  runtime: RuntimeConfig
  dataDir: string
  dispatcher: Dispatcher
  tokens: TokenClients
  metrics: RelayMetrics
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
  let tokens: TokenClients | undefined
  const metrics = new RelayMetrics({
    tokenAges: function * () {
      for (const [tenant, client] of tokens?.clients() ?? []) {
        const age = client.cachedTokenAgeSeconds()
        if (age !== undefined) yield [tenant, age]
      }
    },
    spoolBytes: async () => await directoryBytes(join(dataDir, 'spool'))
  })
  tokens = new TokenClients({ upstream: runtime.upstream, dispatcher: agent, logger, observer: metrics.observer })

  return {
    runtime,
    dataDir,
    dispatcher: agent,
    tokens,
    metrics,
    close: async () => {
      if (ownDispatcher) await agent.close()
    }
  }
}
