// The other side of every bench scenario: an identity provider in this process (oidc-provider,
// RS256 JWTs, one realm) and the sink in a child process. Relays are started per run.

import { randomBytes } from 'node:crypto'
import { startIdentityProvider, type IdentityProvider } from '../../sim/identity-provider.js'
import { startRelayProcess, type RelayProcess, type RelayProcessOptions, type RelayTarget } from './relay-process.js'
import type { RelaySettings } from './relay-settings.js'
import { startSinkProcess, type SinkProcess } from './sink-process.js'

/**
 * Short enough that the 30 s incremental run spans several token lifetimes, so the count of
 * token requests shows whether the relay reuses its token or fetches one per upload.
 */
export const accessTokenTtlSeconds = 20

export interface BenchStack {
  identityProvider: IdentityProvider
  sink: SinkProcess
  target: RelayTarget
  tokenUrl: string
  startRelay: (options?: RelayProcessOptions) => Promise<RelayProcess>
  stop: () => Promise<void>
}

export async function startBenchStack (maxChunkBytes: number, relaySettings: RelaySettings): Promise<BenchStack> {
  const tenant = 'bench'
  const clientId = 'wfm-relay-bench'
  const clientSecret = randomBytes(24).toString('base64url')
  const identityProvider = await startIdentityProvider({
    realms: { [tenant]: { clients: [{ clientId, clientSecret }], accessTokenTtlSeconds } }
  })

  let sink: SinkProcess
  try {
    sink = await startSinkProcess(identityProvider.url)
  } catch (error) {
    await identityProvider.close()
    throw error
  }

  const target: RelayTarget = {
    identityProviderUrl: identityProvider.url,
    pushUrl: sink.pushUrl,
    tenant,
    clientId,
    clientSecret,
    sourceId: 'bench-acd',
    maxChunkBytes
  }
  return {
    identityProvider,
    sink,
    target,
    tokenUrl: identityProvider.tokenUrl(tenant),
    startRelay: async (options) => await startRelayProcess(target, relaySettings, options),
    stop: async () => {
      await sink.stop()
      await identityProvider.close()
    }
  }
}
