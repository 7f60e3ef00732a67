// Raw TCP clients for the tests that need a real socket: one that stops half-way, one that
// sends a byte now and then.

import { readdir } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'

export async function listenOnLoopback (app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address')
  return address.port
}

export interface RawClient {
  socket: Socket
  /** Everything the server sent so far. */
  received: () => string
  closed: Promise<void>
}

export async function openRawClient (port: number): Promise<RawClient> {
  const socket = connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  // A reset from the server is one way the tests expect the connection to end.
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => { resolve() }))
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed }
}

/** Writes `piece` every `everyMs` until the socket closes or `maxPieces` were sent. */
export async function dribble (client: RawClient, piece: string, everyMs: number, maxPieces: number): Promise<number> {
  let sent = 0
  while (sent < maxPieces && !client.socket.destroyed && client.socket.writable) {
    client.socket.write(piece)
    sent++
    await sleep(everyMs)
  }
  return sent
}

/** Resolves true once `check` returns true, or false after `timeoutMs`. */
export async function eventually (check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(25)
  }
  return await check()
}

/** Returns the entries of `{dataDir}/{name}`, or [] when the directory does not exist. */
export async function entriesOf (dataDir: string, name: string): Promise<string[]> {
  return await readdir(join(dataDir, name)).catch(() => [])
}

/** Counts this process's open file descriptors (Linux). */
export async function openDescriptors (): Promise<number> {
  return (await readdir('/proc/self/fd')).length
}

export function requestHead (lines: string[]): string {
  return lines.map((line) => line + '\r\n').join('') + '\r\n'
}
