// Events of the WFM client layer that metrics count. The layer reports through this interface,
// so it does not depend on a metrics library.

export type UpstreamEndpoint = 'token' | 'push'

export interface UpstreamObserver {
  /** One HTTP exchange with the identity provider or the WFM; `status` is absent without a response. */
  upstreamRequest: (event: { tenant: string, endpoint: UpstreamEndpoint, status?: number, durationSeconds: number }) => void
  /** One token request from its first attempt to its result. */
  tokenRequest: (event: { tenant: string, outcome: 'issued' | 'rejected' | 'unavailable' }) => void
  /** A request about to be retried, with why: an HTTP status, `timeout`, `network` or `unauthorized`. */
  retry: (event: { tenant: string, endpoint: UpstreamEndpoint, reason: string }) => void
  /** A chunk the WFM acknowledged. */
  chunkSent: (event: { tenant: string, bytes: number, rows: number }) => void
}

/** Names why a request is retried: its HTTP status, else `timeout` or `network`. */
export function retryReason (failure: { status?: number, timedOut: boolean }): string {
  if (failure.status !== undefined) return String(failure.status)
  return failure.timedOut ? 'timeout' : 'network'
}

export const ignoreUpstreamEvents: UpstreamObserver = {
  upstreamRequest: () => {},
  tokenRequest: () => {},
  retry: () => {},
  chunkSent: () => {}
}
