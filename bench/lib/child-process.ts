// Node child processes of the bench (the sink and relays): started with the parent's TypeScript
// loader when there is one, watched through their stdout lines, and stopped with SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'

/**
 * Node flags that load TypeScript (tsx under tap), so that a child of a test runs from source as
 * its parent does. From dist/ there are none.
 */
function loaderFlags (): string[] {
  return process.execArgv.filter((flag) => flag.includes('tsx'))
}

/**
 * Starts `node ...nodeFlags <entry> ...args` with stdout piped and stderr shared with this
 * process. `nodeFlags` apply to the child only.
 */
export function spawnNode (
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  nodeFlags: string[] = []
): ChildProcess {
  return spawn(process.execPath, [...loaderFlags(), ...nodeFlags, entry, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit']
  })
}

/**
 * Resolves with the first value that `pick` returns for a stdout line, and rejects when the child
 * exits first or `timeoutMs` passes. Every line, later ones included, also goes to `onLine`.
 */
export async function waitForLine<T> (
  child: ChildProcess,
  pick: (line: string) => T | undefined,
  options: { timeoutMs: number, onLine?: (line: string) => void }
): Promise<T> {
  if (child.stdout === null) throw new Error('the child process has no stdout pipe')
  const lines = createInterface({ input: child.stdout })

  return await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`child process ${String(child.pid)} printed no start line within ${options.timeoutMs} ms`))
    }, options.timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`child process exited with code ${String(code)} (signal ${String(signal)}) before it started`))
    })

    let found = false
    lines.on('line', (line) => {
      options.onLine?.(line)
      if (found) return
      const value = pick(line)
      if (value === undefined) return
      found = true
      clearTimeout(timer)
      resolve(value)
    })
  })
}

/** Sends SIGTERM and waits for the exit; SIGKILL follows after `graceMs`. */
export async function stopProcess (child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/**
 * Reads a size field of /proc/<pid>/status, such as VmRSS (resident set size now) or VmHWM (the
 * peak resident set size the kernel recorded since the process started), in KiB. Linux only:
 * elsewhere, or for a process that is gone, it returns 0.
 */
export async function readStatusKiB (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
}
