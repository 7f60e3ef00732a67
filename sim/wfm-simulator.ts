// A stand-in for the WFM's historical-data push endpoint, for tests and the demo. The real WFM
// is reached at http://{tenant}.{host}/..., which loopback tests cannot do, so this server
// identifies the tenant by the Tenant-ID header alone. Its checks encode our reading of the
// vendor's public pages, because the real endpoint's status codes and bodies are not documented.

import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'

import { closeServer, listen } from './http-server.js'

import { createAuthorizationCheck } from './wfm/auth-check.js'
import type { RealmDirectory } from './wfm/auth-check.js'
import { maxBodyBytes, readBody } from './wfm/body.js'
import { defaultColumns } from './wfm/csv-check.js'
import { FaultQueue } from './wfm/faults.js'
import { processPush } from './wfm/push.js'
import type { PushContext, PushOutcome } from './wfm/push.js'
import { queryToRecord } from './wfm/query-check.js'
import { Recorder, recordHeaders } from './wfm/recorder.js'
import { reject } from './wfm/types.js'
import type { Chunk, ForcedResponse, RecordedRequest, Rejection, Upload } from './wfm/types.js'

export { defaultColumns, maxBodyBytes }
export type { Chunk, ForcedResponse, RealmDirectory, RecordedRequest, Upload }

export const pushPath = '/_rest/forecasting/historical-data/historical-data-push'

export interface WfmSimulatorOptions {
  /** The realms whose keys verify bearer tokens. Undefined skips the token checks. */
  identityProvider: RealmDirectory | undefined
  /** Default: 127.0.0.1. */
  host?: string
  /** Default: 0, a free port. */
  port?: number
  /** Column layout per tenant; tenants not listed use `defaultColumns`. */
  csvColumns?: Record<string, string[]>
  /** Keep chunk bodies and rows; false keeps only their counts, for large runs. Default: true. */
  keepBodies?: boolean
  /** Record Authorization headers unredacted. Default: false. */
  rawAuthorization?: boolean
  /** Called when an upload's last chunk is accepted. */
  onUploadCompleted?: (upload: Upload) => void
}

export interface WfmSimulator {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  url: string
  /** Full URL of the push endpoint. */
  pushUrl: string
  uploads (): Upload[]
  upload (pushToken: string): Upload | undefined
  requests (): RecordedRequest[]
  /** Forgets uploads, requests and forced responses. */
  reset (): void
  /** Queues responses for the next push requests, one each, sent in place of the checks. */
  forceResponses (...responses: ForcedResponse[]): void
  /** Makes the next `count` push requests fail with `status`. */
  failNext (count: number, status: number): void
  close (): Promise<void>
}

interface SentResponse {
  status: number
  message?: string
}

function sendJson (response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  })
  response.end(text)
}

function sendRejection (response: ServerResponse, rejection: Rejection): SentResponse {
  const { status, ...body } = rejection
  sendJson(response, status, body)
  return { status, message: rejection.message }
}

function sendOutcome (response: ServerResponse, outcome: PushOutcome): SentResponse {
  if ('status' in outcome) return sendRejection(response, outcome)

  const { upload, chunk } = outcome
  sendJson(response, 200, {
    pushToken: upload.pushToken,
    chunkIndex: chunk.index,
    rowCount: chunk.rowCount,
    completed: upload.completed
  })
  return { status: 200 }
}

function createRequestListener (
  context: PushContext,
  faults: FaultQueue,
  options: WfmSimulatorOptions
): (request: IncomingMessage, response: ServerResponse) => void {
  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid')
    const isPush = url.pathname === pushPath && request.method === 'POST'

    // Taken on arrival, so forced responses go to requests in the order they arrive.
    const forced = isPush ? faults.take() : undefined
    const received = await readBody(request)

    let sent: SentResponse
    if (url.pathname !== pushPath) {
      const message = `No endpoint at ${url.pathname}: use POST ${pushPath}`
      sent = sendRejection(response, reject(404, 'not_found', message))
    } else if (!isPush) {
      response.setHeader('allow', 'POST')
      const message = `Method ${request.method ?? ''} is not allowed: use POST`
      sent = sendRejection(response, reject(405, 'method_not_allowed', message))
    } else if (forced !== undefined) {
      await faults.send(response, forced)
      sent = { status: forced.status }
    } else {
      const outcome = await processPush(request, url, received, context)
      sent = sendOutcome(response, outcome)
      if (!('status' in outcome) && outcome.upload.completed) {
        options.onUploadCompleted?.(outcome.upload)
      }
    }

    context.recorder.addRequest({
      method: request.method ?? '',
      path: url.pathname,
      query: queryToRecord(url.searchParams),
      headers: recordHeaders(request.headers, context.recorder.rawAuthorization),
      bodyBytes: received.bytes,
      ...sent
    })
  }

  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A client that went away, for example after its own timeout, needs no response.
      if (request.destroyed && !response.headersSent) return

      console.error(`WFM simulator failed on ${request.method ?? ''} ${request.url ?? ''}:`, error)
      if (response.headersSent) {
        response.destroy()
        return
      }
      sendRejection(response, reject(500, 'internal_error', `Simulator failure: ${String(error)}`))
    })
  }
}

/** Starts the WFM simulator. */
export async function startWfmSimulator (options: WfmSimulatorOptions): Promise<WfmSimulator> {
  const recorder = new Recorder({
    keepBodies: options.keepBodies ?? true,
    rawAuthorization: options.rawAuthorization ?? false
  })
  const faults = new FaultQueue()
  const context: PushContext = {
    recorder,
    checkAuthorization: options.identityProvider === undefined
      ? undefined
      : createAuthorizationCheck(options.identityProvider),
    csvColumns: options.csvColumns ?? {}
  }

  const server = createServer(createRequestListener(context, faults, options))
  const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0)

  return {
    url,
    pushUrl: url + pushPath,
    uploads: () => recorder.uploads(),
    upload: (pushToken) => recorder.upload(pushToken),
    requests: () => recorder.requests(),
    reset: () => {
      recorder.clear()
      faults.clear()
    },
    forceResponses: (...responses) => faults.add(responses),
    failNext: (count, status) => faults.failNext(count, status),
    close: async () => {
      faults.clear()
      await closeServer(server)
    }
  }
}
