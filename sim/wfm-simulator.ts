// A stand-in for the WFM's historical-data push endpoint, for tests and the demo. The real WFM
// is reached at http://{tenant}.{host}/..., which loopback tests cannot do, so this server
// identifies the tenant by the Tenant-ID header alone. Its checks encode our reading of the
// vendor's public pages, because the real endpoint's status codes and bodies are not documented.

import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'

import { FaultPlans } from './fault-plan.js'
import type { Fault, FaultPlan } from './fault-plan.js'
import { closeServer, listen, sendJson } from './http-server.js'

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
export type { Chunk, Fault, FaultPlan, ForcedResponse, RealmDirectory, RecordedRequest, Upload }

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
  /**
   * Closes keep-alive connections after this many idle milliseconds, as load balancers do.
   * Default: Node's 5000.
   */
  idleTimeoutMs?: number
}

export interface WfmSimulator {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  url: string
  /** Full URL of the push endpoint. */
  pushUrl: string
  uploads (): Upload[]
  upload (pushToken: string): Upload | undefined
  requests (): RecordedRequest[]
  /** Forgets uploads, requests, forced responses and fault plans. */
  reset (): void
  /** Queues responses for the next push requests, one each, sent in place of the checks. */
  forceResponses (...responses: ForcedResponse[]): void
  /** Makes the next `count` push requests fail with `status`. */
  failNext (count: number, status: number): void
  /**
   * Adds a fault plan for push requests; forced responses go first. A reset or a client that
   * left during a slow fault is recorded with status 0.
   */
  injectFaults (plan: FaultPlan): void
  /** The maximum number of push requests open at the same time since the start or reset, by tenant. */
  peakConcurrency (): { total: number, byTenant: Record<string, number> }
  close (): Promise<void>
}

interface SentResponse {
  status: number
  message?: string
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

interface Faults {
  queue: FaultQueue
  plans: FaultPlans
}

/** Counts open push requests and keeps the peaks. */
class ConcurrencyMeter {
  #open = new Map<string, number>()
  #total = 0
  peak = { total: 0, byTenant: {} as Record<string, number> }

  enter (tenant: string): () => void {
    const open = (this.#open.get(tenant) ?? 0) + 1
    this.#open.set(tenant, open)
    this.#total += 1
    this.peak.total = Math.max(this.peak.total, this.#total)
    this.peak.byTenant[tenant] = Math.max(this.peak.byTenant[tenant] ?? 0, open)
    return () => {
      this.#open.set(tenant, (this.#open.get(tenant) ?? 1) - 1)
      this.#total -= 1
    }
  }

  reset (): void {
    this.peak = { total: 0, byTenant: {} }
  }
}

function plannedFault (request: IncomingMessage, plans: FaultPlans): Fault | undefined {
  const tenant = request.headers['tenant-id']
  return plans.next(typeof tenant === 'string' ? tenant : undefined)
}

function createRequestListener (
  context: PushContext,
  faults: Faults,
  options: WfmSimulatorOptions,
  meter: ConcurrencyMeter
): (request: IncomingMessage, response: ServerResponse) => void {
  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid')
    const isPush = url.pathname === pushPath && request.method === 'POST'
    if (isPush) {
      const leave = meter.enter(String(request.headers['tenant-id'] ?? ''))
      response.once('close', leave)
    }

    // Taken on arrival, so forced responses and faults go to requests in the order they arrive.
    const forced = isPush ? faults.queue.take() : undefined
    const planned = isPush && forced === undefined ? plannedFault(request, faults.plans) : undefined
    const received = await readBody(request)
    const faultStatus = planned === undefined ? 'process' : await faults.plans.apply(request, response, planned)

    let sent: SentResponse
    if (url.pathname !== pushPath) {
      const message = `No endpoint at ${url.pathname}: use POST ${pushPath}`
      sent = sendRejection(response, reject(404, 'not_found', message))
    } else if (!isPush) {
      response.setHeader('allow', 'POST')
      const message = `Method ${request.method ?? ''} is not allowed: use POST`
      sent = sendRejection(response, reject(405, 'method_not_allowed', message))
    } else if (forced !== undefined) {
      await faults.queue.send(response, forced)
      sent = { status: forced.status }
    } else if (faultStatus !== 'process') {
      sent = { status: faultStatus }
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
  const faults: Faults = { queue: new FaultQueue(), plans: new FaultPlans() }
  const context: PushContext = {
    recorder,
    checkAuthorization: options.identityProvider === undefined
      ? undefined
      : createAuthorizationCheck(options.identityProvider),
    csvColumns: options.csvColumns ?? {}
  }

  const meter = new ConcurrencyMeter()
  const server = createServer(createRequestListener(context, faults, options, meter))
  if (options.idleTimeoutMs !== undefined) server.keepAliveTimeout = options.idleTimeoutMs
  const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0)

  return {
    url,
    pushUrl: url + pushPath,
    uploads: () => recorder.uploads(),
    upload: (pushToken) => recorder.upload(pushToken),
    requests: () => recorder.requests(),
    reset: () => {
      recorder.clear()
      faults.queue.clear()
      faults.plans.clear()
      meter.reset()
    },
    forceResponses: (...responses) => faults.queue.add(responses),
    failNext: (count, status) => faults.queue.failNext(count, status),
    injectFaults: (plan) => faults.plans.add(plan),
    peakConcurrency: () => structuredClone(meter.peak),
    close: async () => {
      faults.queue.clear()
      faults.plans.clear()
      await closeServer(server)
    }
  }
}
