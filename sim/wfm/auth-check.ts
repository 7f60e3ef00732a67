import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import type { JWTPayload, JWTVerifyGetKey } from 'jose'

import { pushRole, wfmClientId } from '../roles.js'
import { reject } from './types.js'
import type { Rejection } from './types.js'

/** The source of each realm's JWKS URL and issuer. The identity provider implements it. */
export interface RealmDirectory {
  jwksUrl (realm: string): string
  issuer (realm: string): string
}

export type AuthorizationCheck = (
  authorization: string | undefined,
  tenant: string
) => Promise<Rejection | undefined>

function hasPushRole (payload: JWTPayload): boolean {
  const resourceAccess = payload.resource_access as Record<string, { roles?: unknown }> | undefined
  const roles = resourceAccess?.[wfmClientId]?.roles

  return Array.isArray(roles) && roles.includes(pushRole)
}

function readBearerToken (authorization: string | undefined): string | Rejection {
  if (authorization === undefined || authorization === '') {
    const message = 'The Authorization header is missing: send "Bearer {access_token}"'
    return reject(401, 'missing_token', message)
  }

  const match = /^Bearer +([^ ]+)$/i.exec(authorization)
  if (match?.[1] === undefined) {
    return reject(401, 'invalid_token', 'The Authorization header must be "Bearer {access_token}"')
  }
  return match[1]
}

function readIssuer (token: string): string | Rejection {
  try {
    const { iss } = decodeJwt(token)
    return iss ?? reject(401, 'invalid_token', 'The bearer token has no iss claim')
  } catch {
    return reject(401, 'invalid_token', 'The bearer token is not a JWT')
  }
}

function describeVerifyError (error: unknown): Rejection {
  const code = (error as { code?: unknown }).code
  if (code === 'ERR_JWT_EXPIRED') {
    return reject(401, 'token_expired', 'The bearer token has expired: request a new one')
  }

  const reason = error instanceof Error ? error.message : String(error)
  return reject(401, 'invalid_token', `The bearer token failed verification: ${reason}`)
}

/**
 * Creates the check that a request's bearer token was signed by the realm named by Tenant-ID,
 * has not expired and carries the push role. It returns undefined when the token passes.
 * A token from another realm gets 403, the status assumed for a wrong tenant, rather than 401.
 */
export function createAuthorizationCheck (realms: RealmDirectory): AuthorizationCheck {
  const keySets = new Map<string, JWTVerifyGetKey>()

  function keySetFor (realm: string): JWTVerifyGetKey {
    const url = realms.jwksUrl(realm)
    let keySet = keySets.get(url)
    if (keySet === undefined) {
      keySet = createRemoteJWKSet(new URL(url))
      keySets.set(url, keySet)
    }
    return keySet
  }

  return async (authorization, tenant) => {
    const token = readBearerToken(authorization)
    if (typeof token !== 'string') return token

    const issuer = readIssuer(token)
    if (typeof issuer !== 'string') return issuer

    const expectedIssuer = realms.issuer(tenant)
    if (issuer !== expectedIssuer) {
      const message = `The bearer token was issued by ${issuer}, ` +
        `not by tenant "${tenant}" (${expectedIssuer})`
      return reject(403, 'wrong_tenant', message)
    }

    let payload: JWTPayload
    try {
      const verifyOptions = { issuer: expectedIssuer, algorithms: ['RS256', 'ES256'] }
      payload = (await jwtVerify(token, keySetFor(tenant), verifyOptions)).payload
    } catch (error) {
      return describeVerifyError(error)
    }

    if (!hasPushRole(payload)) {
      const message = `The bearer token lacks the role ${pushRole} under ` +
        `resource_access["${wfmClientId}"].roles`
      return reject(403, 'missing_role', message)
    }
    return undefined
  }
}
