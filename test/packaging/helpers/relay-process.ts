// Starts the relay as its own process, the way a container runtime does, and stops it with
// SIGTERM. The relay's pino log lines on stdout tell the listening address.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface RelayProcess {
  /** The relay, or the `unshare` process that waits for it when it runs as PID 1. */
  child: ChildProcessWithoutNullStreams
  /** Process id of the relay itself in the test's PID namespace. */
  relayPid: number
  /** Base URL from the relay's `wfm-relay started` log line. */
  url: string
  logLines: () => Array<Record<string, unknown>>
  stderr: () => string
}

export interface ProcessExit {
  code: number | null
  signal: NodeJS.Signals | null
  elapsedMs: number
}

export interface StartOptions {
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
  startTimeoutMs: number
  /** Run the relay as PID 1 of a new PID namespace, as in a container; see canRunAsPid1. */
  asPid1: boolean
}

const unshareArgs = ['--pid', '--fork', '--kill-child']

/**
 * Returns whether `unshare` can start a process as PID 1 of a new PID namespace here. That
 * needs Linux, util-linux and root (or CAP_SYS_ADMIN), as in CI.
 */
export function canRunAsPid1 (): boolean {
  if (process.platform !== 'linux') return false
  const probe = spawnSync('unshare', [...unshareArgs, 'true'], { stdio: 'ignore' })
  return probe.error === undefined && probe.status === 0
}

export async function startRelayProcess (options: StartOptions): Promise<RelayProcess> {
  const [command, args] = options.asPid1
    ? asPid1Command(options.command, options.args)
    : [options.command, options.args]
  const child = spawn(command, args, { cwd: options.cwd, env: options.env })
  const lines: Array<Record<string, unknown>> = []
  let pending = ''
  let stderr = ''
  child.stderr.on('data', (data: Buffer) => { stderr += data.toString('utf8') })

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`relay did not log "wfm-relay started" within ${options.startTimeoutMs} ms; stderr: ${stderr}`))
    }, options.startTimeoutMs)
    child.stdout.on('data', (data: Buffer) => {
      pending += data.toString('utf8')
      const complete = pending.split('\n')
      pending = complete.pop() ?? ''
      for (const line of complete) {
        const record = parseLogLine(line)
        lines.push(record)
        if (record.msg === 'wfm-relay started') {
          clearTimeout(timer)
          resolve(String(record.address))
        }
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`relay exited before it started (code ${String(code)}, signal ${String(signal)}); stderr: ${stderr}`))
    })
  })

  const relayPid = options.asPid1 ? onlyChildOf(child.pid ?? 0) : child.pid ?? 0
  return { child, relayPid, url, logLines: () => lines, stderr: () => stderr }
}

/** Returns the command and arguments that start a command as PID 1 of a new PID namespace. */
export function asPid1Command (command: string, args: readonly string[]): [string, string[]] {
  return ['unshare', [...unshareArgs, command, ...args]]
}

/** Reads the pid of the one child of an `unshare --fork` process. */
export function onlyChildOf (pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')
  if (children.length !== 1) throw new Error(`expected one child of process ${pid}, found "${children.join(' ')}"`)
  return Number(children[0])
}

/**
 * Sends SIGTERM to the relay and waits for the exit, killing it if it outlives the timeout.
 * `unshare` exits with the relay's exit status, so the result is the relay's either way.
 */
export async function stopRelayProcess (relay: RelayProcess, timeoutMs: number): Promise<ProcessExit> {
  const startedAt = performance.now()
  const exited = new Promise<ProcessExit>((resolve) => {
    // `close` comes after stdout has ended, so the last log lines have arrived by then.
    relay.child.once('close', (code, signal) => {
      resolve({ code, signal, elapsedMs: performance.now() - startedAt })
    })
  })
  // SIGKILL to unshare reaches the relay too, through --kill-child.
  const timer = setTimeout(() => relay.child.kill('SIGKILL'), timeoutMs)
  process.kill(relay.relayPid, 'SIGTERM')
  const exit = await exited
  clearTimeout(timer)
  return exit
}

function parseLogLine (line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return { unparsed: line }
  }
}
