// Runs the identity provider and the WFM simulator together for the demo and manual testing:
//   node dist/sim/start.js [--idp-port 8180] [--wfm-port 8181]
// Both listen on 127.0.0.1 only. Realm "demo" has one client, "wfm-relay-demo", whose secret
// comes from WFM_SIM_CLIENT_SECRET or is generated and printed.

import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'

import { startIdentityProvider } from './identity-provider.js'
import { startWfmSimulator } from './wfm-simulator.js'
import type { Upload } from './wfm-simulator.js'

const host = '127.0.0.1'
const realm = 'demo'
const clientId = 'wfm-relay-demo'

const usage = `Usage: node dist/sim/start.js [--idp-port PORT] [--wfm-port PORT]
  --idp-port  port of the identity provider (env WFM_SIM_IDP_PORT, default 8180)
  --wfm-port  port of the WFM simulator (env WFM_SIM_WFM_PORT, default 8181)
  Port 0 picks a free port. WFM_SIM_CLIENT_SECRET sets the demo client's secret.`

function readPort (name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback

  const port = /^[0-9]+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(port) || port > 65535) {
    throw new Error(`Invalid ${name} "${value}": use a port number from 0 to 65535`)
  }
  return port
}

function describeUpload (upload: Upload): string {
  const rows = upload.chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0)
  const bytes = upload.chunks.reduce((sum, chunk) => sum + chunk.bodyBytes, 0)
  return `upload completed: tenant=${upload.tenant} pushToken=${upload.pushToken} ` +
    `sourceId=${upload.sourceId} interval=${upload.interval}s chunks=${upload.chunks.length} ` +
    `rows=${rows} bytes=${bytes}`
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      'idp-port': { type: 'string' },
      'wfm-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) {
    console.log(usage)
    return
  }

  const idpPort = readPort('--idp-port', values['idp-port'] ?? process.env.WFM_SIM_IDP_PORT, 8180)
  const wfmPort = readPort('--wfm-port', values['wfm-port'] ?? process.env.WFM_SIM_WFM_PORT, 8181)
  const configuredSecret = process.env.WFM_SIM_CLIENT_SECRET
  const clientSecret = configuredSecret ?? randomBytes(24).toString('base64url')

  const identityProvider = await startIdentityProvider({
    host,
    port: idpPort,
    realms: { [realm]: { clients: [{ clientId, clientSecret }] } }
  })
  const wfm = await startWfmSimulator({
    identityProvider,
    host,
    port: wfmPort,
    // Only counts are needed for the completion log, and a long demo run should not grow memory.
    keepBodies: false,
    onUploadCompleted: (upload) => console.log(describeUpload(upload))
  })

  console.log(`identity provider: ${identityProvider.url}`)
  console.log(`  realm "${realm}" token URL: ${identityProvider.tokenUrl(realm)}`)
  console.log(`  client ID: ${clientId}`)
  if (configuredSecret === undefined) {
    console.log(`  client secret (generated; set WFM_SIM_CLIENT_SECRET to choose one): ${clientSecret}`)
  } else {
    console.log('  client secret: from WFM_SIM_CLIENT_SECRET')
  }
  console.log(`WFM simulator: ${wfm.url}`)
  console.log(`  push URL: ${wfm.pushUrl} (send Tenant-ID: ${realm})`)

  const stop = (signal: string): void => {
    console.log(`${signal} received, stopping`)
    Promise.all([wfm.close(), identityProvider.close()])
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Failed to stop cleanly:', error)
        process.exit(1)
      })
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  console.error('Run with --help for usage.')
  process.exitCode = 1
})
