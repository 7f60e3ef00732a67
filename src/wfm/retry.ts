// Waiting between attempts: full-jitter exponential backoff, or the upstream's Retry-After.

import { setTimeout as sleep } from 'node:timers/promises'
import type { UpstreamSettings } from '../config/tenant-settings.js'

export type RetryTiming = Pick<UpstreamSettings, 'retryBaseDelayMs' | 'retryMaxDelayMs'>

/**
 * Returns the wait after failed attempt number `attempt` (1-based). A Retry-After value wins
 * but is capped by retryMaxDelayMs. Otherwise the wait is drawn uniformly from zero to
 * base * 2^(attempt - 1), capped by retryMaxDelayMs ("full jitter"), so that many relays that
 * failed together do not retry together.
 */
export function retryDelayMs (
  attempt: number,
  timing: RetryTiming,
  retryAfterMs?: number,
  random: () => number = Math.random
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, timing.retryMaxDelayMs)
  }
  const ceiling = Math.min(timing.retryMaxDelayMs, timing.retryBaseDelayMs * 2 ** (attempt - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Parses a Retry-After header: delay seconds or an HTTP date. Returns milliseconds from `nowMs`,
 * or undefined when the header is absent or invalid.
 */
export function parseRetryAfterMs (
  header: string | string[] | undefined,
  nowMs = Date.now()
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined) {
    return undefined
  }

  const text = value.trim()
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000
  }
  // HTTP dates start with a day name; Date.parse alone would also accept "-5" or "1.5".
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(date)) {
    return undefined
  }
  return Math.max(0, date - nowMs)
}

/** Waits `ms`; rejects with the signal's reason if the caller aborts first. */
export async function delay (ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  try {
    await sleep(ms, undefined, { signal })
  } catch (error) {
    signal?.throwIfAborted()
    throw error
  }
}
