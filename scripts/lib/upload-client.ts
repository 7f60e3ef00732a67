// A caller of the relay, as an internal system would be: one HTTP request per upload.

import { request } from 'undici'
import type { Readable } from 'node:stream'

export interface UploadAnswer {
  status: number
  body: Record<string, unknown>
}

export async function postUpload (
  relayUrl: string,
  apiKey: string,
  tenant: string,
  query: Record<string, string>,
  contentType: string,
  body: Readable | string | Buffer
): Promise<UploadAnswer> {
  const url = new URL(`/v1/tenants/${tenant}/historical-data`, relayUrl)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)

  const response = await request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType },
    body,
    headersTimeout: 600_000,
    bodyTimeout: 600_000
  })
  return { status: response.statusCode, body: await response.body.json() as Record<string, unknown> }
}
