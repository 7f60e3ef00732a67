import type { ServerResponse } from 'node:http'

import type { ForcedResponse } from './types.js'

function encodeBody (body: ForcedResponse['body']): { bytes: Buffer, contentType?: string } {
  if (body === undefined) return { bytes: Buffer.alloc(0) }
  if (Buffer.isBuffer(body)) return { bytes: body }
  if (typeof body === 'string') {
    return { bytes: Buffer.from(body), contentType: 'text/plain; charset=utf-8' }
  }
  return { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json; charset=utf-8' }
}

/** A queue of forced responses, each consumed by one push request. */
export class FaultQueue {
  #queue: ForcedResponse[] = []
  #delays = new Map<NodeJS.Timeout, () => void>()

  add (responses: ForcedResponse[]): void {
    this.#queue.push(...responses)
  }

  /** Queues `count` responses with `status` and a JSON error body. */
  failNext (count: number, status: number): void {
    const body = { error: 'forced_failure', message: `Forced ${status} response set by the test` }
    for (let i = 0; i < count; i++) this.#queue.push({ status, body })
  }

  take (): ForcedResponse | undefined {
    return this.#queue.shift()
  }

  /** Sends a forced response after its delay. Clearing the queue ends every delay at once. */
  async send (response: ServerResponse, forced: ForcedResponse): Promise<void> {
    if (forced.delayMs !== undefined && forced.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#delays.delete(timer)
          resolve()
        }, forced.delayMs)
        this.#delays.set(timer, resolve)
      })
    }

    if (response.destroyed) return

    const { bytes, contentType } = encodeBody(forced.body)
    const headers: Record<string, string | number> = { 'content-length': bytes.length }
    if (contentType !== undefined) headers['content-type'] = contentType
    response.writeHead(forced.status, { ...headers, ...forced.headers })
    response.end(bytes)
  }

  /** Drops queued responses and ends pending delays, so their responses go out now. */
  clear (): void {
    this.#queue = []
    for (const [timer, resolve] of this.#delays) {
      clearTimeout(timer)
      resolve()
    }
    this.#delays.clear()
  }
}
