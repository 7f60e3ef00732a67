// One upload through the relay as a caller would send it: `Prefer: respond-async`, then
// GET /v1/imports/{id} every 50 ms until the import job completed or failed.

import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import type { RelayProcess } from './relay-process.js'

const pollEveryMs = 50
/** Maximum wait for one upload request or import job before the run fails. */
const maxImportMs = 15 * 60_000

export interface RelayUpload {
  tenant: string
  pushToken: string
  contentType: string
  body: Readable | string | Buffer
}

interface ImportView {
  importId?: string
  state?: string
  rows?: number
  lastError?: { code?: string, message?: string }
}

/** Posts the body and returns the import's final status; throws when the import failed. */
export async function uploadThroughRelay (relay: RelayProcess, upload: RelayUpload): Promise<ImportView> {
  const url = new URL(`/v1/tenants/${upload.tenant}/historical-data`, relay.url)
  url.searchParams.set('pushToken', upload.pushToken)
  const response = await request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${relay.apiKey}`,
      'content-type': upload.contentType,
      prefer: 'respond-async'
    },
    body: upload.body,
    headersTimeout: maxImportMs,
    bodyTimeout: maxImportMs
  })
  const accepted = await response.body.json() as ImportView & { message?: string }
  if (response.statusCode !== 202 || accepted.importId === undefined) {
    throw new Error(`the upload failed with status ${response.statusCode}, expected 202: ${accepted.message ?? JSON.stringify(accepted)}`)
  }
  return await waitForImport(relay, accepted.importId)
}

async function waitForImport (relay: RelayProcess, importId: string): Promise<ImportView> {
  const url = new URL(`/v1/imports/${encodeURIComponent(importId)}`, relay.url)
  const deadline = Date.now() + maxImportMs
  while (Date.now() < deadline) {
    const response = await request(url, { headers: { authorization: `Bearer ${relay.apiKey}` } })
    const view = await response.body.json() as ImportView
    if (view.state === 'completed') return view
    if (view.state === 'failed' || response.statusCode !== 200) {
      throw new Error(`import ${importId} failed: ${view.lastError?.code ?? response.statusCode} ` +
        (view.lastError?.message ?? ''))
    }
    await sleep(pollEveryMs)
  }
  throw new Error(`import ${importId} did not complete within ${maxImportMs / 1000} s`)
}

/** Waits until the relay has no import job waiting or sending, for the end of a load test. */
export async function waitForIdleRelay (relay: RelayProcess, tenant: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const busy = await countImports(relay, tenant, 'accepted') + await countImports(relay, tenant, 'sending')
    if (busy === 0) return
    await sleep(pollEveryMs)
  }
  throw new Error(`the relay still had import jobs in progress after ${timeoutMs / 1000} s`)
}

async function countImports (relay: RelayProcess, tenant: string, state: string): Promise<number> {
  const url = new URL(`/v1/tenants/${tenant}/imports`, relay.url)
  url.searchParams.set('state', state)
  url.searchParams.set('limit', '1')
  const response = await request(url, { headers: { authorization: `Bearer ${relay.apiKey}` } })
  const page = await response.body.json() as { imports?: unknown[] }
  if (response.statusCode !== 200 || page.imports === undefined) {
    throw new Error(`listing the relay's ${state} imports failed with status ${response.statusCode}`)
  }
  return page.imports.length
}
