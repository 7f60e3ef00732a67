// Reads claims from an access token without verifying it. The relay only reports them (in the
// tenant check); the WFM verifies tokens itself.

export const pushRole = 'WFM_HISTORICAL_DATA_PUSH'
export const forecastingClient = 'wfm-forecasting-app'

export interface TokenClaims {
  /** Expiry from the `exp` claim, as ISO 8601 UTC. */
  expiresAt?: string
  /** Client roles under resource_access["wfm-forecasting-app"].roles. */
  roles: string[]
}

/** Returns the claims of a JWT, or undefined when the token is not a JWT (an opaque token). */
export function readTokenClaims (accessToken: string): TokenClaims | undefined {
  const payload = decodePayload(accessToken)
  if (payload === undefined) return undefined

  const exp = typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : undefined
  return {
    expiresAt: exp === undefined ? undefined : new Date(exp * 1000).toISOString().replace('.000Z', 'Z'),
    roles: forecastingRoles(payload)
  }
}

function decodePayload (accessToken: string): Record<string, unknown> | undefined {
  const parts = accessToken.split('.')
  if (parts.length !== 3 || parts[1] === undefined) return undefined
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return payload !== null && typeof payload === 'object' ? payload as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

function forecastingRoles (payload: Record<string, unknown>): string[] {
  const access = payload.resource_access
  if (access === null || typeof access !== 'object') return []
  const client = (access as Record<string, unknown>)[forecastingClient]
  if (client === null || typeof client !== 'object') return []
  const roles = (client as { roles?: unknown }).roles
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : []
}
