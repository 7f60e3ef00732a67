// Reading a Keycloak token endpoint's response: the token and its lifetime on success, and a
// message that names the fix when the endpoint rejects the tenant's client.

/** A bearer token and how long the relay may reuse it. */
export interface IssuedToken {
  accessToken: string
  /** The `expires_in` of the response in seconds; undefined when the response had none. */
  expiresInSeconds: number | undefined
}

/** The OAuth error codes (RFC 6749, section 5.2) with what the operator should change. */
const oauthErrorFixes: Record<string, string> = {
  invalid_client: 'check clientId and clientSecret',
  unauthorized_client: 'enable "Service accounts" (the client credentials grant) for the client, ' +
    'a client of type "Historical data import"',
  invalid_grant: 'enable "Service accounts" (the client credentials grant) for the client',
  invalid_scope: 'check the client scopes of the client in the realm',
  invalid_request: 'check that tokenUrl is the realm\'s OpenID Connect token endpoint',
  unsupported_grant_type: 'enable "Service accounts" (the client credentials grant) for the client'
}

/**
 * Parses a 2xx response. Returns the token, or the reason the response is unusable: not JSON,
 * no access_token, a token_type other than bearer (any case), or an invalid expires_in.
 */
export function parseTokenResponse (body: Buffer): IssuedToken | { invalid: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return { invalid: 'the response is not JSON' }
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { invalid: 'the response is not a JSON object' }
  }

  const fields = parsed as Record<string, unknown>
  const accessToken = fields.access_token
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    return { invalid: 'access_token is missing' }
  }
  if (typeof fields.token_type !== 'string' || fields.token_type.toLowerCase() !== 'bearer') {
    return { invalid: `token_type is ${JSON.stringify(fields.token_type) ?? 'missing'}, not "bearer"` }
  }

  const expiresIn = parseExpiresIn(fields.expires_in)
  if (expiresIn === null) {
    return { invalid: `expires_in ${JSON.stringify(fields.expires_in)} is not a number of seconds` }
  }
  return { accessToken, expiresInSeconds: expiresIn }
}

/** Accepts a number or a numeric string (some servers quote it); null when invalid. */
function parseExpiresIn (value: unknown): number | undefined | null {
  if (value === undefined) {
    return undefined
  }
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return null
  }
  return seconds
}

/**
 * Returns how long a token may be reused, in milliseconds from the moment its response arrived:
 * the lifetime minus a margin. The margin is the larger of 30 s and a tenth of the lifetime,
 * so a chunk never starts with a token about to expire. It is capped at half the lifetime, so
 * short-lived tokens are still reused: 300 s gives 270 s, 3600 s gives 3240 s, 20 s gives 10 s.
 * Without expires_in the token is used once.
 */
export function reuseWindowMs (expiresInSeconds: number | undefined): number {
  if (expiresInSeconds === undefined) {
    return 0
  }
  const lifetimeMs = expiresInSeconds * 1000
  const marginMs = Math.min(Math.max(30_000, lifetimeMs / 10), lifetimeMs / 2)
  return lifetimeMs - marginMs
}

/**
 * Builds the message for a token request that failed for good: the OAuth error code when the
 * response has one, else the status, and what to change in the tenant's settings.
 */
export function describeTokenRejection (tenant: string, status: number, body: Buffer): string {
  const where = `The token endpoint rejected the client of tenant "${tenant}"`
  const oauthError = readOAuthError(body)
  if (oauthError !== undefined) {
    const fix = oauthErrorFixes[oauthError] ?? 'check the client\'s settings in the realm'
    return `${where} with status ${status} (${oauthError}); ${fix}`
  }
  if (status === 404) {
    return `The token endpoint of tenant "${tenant}" returned 404; check tokenUrl and the realm name`
  }
  if (status >= 300 && status < 400) {
    return `The token endpoint of tenant "${tenant}" redirected with status ${status}; ` +
      'set tokenUrl to the final URL (for example https instead of http)'
  }
  return `${where} with status ${status}; check tokenUrl, clientId and clientSecret`
}

function readOAuthError (body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    const error = (parsed as { error?: unknown } | null)?.error
    return typeof error === 'string' && /^[\x20-\x7e]{1,64}$/.test(error) ? error : undefined
  } catch {
    return undefined
  }
}
