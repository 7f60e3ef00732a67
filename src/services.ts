// The long-lived objects an app instance shares between requests, and their shutdown.

import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Agent, type Dispatcher } from 'undici'
import type { FastifyBaseLogger } from 'fastify'
import type { RuntimeConfig } from './config/resolve.js'
import { TokenClients } from './wfm/token-client.js'

// Below the 5 s that many load balancers and Node servers use, so the relay never reuses a
// socket that the upstream is about to close.
const keepAliveTimeoutMs = 4_000

export interface RelayServices {
  runtime: RuntimeConfig
  dataDir: string
  dispatcher: Dispatcher
  tokens: TokenClients
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
  const tokens = new TokenClients({ upstream: runtime.upstream, dispatcher: agent, logger })

  return {
    runtime,
    dataDir,
    dispatcher: agent,
    tokens,
    close: async () => {
      if (ownDispatcher) await agent.close()
    }
  }
}
