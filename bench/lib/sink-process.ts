// Starts the bench sink (bench/sink/main.ts) as a child process and reads its tally over HTTP.

import { fileURLToPath } from 'node:url'
import { request } from 'undici'
import { pushPath } from '../../sim/wfm-simulator.js'
import { resetPath, summaryPath, uploadsPath, type SinkState, type SinkSummary } from '../sink/sink-server.js'
import type { ChunkCount } from '../sink/upload-tally.js'
import { spawnNode, stopProcess, waitForLine } from './child-process.js'

const sinkEntry = fileURLToPath(new URL('../sink/main.js', import.meta.url))

export interface SinkProcess {
  url: string
  pushUrl: string
  /** Forgets every upload and rejection. */
  reset: () => Promise<void>
  state: () => Promise<SinkState>
  /** Counts of all uploads, and those that are incomplete or not of the expected size. */
  summary: (expected: ChunkCount) => Promise<SinkSummary>
  stop: () => Promise<void>
}

export async function startSinkProcess (identityProviderUrl: string): Promise<SinkProcess> {
  const child = spawnNode(sinkEntry, [identityProviderUrl])
  let url: string
  try {
    url = await waitForLine(child, readSinkUrl, { timeoutMs: 30_000 })
  } catch (error) {
    await stopProcess(child)
    throw error
  }

  return {
    url,
    pushUrl: url + pushPath,
    reset: async () => {
      const response = await request(url + resetPath, { method: 'POST' })
      await response.body.dump()
      if (response.statusCode !== 204) throw new Error(`resetting the sink failed with status ${response.statusCode}`)
    },
    state: async () => await getJson<SinkState>(url + uploadsPath),
    summary: async (expected) => {
      const query = new URLSearchParams({ rows: String(expected.rows), bytes: String(expected.bytes) })
      return await getJson<SinkSummary>(`${url}${summaryPath}?${query.toString()}`)
    },
    stop: async () => { await stopProcess(child) }
  }
}

async function getJson<T> (url: string): Promise<T> {
  const response = await request(url)
  if (response.statusCode !== 200) {
    await response.body.dump()
    throw new Error(`GET ${url} failed with status ${response.statusCode}`)
  }
  return await response.body.json() as T
}

function readSinkUrl (line: string): string | undefined {
  try {
    const value = JSON.parse(line) as { sinkUrl?: unknown }
    return typeof value.sinkUrl === 'string' ? value.sinkUrl : undefined
  } catch {
    return undefined
  }
}
