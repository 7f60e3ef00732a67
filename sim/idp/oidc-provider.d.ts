// Types for the part of oidc-provider 9 that the simulator uses. The package ships no types of
// its own, and this covers only the options and methods the simulator calls.

declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface ClientMetadata {
    client_id: string
    client_secret?: string
    grant_types?: string[]
    response_types?: string[]
    redirect_uris?: string[]
    token_endpoint_auth_method?: string
  }

  /** The fields of an issued token that the simulator reads in `extraTokenClaims`. */
  export interface IssuedToken {
    clientId?: string
    resourceServer?: { accessTokenTTL?: number }
  }

  export interface ResourceServerInfo {
    scope: string
    audience?: string
    accessTokenTTL?: number
    accessTokenFormat?: 'opaque' | 'jwt'
    jwt?: { sign?: { alg?: string, kid?: string } }
  }

  /** A storage backend for one model (AccessToken, Session, ...). */
  export interface Adapter {
    upsert (id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void>
    find (id: string): Promise<Record<string, unknown> | undefined>
    findByUserCode (userCode: string): Promise<Record<string, unknown> | undefined>
    findByUid (uid: string): Promise<Record<string, unknown> | undefined>
    consume (id: string): Promise<void>
    destroy (id: string): Promise<void>
    revokeByGrantId (grantId: string): Promise<void>
  }

  export interface Configuration {
    adapter?: new (modelName: string) => Adapter
    clients?: ClientMetadata[]
    jwks?: { keys: Array<Record<string, unknown>> }
    routes?: Record<string, string>
    features?: {
      devInteractions?: { enabled: boolean }
      clientCredentials?: { enabled: boolean }
      resourceIndicators?: {
        enabled: boolean
        defaultResource?: (context: unknown, client: unknown) => string | Promise<string>
        useGrantedResource?: (context: unknown, model: unknown) => boolean | Promise<boolean>
        getResourceServerInfo?: (
          context: unknown,
          resourceIndicator: string,
          client: unknown
        ) => ResourceServerInfo | Promise<ResourceServerInfo>
      }
    }
    ttl?: Record<string, number | ((context: unknown, token: IssuedToken, client: unknown) => number)>
    extraTokenClaims?: (
      context: unknown,
      token: IssuedToken
    ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>
  }

  export default class Provider {
    constructor (issuer: string, configuration?: Configuration)
    readonly issuer: string
    /** Returns a node:http request listener, as Koa's `callback()` does. */
    callback (): (request: IncomingMessage, response: ServerResponse) => Promise<void>
    on (event: string, listener: (...args: unknown[]) => void): this
  }
}
