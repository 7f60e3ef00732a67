// A caller that skips the relay: it fetches a token with client credentials and posts WFM CSV
// chunks straight to the push endpoint, as the WFM contract describes.

import { request, type Client } from 'undici'

export interface ClientCredentials {
  tokenUrl: string
  clientId: string
  clientSecret: string
}

export interface AccessToken {
  accessToken: string
  expiresInSeconds: number
}

export interface PushTarget {
  pushUrl: string
  tenant: string
  sourceId: string
  accessToken: string
}

export async function fetchAccessToken (credentials: ClientCredentials): Promise<AccessToken> {
  const response = await request(credentials.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret
    }).toString()
  })
  const body = await response.body.json() as { access_token?: unknown, expires_in?: unknown }
  if (response.statusCode !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`the token request failed: status ${response.statusCode}, access_token missing or not a string`)
  }
  return { accessToken: body.access_token, expiresInSeconds: Number(body.expires_in) }
}

/** Builds the push URL's path and query for one request, as autocannon and undici's Client take it. */
export function pushPathWithQuery (target: PushTarget, pushToken: string, lastChunk: boolean): string {
  const url = new URL(target.pushUrl)
  url.searchParams.set('pushToken', pushToken)
  url.searchParams.set('sourceId', target.sourceId)
  url.searchParams.set('lastChunk', String(lastChunk))
  return url.pathname + url.search
}

export function pushHeaders (target: PushTarget): Record<string, string> {
  return {
    authorization: `Bearer ${target.accessToken}`,
    'content-type': 'text/csv',
    'tenant-id': target.tenant
  }
}

/**
 * Posts the chunks one after the other over `client`, all with `pushToken` and lastChunk=true
 * on the last one only. Throws at the first response that is not 2xx.
 */
export async function pushChunks (client: Client, target: PushTarget, chunks: Buffer[], pushToken: string): Promise<void> {
  const headers = pushHeaders(target)
  for (const [index, chunk] of chunks.entries()) {
    const response = await client.request({
      method: 'POST',
      path: pushPathWithQuery(target, pushToken, index === chunks.length - 1),
      headers,
      body: chunk
    })
    const text = await response.body.text()
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new Error(`pushing chunk ${index + 1} failed with status ${response.statusCode}: ${text}`)
    }
  }
}
