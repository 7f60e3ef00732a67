import type { IncomingMessage } from 'node:http'

/** The WFM's limit for one file or chunk. */
export const maxBodyBytes = 2_000_000

export interface ReadBody {
  /** The body, or an empty Buffer when it was larger than `maxBytes`. */
  body: Buffer
  /** Bytes received, counted to the end even past the limit. */
  bytes: number
  tooLarge: boolean
}

/**
 * Reads the whole request body. Past `maxBytes` it stops keeping the bytes but goes on reading
 * them, so that the client can finish sending and receive the 413 response.
 */
export async function readBody (request: IncomingMessage, maxBytes = maxBodyBytes): Promise<ReadBody> {
  const parts: Buffer[] = []
  let bytes = 0

  for await (const part of request) {
    const buffer = part as Buffer
    bytes += buffer.length
    if (bytes <= maxBytes) {
      parts.push(buffer)
    } else {
      parts.length = 0
    }
  }

  const tooLarge = bytes > maxBytes
  return { body: tooLarge ? Buffer.alloc(0) : Buffer.concat(parts, bytes), bytes, tooLarge }
}
