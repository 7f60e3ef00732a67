// Starts a relay as a child process (src/server.ts, from dist/ or through tsx in tests) with the
// Node flags of RelaySettings and a generated config that points at the bench's identity
// provider and sink. Each bench run gets a fresh process and data directory, so the process's
// VmHWM covers start-up and that run only.

import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { heapBytesPerJsonByte, jsonHeapShare } from '../../src/plugins/json-memory.js'
import { readStatusKiB, spawnNode, stopProcess, waitForLine } from './child-process.js'
import { jobsConfigSection, type RelaySettings } from './relay-settings.js'
import { sampleRss } from './rss-sampler.js'

const serverEntry = fileURLToPath(new URL('../../src/server.js', import.meta.url))
const mebibyte = 1024 * 1024

export interface RelayTarget {
  identityProviderUrl: string
  pushUrl: string
  tenant: string
  clientId: string
  clientSecret: string
  sourceId: string
  /** The tenant's maxChunkBytes: the largest chunk the relay sends. */
  maxChunkBytes: number
}

export interface RelayProcess {
  url: string
  pid: number
  apiKey: string
  /** VmHWM of the relay process so far, in MiB. */
  peakRssMiB: () => Promise<number>
  /** The largest VmRSS sampled every 100 ms since the start, in MiB. */
  sampledPeakRssMiB: () => number
  stop: () => Promise<void>
}

/**
 * Limits that differ from the defaults. The defaults already accept the large load (3.5 million
 * rows of about 40 bytes: under maxRows 25,000,000 and maxBodyBytes 2 GiB; the multipart file is
 * under multipart.maxFileBytes 1 GiB). The per-caller rate limit would throttle the incremental
 * load.
 */
const benchLimits = {
  rateLimit: { requestsPerMinute: 100_000_000, bytesPerMinute: 1_000_000_000_000 }
}

export interface RelayProcessOptions {
  /**
   * Sets limits.jsonBodyBytes, for JSON bodies above the 16 MiB default. The relay refuses to
   * start when one body of this size cannot fit its heap, so the process also gets an old space
   * large enough for it (see jsonOldSpaceFlag).
   */
  jsonBodyBytes?: number
}

export async function startRelayProcess (
  target: RelayTarget,
  settings: RelaySettings,
  options: RelayProcessOptions = {}
): Promise<RelayProcess> {
  const apiKey = randomBytes(24).toString('base64url')
  const workDir = await mkdtemp(join(tmpdir(), 'wfm-relay-bench-relay-'))
  const configPath = join(workDir, 'config.yaml')
  await writeFile(configPath, stringify(relayConfig(target, settings, apiKey, workDir, options)))

  const env = { ...process.env, WFM_RELAY_CONFIG: configPath, WFM_RELAY_BENCH_CLIENT_SECRET: target.clientSecret }
  const nodeFlags = options.jsonBodyBytes === undefined
    ? settings.nodeFlags
    : [...settings.nodeFlags.filter((flag) => !flag.startsWith('--max-old-space-size=')), jsonOldSpaceFlag(options.jsonBodyBytes)]
  const child = spawnNode(serverEntry, [], env, nodeFlags)
  const sampler = sampleRss(child.pid ?? 0)
  const stop = async (): Promise<void> => {
    sampler.stop()
    await stopProcess(child)
    await rm(workDir, { recursive: true, force: true })
  }

  try {
    const url = await waitForLine(child, readStartAddress, { timeoutMs: 60_000, onLine: forwardProblems })
    const pid = child.pid ?? 0
    return {
      url,
      pid,
      apiKey,
      peakRssMiB: async () => (await readStatusKiB(pid, 'VmHWM')) / 1024,
      sampledPeakRssMiB: sampler.maxMiB,
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

function relayConfig (
  target: RelayTarget,
  settings: RelaySettings,
  apiKey: string,
  workDir: string,
  options: RelayProcessOptions
): Record<string, unknown> {
  const jobs = jobsConfigSection(settings)
  return {
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: join(workDir, 'data'),
    // The default level, so the relay pays for its request logs as it would in production.
    logLevel: 'info',
    wfm: {
      tokenUrlTemplate: `${target.identityProviderUrl}/auth/realms/{realm}/protocol/openid-connect/token`,
      pushUrlTemplate: target.pushUrl
    },
    limits: options.jsonBodyBytes === undefined ? benchLimits : { ...benchLimits, jsonBodyBytes: options.jsonBodyBytes },
    ...(jobs === undefined ? {} : { jobs }),
    tenants: {
      [target.tenant]: {
        clientId: target.clientId,
        clientSecret: { env: 'WFM_RELAY_BENCH_CLIENT_SECRET' },
        sourceId: target.sourceId,
        maxChunkBytes: target.maxChunkBytes
      }
    },
    callers: [{ name: 'bench', keySha256: [sha256Hex(apiKey)], tenants: [target.tenant] }]
  }
}

/**
 * Returns an old-space flag that gives JSON bodies of `jsonBodyBytes` room in the relay's
 * budget for parsed JSON, a share of the heap limit, plus 64 MiB for the rest of the relay.
 */
export function jsonOldSpaceFlag (jsonBodyBytes: number): string {
  const heapBytes = jsonBodyBytes * heapBytesPerJsonByte / jsonHeapShare
  return `--max-old-space-size=${Math.ceil(heapBytes / mebibyte) + 64}`
}

function readStartAddress (line: string): string | undefined {
  if (!line.includes('wfm-relay started')) return undefined
  try {
    const entry = JSON.parse(line) as { msg?: unknown, address?: unknown }
    return entry.msg === 'wfm-relay started' && typeof entry.address === 'string' ? entry.address : undefined
  } catch {
    return undefined
  }
}

let forwardedProblems = 0
const maxForwardedProblems = 20

/**
 * Copies the relay's warn and error lines (pino levels 40 and up) to stderr, the first 20 of the
 * bench only, because a failing run can log one per request. A plain substring test keeps the
 * thousands of info lines of an incremental run cheap.
 */
function forwardProblems (line: string): void {
  if (!/"level":[456]\d/.test(line) || forwardedProblems >= maxForwardedProblems) return
  forwardedProblems++
  process.stderr.write(`relay: ${line}\n`)
  if (forwardedProblems === maxForwardedProblems) process.stderr.write('relay: further warnings are not shown\n')
}
