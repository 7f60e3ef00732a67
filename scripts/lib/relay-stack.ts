// Starts the other side (identity provider and WFM simulator) and a relay process wired to them,
// all on loopback. The relay runs as a child process from dist/, as in production, with a
// generated config file and its client secret passed through the environment.

import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { startIdentityProvider, type IdentityProvider } from '../../sim/identity-provider.js'
import { startWfmSimulator, type WfmSimulator } from '../../sim/wfm-simulator.js'

const serverEntry = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'server.js')

export interface RelayStack {
  relayUrl: string
  /** Process id of the relay's child process. */
  pid: number
  apiKey: string
  tenant: string
  idp: IdentityProvider
  wfm: WfmSimulator
  stop: () => Promise<void>
}

export interface RelayStackOptions {
  tenant?: string
  sourceId?: string
  profiles?: Record<string, unknown>
  keepBodies?: boolean
  /** Relay log lines go here; by default they are dropped. */
  onLogLine?: (line: string) => void
  /** Top-level config sections merged into the generated config, such as limits. */
  extraConfig?: Record<string, unknown>
}

export async function startRelayStack (options: RelayStackOptions = {}): Promise<RelayStack> {
  const tenant = options.tenant ?? 'demo'
  const clientId = 'wfm-relay'
  const clientSecret = randomBytes(24).toString('base64url')
  const apiKey = randomBytes(24).toString('base64url')

  const idp = await startIdentityProvider({
    realms: { [tenant]: { clients: [{ clientId, clientSecret }], accessTokenTtlSeconds: 300 } }
  })
  const wfm = await startWfmSimulator({ identityProvider: idp, keepBodies: options.keepBodies ?? true })

  const workDir = await mkdtemp(join(tmpdir(), 'wfm-relay-stack-'))
  const configPath = join(workDir, 'config.yaml')
  await writeFile(configPath, stringify({
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: join(workDir, 'data'),
    logLevel: 'info',
    wfm: {
      tokenUrlTemplate: `${idp.url}/auth/realms/{realm}/protocol/openid-connect/token`,
      pushUrlTemplate: wfm.pushUrl
    },
    tenants: {
      [tenant]: {
        clientId,
        clientSecret: { env: 'WFM_RELAY_DEMO_CLIENT_SECRET' },
        sourceId: options.sourceId ?? 'demo-acd'
      }
    },
    callers: [{ name: 'demo-etl', keySha256: [sha256Hex(apiKey)], tenants: [tenant] }],
    profiles: options.profiles ?? {},
    ...options.extraConfig
  }))

  const child = spawn(process.execPath, [serverEntry], {
    env: { ...process.env, WFM_RELAY_CONFIG: configPath, WFM_RELAY_DEMO_CLIENT_SECRET: clientSecret },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const stopAll = async (): Promise<void> => {
    await stopChild(child)
    await wfm.close()
    await idp.close()
    await rm(workDir, { recursive: true, force: true })
  }

  try {
    const relayUrl = await waitForListening(child, options.onLogLine)
    return { relayUrl, pid: child.pid ?? 0, apiKey, tenant, idp, wfm, stop: stopAll }
  } catch (error) {
    await stopAll()
    throw error
  }
}

/** Resolves with the relay's address from its start log line. */
async function waitForListening (child: ChildProcess, onLogLine?: (line: string) => void): Promise<string> {
  if (child.stdout === null) throw new Error('relay stdout is not piped')
  const lines = createInterface({ input: child.stdout })
  return await new Promise((resolve, reject) => {
    child.once('exit', (code) => { reject(new Error(`relay exited with code ${String(code)} before listening`)) })
    lines.on('line', (line) => {
      onLogLine?.(line)
      const address = parseStartAddress(line)
      if (address !== undefined) resolve(address)
    })
  })
}

function parseStartAddress (line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: string, address?: string }
    return entry.msg === 'wfm-relay started' ? entry.address : undefined
  } catch {
    return undefined
  }
}

async function stopChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
