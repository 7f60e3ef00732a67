// Runs the bench sink as its own process, so its work does not share an event loop with the
// load generator. Argument: the identity provider's base URL. It prints one JSON line with its
// URL once it listens, and exits on SIGTERM or SIGINT.

import { realmRoutes } from '../../sim/idp/realm-provider.js'
import { startSink } from './sink-server.js'

const identityProviderUrl = process.argv[2]
if (identityProviderUrl === undefined || !/^https?:\/\//.test(identityProviderUrl)) {
  console.error('usage: node bench/sink/main.js <identity provider URL, such as http://127.0.0.1:41234>')
  process.exit(2)
}

const issuer = (realm: string): string => `${identityProviderUrl}/auth/realms/${realm}`
const sink = await startSink({
  realms: { issuer, jwksUrl: (realm) => issuer(realm) + realmRoutes.jwks }
})
process.stdout.write(JSON.stringify({ sinkUrl: sink.url }) + '\n')

const stop = (): void => {
  sink.close().then(() => process.exit(0), (error: unknown) => {
    console.error('Bench sink failed to close:', error)
    process.exit(1)
  })
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
