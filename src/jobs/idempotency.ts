// Idempotent uploads: a repeated request with the same key and the same content returns the
// original job. The key comes from the Idempotency-Key header or, without one, from a pushToken
// the caller chose. Keys are scoped per caller and tenant by the job store.

import { createHash, type Hash } from 'node:crypto'
import { RelayError } from '../errors.js'
import type { ImportJob } from './job-store.js'

/** Printable ASCII without spaces at either end, as most clients generate (UUIDs, hashes). */
const keyPattern = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/

export interface KeySources {
  /** The Idempotency-Key header as received. */
  header: string | string[] | undefined
  /** The pushToken when the caller set it, undefined when the relay generated one. */
  callerPushToken: string | undefined
}

/**
 * Returns the job's idempotency key, or undefined when the request carries none. The two sources
 * get different prefixes, so a header value can never match a pushToken key.
 */
export function idempotencyKeyOf (sources: KeySources): string | undefined {
  const { header } = sources
  if (Array.isArray(header)) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      'the Idempotency-Key header is sent more than once; send it once')
  }
  if (header !== undefined) {
    if (!keyPattern.test(header)) {
      throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
        'invalid Idempotency-Key header: use 1 to 255 printable ASCII characters, for example a UUID')
    }
    return `key:${header}`
  }
  return sources.callerPushToken === undefined ? undefined : `pushToken:${sources.callerPushToken}`
}

export interface HashedParameters {
  sourceId: string
  intervalSeconds: number
  /** Only a pushToken the caller chose; a generated one differs on every request. */
  callerPushToken: string | undefined
}

/**
 * SHA-256 over the spooled CSV lines (the bytes the chunks contain, in order) and the parameters
 * sent with every chunk. Two requests with equal hashes send the WFM the same requests.
 */
const hashBlockLength = 64 * 1024

export class ContentHasher {
  readonly #hash: Hash = createHash('sha256')
  // Lines are hashed in blocks: one hash update per line cost more than the hashing itself.
  #pending = ''

  update (line: string): void {
    this.#pending += line
    if (this.#pending.length >= hashBlockLength) {
      this.#hash.update(this.#pending, 'utf8')
      this.#pending = ''
    }
  }

  digest (parameters: HashedParameters): string {
    const header = JSON.stringify([
      parameters.sourceId, parameters.intervalSeconds, parameters.callerPushToken ?? null
    ])
    this.#hash.update(this.#pending, 'utf8')
    this.#pending = ''
    const content = this.#hash.digest('hex')
    return createHash('sha256').update(`${header}\n${content}`).digest('hex')
  }
}

/** Throws WFM_RELAY_IDEMPOTENCY_CONFLICT when the stored job was made from other content. */
export function checkSameContent (existing: ImportJob, contentHash: string): void {
  if (existing.contentHash === contentHash) return

  const key = existing.idempotencyKey ?? ''
  const what = key.startsWith('pushToken:')
    ? `pushToken ${key.slice('pushToken:'.length)}`
    : `Idempotency-Key "${key.slice('key:'.length)}"`
  throw new RelayError('WFM_RELAY_IDEMPOTENCY_CONFLICT',
    `${what} was already used by this caller for tenant "${existing.tenant}" with a different ` +
    `body or parameters (import ${existing.id}); nothing was imported. Send a new key for new ` +
    'data, or repeat the original request unchanged', { importId: existing.id })
}
