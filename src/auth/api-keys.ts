// Caller authentication by API key. The config stores only SHA-256 digests of keys.

import { createHash, timingSafeEqual } from 'node:crypto'
import type { Caller } from '../config/resolve.js'

/** Extracts the key from `Authorization: Bearer <key>`, or undefined when there is none. */
export function bearerKey (header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header)
  return match?.[1]
}

/**
 * Finds the caller that owns the key. Every stored digest is compared, with a constant-time
 * comparison, so the response time does not reveal which caller or how much of a digest matched.
 */
export function findCaller (key: string, callers: readonly Caller[]): Caller | undefined {
  const digest = createHash('sha256').update(key, 'utf8').digest()
  let found: Caller | undefined
  for (const caller of callers) {
    for (const known of caller.keyDigests) {
      if (timingSafeEqual(digest, known) && found === undefined) found = caller
    }
  }
  return found
}

export function sha256Hex (key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}
