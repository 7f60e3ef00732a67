// Uploads and import-job polling for tests that run against the relay harness or a relay process.

import type { FastifyInstance } from 'fastify'

export interface GeneratedUpload {
  /** The CSV body sent to the relay, with a header row. */
  csv: string
  /** The lines the WFM must receive, in order, each ending in \n. */
  wfmLines: string[]
}

/** Generates `slots` 15-minute rows of `queues` queues from 2026-01-05T00:00Z, for sourceId acd-1. */
export function generateUpload (slots: number, queues = 1, sourceId = 'acd-1'): GeneratedUpload {
  const csvLines = ['intervalStart,queue,offered,aht']
  const wfmLines: string[] = []
  for (let slot = 0; slot < slots; slot++) {
    const start = new Date(Date.UTC(2026, 0, 5) + slot * 900_000).toISOString().replace('.000Z', 'Z')
    for (let queue = 0; queue < queues; queue++) {
      const offered = (slot * 7 + queue) % 50
      const aht = (slot % 13) * 10.5
      csvLines.push(`${start},Queue ${queue},${offered},${aht}`)
      wfmLines.push(`${start},${sourceId},Queue ${queue},${offered},${aht}\n`)
    }
  }
  return { csv: csvLines.join('\n') + '\n', wfmLines }
}

/** Cuts lines into chunks of at most maxBytes, as the relay's spool does, and joins each. */
export function expectedChunks (lines: string[], maxBytes: number): string[] {
  const chunks: string[] = []
  let current = ''
  for (const line of lines) {
    if (current !== '' && Buffer.byteLength(current + line) > maxBytes) {
      chunks.push(current)
      current = ''
    }
    current += line
  }
  if (current !== '') chunks.push(current)
  return chunks
}

export interface UploadRequest {
  tenant?: string
  csv: string
  headers?: Record<string, string>
  query?: string
}

export async function injectUpload (app: FastifyInstance, auth: { authorization: string }, request: UploadRequest) {
  const query = request.query === undefined ? '' : `?${request.query}`
  return await app.inject({
    method: 'POST',
    url: `/v1/tenants/${request.tenant ?? 'acme'}/historical-data${query}`,
    headers: { ...auth, 'content-type': 'text/csv', ...request.headers },
    payload: request.csv
  })
}

type Getter = (id: string) => Promise<{ statusCode: number, body: Record<string, unknown> }>

/** Polls an import's status until its state is one of `states`; fails after `timeoutMs`. */
export async function waitForImportState (
  get: Getter,
  id: string,
  states: string[],
  timeoutMs = 15_000
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await get(id)
    if (response.statusCode === 200 && states.includes(String(response.body.state))) return response.body
    if (Date.now() > deadline) {
      throw new Error(`import ${id} did not reach ${states.join(' or ')} within ${timeoutMs} ms: ` +
        JSON.stringify(response.body))
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Returns a Getter that reads imports through app.inject. */
export function injectGetter (app: FastifyInstance, auth: { authorization: string }): Getter {
  return async (id) => {
    const response = await app.inject({ method: 'GET', url: `/v1/imports/${id}`, headers: auth })
    return { statusCode: response.statusCode, body: response.json() }
  }
}

/** Waits until `condition` holds, polling every 20 ms; fails after `timeoutMs`. */
export async function waitUntil (condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
