// The hostile request corpus: a case is one request and the 4xx response it must get. runCorpus
// sends every case through one relay and checks the status, the error code, the error body
// shape, and that neither the WFM nor the identity provider received anything.

import type { Readable } from 'node:stream'
import type { Test } from 'tap'
import type { Harness } from '../helpers/relay-harness.js'

export interface HostileCase {
  name: string
  /** Default: POST /v1/tenants/acme/historical-data. */
  url?: string
  method?: 'POST' | 'GET' | 'PUT' | 'DELETE'
  /** Default: text/csv. `null` sends no Content-Type header. */
  contentType?: string | null
  /** Default: the harness's API key. */
  headers?: Record<string, string>
  /** Default: the all-tenants key. `null` sends no Authorization header. */
  apiKey?: string | null
  /** A stream is sent without Content-Length, so its size is only known as it arrives. */
  body: string | Buffer | (() => string | Buffer | Readable)
  status: number
  code: string
  /** Text the response must contain, so a case fails for the reason it names. */
  message?: RegExp
}

export const uploadUrl = '/v1/tenants/acme/historical-data'

export const csvHeader = 'intervalStart,queue,offered,aht\n'

/** A valid data row for 2026-01-05 at `slot` quarter-hours after midnight UTC. */
export function csvRow (slot: number, queue = 'Sales', offered = '1', aht = '10'): string {
  const start = new Date(Date.UTC(2026, 0, 5) + slot * 900_000).toISOString().replace('.000Z', 'Z')
  return `${start},${queue},${offered},${aht}\n`
}

export function jsonRow (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { intervalStart: '2026-01-05T09:00:00Z', queue: 'Sales', offered: 1, aht: 10, ...overrides }
}

export async function runCorpus (t: Test, harness: Harness, cases: HostileCase[]): Promise<void> {
  const names = new Set<string>()
  for (const hostile of cases) {
    t.ok(!names.has(hostile.name), `case name ${hostile.name} is unique`)
    names.add(hostile.name)
    await t.test(hostile.name, async (t) => { await checkCase(t, harness, hostile) })
  }
  t.same(harness.wfm.requests(), [], 'the WFM received nothing')
  t.same(harness.idp.tokenRequests('acme'), 0, 'no token was requested')
}

async function checkCase (t: Test, harness: Harness, hostile: HostileCase): Promise<void> {
  const headers: Record<string, string> = { ...hostile.headers }
  if (hostile.apiKey !== null) headers.authorization = `Bearer ${hostile.apiKey ?? harness.apiKey}`
  if (hostile.contentType !== null) headers['content-type'] = hostile.contentType ?? 'text/csv'
  const payload = typeof hostile.body === 'function' ? hostile.body() : hostile.body

  const response = await harness.app.inject({
    method: hostile.method ?? 'POST',
    url: hostile.url ?? uploadUrl,
    headers,
    payload
  })
  const body = parseBody(response.body)
  t.equal(response.statusCode, hostile.status, `status (${response.body.slice(0, 300)})`)
  t.ok(response.statusCode >= 400 && response.statusCode < 500, 'a client error')
  t.equal(body.code, hostile.code, 'error code')
  t.equal(body.statusCode, response.statusCode, 'statusCode in the body')
  t.equal(typeof body.message, 'string', 'message')
  // Row errors carry the cause in errors[].message, so the whole response body is searched.
  if (hostile.message !== undefined) t.match(response.body, hostile.message, 'answer names the cause')
  t.equal(harness.wfm.requests().length, 0, 'nothing reached the WFM')
}

function parseBody (text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return { unparsed: text }
  }
}

/** Builds a multipart/form-data body from parts given as header lines and content. */
export function multipartBody (
  boundary: string,
  parts: Array<{ headers: string[], content: string | Buffer }>,
  options: { close?: boolean } = {}
): Buffer {
  const pieces: Buffer[] = []
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers.map((line) => line + '\r\n').join('')}\r\n`))
    pieces.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content))
    pieces.push(Buffer.from('\r\n'))
  }
  if (options.close !== false) pieces.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(pieces)
}

export function filePart (content: string | Buffer, name = 'file', fileName = 'data.csv', type = 'text/csv'): { headers: string[], content: string | Buffer } {
  return {
    headers: [`Content-Disposition: form-data; name="${name}"; filename="${fileName}"`, `Content-Type: ${type}`],
    content
  }
}

export function fieldPart (name: string, value: string | Buffer): { headers: string[], content: string | Buffer } {
  return { headers: [`Content-Disposition: form-data; name="${name}"`], content: value }
}

export const boundary = 'hostile-boundary-7f3a'
export const multipartType = `multipart/form-data; boundary=${boundary}`
