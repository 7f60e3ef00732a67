// Verifies each distinct bearer token once and reuses the outcome until the token's exp claim,
// so a push costs what it would cost at a WFM that caches verified tokens.

import { decodeJwt } from 'jose'
import type { AuthorizationCheck } from '../../sim/wfm/auth-check.js'

/** Verified tokens kept at most; past it the cache starts over, which only costs verifications. */
const maxCachedTokens = 1000

export interface CachedAuthorizationCheck {
  check: AuthorizationCheck
  /** Full verifications (signature, issuer, role) run so far. */
  verifications: () => number
}

/**
 * Wraps `check` with a cache keyed by tenant and Authorization header. Only passing tokens are
 * cached; a token without an exp claim is verified on every request.
 */
export function cacheAuthorizationCheck (
  check: AuthorizationCheck,
  now: () => number = Date.now
): CachedAuthorizationCheck {
  const verifiedUntil = new Map<string, number>()
  let verifications = 0

  const cachedCheck: AuthorizationCheck = async (authorization, tenant) => {
    const key = `${tenant}\n${authorization ?? ''}`
    const until = verifiedUntil.get(key)
    if (until !== undefined && now() < until) return undefined

    verifications++
    const problem = await check(authorization, tenant)
    if (problem !== undefined) return problem

    if (verifiedUntil.size >= maxCachedTokens) verifiedUntil.clear()
    verifiedUntil.set(key, expiresAtMs(authorization))
    return undefined
  }
  return { check: cachedCheck, verifications: () => verifications }
}

/** Reads exp from a header that `check` accepted; 0 when the token has none. */
function expiresAtMs (authorization: string | undefined): number {
  const token = authorization?.split(' ').pop() ?? ''
  const { exp } = decodeJwt(token)
  return exp === undefined ? 0 : exp * 1000
}
