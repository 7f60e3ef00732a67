import { generateKeyPair, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'

import Provider from 'oidc-provider'
import type { ClientMetadata } from 'oidc-provider'

import { pushRole, wfmClientId } from '../roles.js'
import { createMemoryAdapter } from './memory-adapter.js'

/** Keycloak's endpoint paths below a realm's issuer URL. */
export const realmRoutes = {
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs'
} as const

export interface ClientOptions {
  clientId: string
  clientSecret: string
  /** Roles under `resource_access["wfm-forecasting-app"].roles`. Default: the push role only. */
  roles?: string[]
}

export interface RealmOptions {
  clients: ClientOptions[]
  /** Lifetime of issued access tokens. Default: 300, the lifetime in the vendor's example. */
  accessTokenTtlSeconds?: number
}

// Every access token is issued for this one resource, so that oidc-provider formats it as a JWT.
const resourceIndicator = `urn:${wfmClientId}`

const generateKeyPairAsync = promisify(generateKeyPair)

async function createSigningKey (): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 })
  const jwk = privateKey.export({ format: 'jwk' })

  return { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }
}

function toClientMetadata (client: ClientOptions): ClientMetadata {
  // oidc-provider 9 accepts the secret in the form body or as HTTP Basic for either secret
  // method (see its lib/shared/client_auth.js), so this client gets both.
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post'
  }
}

/**
 * Creates an oidc-provider instance for one realm. It issues RS256-signed JWT access tokens
 * with the client_credentials grant and adds Keycloak's `azp` and `resource_access` claims.
 */
export async function createRealmProvider (issuer: string, options: RealmOptions): Promise<Provider> {
  const ttlSeconds = options.accessTokenTtlSeconds ?? 300
  const rolesByClient = new Map(options.clients.map((client) => {
    return [client.clientId, client.roles ?? [pushRole]]
  }))

  return new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients: options.clients.map(toClientMetadata),
    jwks: { keys: [await createSigningKey()] },
    routes: { ...realmRoutes },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resourceIndicator,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: '',
          audience: wfmClientId,
          accessTokenFormat: 'jwt',
          accessTokenTTL: ttlSeconds,
          jwt: { sign: { alg: 'RS256' } }
        })
      }
    },
    ttl: { ClientCredentials: ttlSeconds },
    extraTokenClaims: (_context, token) => {
      const clientId = token.clientId ?? ''
      const roles = rolesByClient.get(clientId) ?? []

      return {
        typ: 'Bearer',
        azp: clientId,
        resource_access: { [wfmClientId]: { roles } }
      }
    }
  })
}
