// Starts the identity provider and the WFM simulator for one test file and sends requests to
// them. Everything started here is closed in the test's teardown.

import { randomUUID } from 'node:crypto'

import { startIdentityProvider } from '../../sim/identity-provider.js'
import type { IdentityProvider, RealmOptions } from '../../sim/identity-provider.js'
import { startWfmSimulator } from '../../sim/wfm-simulator.js'
import type { WfmSimulator, WfmSimulatorOptions } from '../../sim/wfm-simulator.js'

interface Teardown { teardown: (fn: () => Promise<void> | void) => void }

export const clientId = 'relay-acme'
export const clientSecret = 'acme-secret-0123456789'

/** Realm "acme" with a client holding the push role, and realm "globex" with the same client. */
export const defaultRealms: Record<string, RealmOptions> = {
  acme: {
    clients: [
      { clientId, clientSecret },
      { clientId: 'reader-acme', clientSecret: 'reader-secret', roles: ['WFM_FORECAST_READ'] }
    ]
  },
  globex: { clients: [{ clientId, clientSecret: 'globex-secret' }] }
}

export async function startIdp (t: Teardown, realms = defaultRealms): Promise<IdentityProvider> {
  const idp = await startIdentityProvider({ realms })
  t.teardown(async () => await idp.close())
  return idp
}

export async function startWfm (
  t: Teardown,
  options: WfmSimulatorOptions
): Promise<WfmSimulator> {
  const wfm = await startWfmSimulator(options)
  t.teardown(async () => await wfm.close())
  return wfm
}

export interface TokenResponse {
  status: number
  body: Record<string, unknown>
}

/** Requests a token with the client credentials in the form body and returns the parsed JSON. */
export async function requestToken (
  idp: IdentityProvider,
  realm: string,
  id = clientId,
  secret = clientSecret
): Promise<TokenResponse> {
  const response = await fetch(idp.tokenUrl(realm), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret })
  })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

export async function fetchAccessToken (
  idp: IdentityProvider,
  realm: string,
  id = clientId,
  secret = clientSecret
): Promise<string> {
  const { status, body } = await requestToken(idp, realm, id, secret)
  if (status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`Token request for realm ${realm} failed with ${status}`)
  }
  return body.access_token
}

export interface PushRequest {
  tenant?: string
  token?: string
  contentType?: string
  query?: Record<string, string>
  body?: string | Buffer
  headers?: Record<string, string>
}

export interface PushResponse {
  status: number
  headers: Headers
  text: string
  /** The parsed body when the response is JSON, otherwise `{}`. */
  body: Record<string, unknown>
}

/** Returns a valid query for a new single-request upload, with `overrides` applied. */
export function pushQuery (overrides: Record<string, string> = {}): Record<string, string> {
  return { pushToken: randomUUID(), sourceId: 'acd-1', lastChunk: 'true', ...overrides }
}

/** Sends one push request; fields left out get valid values (tenant acme, text/csv). */
export async function push (wfm: WfmSimulator, request: PushRequest): Promise<PushResponse> {
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'text/csv',
    ...request.headers
  }
  if (request.tenant !== '') headers['tenant-id'] = request.tenant ?? 'acme'
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`

  const query = new URLSearchParams(request.query ?? pushQuery())
  const payload = request.body ?? '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n'
  const response = await fetch(`${wfm.pushUrl}?${query.toString()}`, {
    method: 'POST',
    headers,
    body: typeof payload === 'string' ? payload : new Uint8Array(payload)
  })
  const text = await response.text()
  const isJson = response.headers.get('content-type')?.startsWith('application/json') === true
  const body = isJson ? JSON.parse(text) as Record<string, unknown> : {}
  return { status: response.status, headers: response.headers, text, body }
}
