// A Keycloak-like OpenID Connect server for tests and the demo. Each realm is its own
// oidc-provider instance whose issuer is `{url}/auth/realms/{realm}`. One node:http server
// strips that prefix and hands the request to the realm's provider.

import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'

import type Provider from 'oidc-provider'

import { FaultPlans } from './fault-plan.js'
import type { FaultPlan } from './fault-plan.js'
import { closeServer, listen, sendJson } from './http-server.js'
import { createRealmProvider, realmRoutes } from './idp/realm-provider.js'
import type { ClientOptions, RealmOptions } from './idp/realm-provider.js'

export { pushRole, wfmClientId } from './roles.js'
export type { ClientOptions, RealmOptions }

export interface IdentityProviderOptions {
  /** Default: 127.0.0.1. */
  host?: string
  /** Default: 0, a free port. */
  port?: number
  realms: Record<string, RealmOptions>
}

export interface IdentityProvider {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  url: string
  tokenUrl (realm: string): string
  jwksUrl (realm: string): string
  issuer (realm: string): string
  /** Counts every POST to the realm's token endpoint, failed ones included. */
  tokenRequests (realm: string): number
  /**
   * Adds a fault plan for token requests; the plan's `tenant` is the realm. Use it for outages:
   * a sequence of 503s, resets or slow responses.
   */
  injectTokenFaults (plan: FaultPlan): void
  close (): Promise<void>
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>

const realmPathPattern = /^\/auth\/realms\/([^/?]+)(\/[^?]*)?(\?.*)?$/
const realmNamePattern = /^[A-Za-z0-9._-]+$/

function validateOptions (options: IdentityProviderOptions): void {
  for (const [realm, realmOptions] of Object.entries(options.realms)) {
    if (!realmNamePattern.test(realm)) {
      throw new TypeError(`Invalid realm name "${realm}": use letters, digits, ".", "_" or "-"`)
    }

    const ttl = realmOptions.accessTokenTtlSeconds
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) {
      throw new TypeError(
        `Invalid accessTokenTtlSeconds ${ttl} for realm "${realm}": use a positive integer`
      )
    }

    for (const client of realmOptions.clients) {
      if (client.clientId === '' || client.clientSecret === '') {
        throw new TypeError(
          `Invalid client in realm "${realm}": clientId and clientSecret must not be empty`
        )
      }
    }
  }
}

/** Starts the identity provider with one oidc-provider instance per realm. */
export async function startIdentityProvider (
  options: IdentityProviderOptions
): Promise<IdentityProvider> {
  validateOptions(options)

  const host = options.host ?? '127.0.0.1'
  const listeners = new Map<string, RequestListener>()
  const tokenCounts = new Map<string, number>()
  const faults = new FaultPlans()
  let ready = false

  function route (request: IncomingMessage, response: ServerResponse): void {
    const match = realmPathPattern.exec(request.url ?? '')
    const realm = match?.[1]
    if (match === null || realm === undefined) {
      sendJson(response, 404, { error: 'not_found', error_description: 'Use /auth/realms/{realm}/...' })
      return
    }

    // Realm providers are built after listen() reports the port, because the issuer contains it.
    if (!ready) {
      sendJson(response, 503, { error: 'temporarily_unavailable', error_description: 'Starting' })
      return
    }

    const rest = match[2] ?? '/'
    if (request.method === 'POST' && rest === realmRoutes.token) {
      tokenCounts.set(realm, (tokenCounts.get(realm) ?? 0) + 1)
      const fault = faults.next(realm)
      if (fault !== undefined) {
        faults.apply(request, response, fault).then((status) => {
          if (status === 'process') forward(realm, match, request, response)
        }, () => response.destroy())
        return
      }
    }
    forward(realm, match, request, response)
  }

  function forward (realm: string, match: RegExpExecArray, request: IncomingMessage, response: ServerResponse): void {
    const rest = match[2] ?? '/'

    const listener = listeners.get(realm)
    if (listener === undefined) {
      const description = `Realm "${realm}" does not exist`
      sendJson(response, 404, { error: 'realm_not_found', error_description: description })
      return
    }

    // oidc-provider derives its mount path from originalUrl, as under Express's app.use(prefix).
    Object.assign(request, { originalUrl: request.url })
    request.url = rest + (match[3] ?? '')
    listener(request, response).catch((error: unknown) => {
      console.error(`Identity provider failed on ${request.method ?? ''} ${request.url ?? ''}:`, error)
      response.destroy()
    })
  }

  const server = createServer(route)
  const url = await listen(server, host, options.port ?? 0)
  const issuer = (realm: string): string => `${url}/auth/realms/${realm}`

  try {
    for (const [realm, realmOptions] of Object.entries(options.realms)) {
      const provider: Provider = await createRealmProvider(issuer(realm), realmOptions)
      listeners.set(realm, provider.callback())
    }
  } catch (error) {
    await closeServer(server)
    throw error
  }
  ready = true

  return {
    url,
    issuer,
    tokenUrl: (realm) => issuer(realm) + realmRoutes.token,
    jwksUrl: (realm) => issuer(realm) + realmRoutes.jwks,
    tokenRequests: (realm) => tokenCounts.get(realm) ?? 0,
    injectTokenFaults: (plan) => faults.add(plan),
    close: async () => {
      faults.clear()
      await closeServer(server)
    }
  }
}
