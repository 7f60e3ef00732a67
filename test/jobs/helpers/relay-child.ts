// Runs src/server.ts as a real child process through tap's TypeScript loader, against the
// simulators of the test, so a test can kill it (SIGKILL or SIGTERM) and start it again on the
// same data directory.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { stringify } from 'yaml'
import { sha256Hex } from '../../../src/auth/api-keys.js'
import { startIdentityProvider, type IdentityProvider } from '../../../sim/identity-provider.js'
import { startWfmSimulator, type WfmSimulator } from '../../../sim/wfm-simulator.js'

export interface ChildStack {
  idp: IdentityProvider
  wfm: WfmSimulator
  apiKey: string
  dataDir: string
  /** Starts a relay process on the stack's config; stopped in teardown if still running. */
  startRelay: () => Promise<RelayChild>
}

export interface RelayChild {
  child: ChildProcessWithoutNullStreams
  url: string
  /** Parsed pino lines from stdout so far. */
  logLines: () => Array<Record<string, unknown>>
  stderr: () => string
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

// The TypeScript loader that tap runs this test with (tsx, set in package.json), reused for the child.
const loaderFlag = process.execArgv.find((flag) => flag === '--import=tsx' || flag.includes('@tapjs/typescript'))

export async function startChildStack (t: Test, config: { jobs?: object, wfm?: object, shutdownGraceMs?: number }): Promise<ChildStack> {
  const clientSecret = randomBytes(16).toString('hex')
  const idp = await startIdentityProvider({ realms: { acme: { clients: [{ clientId: 'relay-acme', clientSecret }] } } })
  t.teardown(async () => { await idp.close() })
  const wfm = await startWfmSimulator({ identityProvider: idp })
  t.teardown(async () => { await wfm.close() })

  const workDir = await mkdtemp(join(tmpdir(), 'wfm-relay-child-'))
  t.teardown(async () => { await rm(workDir, { recursive: true, force: true }) })
  const apiKey = randomBytes(16).toString('hex')
  const dataDir = join(workDir, 'data')
  const configPath = join(workDir, 'config.yaml')
  await writeFile(configPath, stringify({
    listen: { host: '127.0.0.1', port: 0 },
    dataDir,
    logLevel: 'info',
    wfm: {
      tokenUrlTemplate: `${idp.url}/auth/realms/{realm}/protocol/openid-connect/token`,
      pushUrlTemplate: wfm.pushUrl,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 50,
      ...config.wfm
    },
    jobs: config.jobs ?? {},
    ...(config.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: config.shutdownGraceMs }),
    tenants: { acme: { clientId: 'relay-acme', clientSecret: { env: 'ACME_SECRET' }, sourceId: 'acd-1', maxChunkBytes: 1024 } },
    callers: [{ name: 'etl', keySha256: [sha256Hex(apiKey)], tenants: ['acme'] }]
  }))

  const env = { ...process.env, WFM_RELAY_CONFIG: configPath, ACME_SECRET: clientSecret, TS_NODE_TRANSPILE_ONLY: '1' }
  return {
    idp,
    wfm,
    apiKey,
    dataDir,
    startRelay: async () => {
      const relay = await spawnRelay(env)
      t.teardown(() => { relay.child.kill('SIGKILL') })
      return relay
    }
  }
}

async function spawnRelay (env: NodeJS.ProcessEnv): Promise<RelayChild> {
  if (loaderFlag === undefined) throw new Error('run this test through tap, which loads TypeScript with tsx')
  const child = spawn(process.execPath, [loaderFlag, join('src', 'server.ts')], { env })
  const lines: Array<Record<string, unknown>> = []
  let stderr = ''
  let pending = ''
  child.stderr.on('data', (data: Buffer) => { stderr += data.toString('utf8') })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }))
  })

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start within 30 s; stderr: ${stderr}`)), 30_000)
    child.stdout.on('data', (data: Buffer) => {
      pending += data.toString('utf8')
      const complete = pending.split('\n')
      pending = complete.pop() ?? ''
      for (const line of complete) {
        const record = JSON.parse(line) as Record<string, unknown>
        lines.push(record)
        if (record.msg === 'wfm-relay started') {
          clearTimeout(timer)
          resolve(String(record.address))
        }
      }
    })
    void exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`relay exited with ${String(code)} before it started; stderr: ${stderr}`))
    })
  })
  return { child, url, logLines: () => lines, stderr: () => stderr, exited }
}

/** GETs an import's status from a relay process. */
export function childGetter (relay: RelayChild, apiKey: string) {
  return async (id: string): Promise<{ statusCode: number, body: Record<string, unknown> }> => {
    const response = await fetch(`${relay.url}/v1/imports/${id}`, { headers: { authorization: `Bearer ${apiKey}` } })
    return { statusCode: response.status, body: await response.json() as Record<string, unknown> }
  }
}
