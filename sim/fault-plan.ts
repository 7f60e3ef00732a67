// Fault plans for the simulators: which requests fail and how. A plan gives either a sequence of
// faults for the next matching requests or a fraction of requests, drawn from a seeded generator
// so that a run repeats. Both the WFM simulator and the identity provider use them.

import type { IncomingMessage, ServerResponse } from 'node:http'

export type Fault =
  /** An error response; `retryAfterSeconds` adds a Retry-After header (429 and 503). */
  | { kind: 'status', status: number, retryAfterSeconds?: number }
  /** Destroys the connection without a response, as a crashed peer or a proxy reset does. */
  | { kind: 'reset' }
  /**
   * Delays the request by `delayMs`, then responds with `status`, or without a status handles it
   * as usual. A request whose client left during the delay (after its own timeout, say) is dropped
   * unprocessed, so a test can tell a resend from a duplicate; a real server may have stored it.
   */
  | { kind: 'slow', delayMs: number, status?: number }

export interface FaultPlan {
  /** Only requests for this tenant (WFM: Tenant-ID header; identity provider: realm). */
  tenant?: string
  /** Faults for the next matching requests, in order; 'pass' lets one request through. */
  sequence?: Array<Fault | 'pass'>
  /** Without a sequence: the fraction (0 to 1) of matching requests that get `fault`. */
  rate?: number
  fault?: Fault
  /** Without a sequence: the plan ends after this many faults. */
  limit?: number
  /** Seed of the generator that draws `rate`. Default 1. */
  seed?: number
}

interface ActivePlan {
  plan: FaultPlan
  position: number
  applied: number
  random: () => number
}

/** A small seeded generator (mulberry32); test runs need repeatable draws, not good randomness. */
function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296
  }
}

export class FaultPlans {
  #plans: ActivePlan[] = []
  #delays = new Map<NodeJS.Timeout, () => void>()

  add (plan: FaultPlan): void {
    if (plan.sequence === undefined && (plan.fault === undefined || plan.rate === undefined)) {
      throw new TypeError('A fault plan needs a sequence, or a fault with a rate')
    }
    if (plan.rate !== undefined && (plan.rate < 0 || plan.rate > 1)) {
      throw new TypeError(`Invalid fault rate ${plan.rate}: use a fraction from 0 to 1`)
    }
    this.#plans.push({ plan, position: 0, applied: 0, random: seededRandom(plan.seed ?? 1) })
  }

  /** Returns the fault for the next request of `tenant`, from the first plan that matches. */
  next (tenant: string | undefined): Fault | undefined {
    for (const active of this.#plans) {
      const { plan } = active
      if (plan.tenant !== undefined && plan.tenant !== tenant) continue
      if (plan.sequence !== undefined) {
        if (active.position >= plan.sequence.length) continue
        const step = plan.sequence[active.position]
        active.position += 1
        return step === 'pass' ? undefined : step
      }
      if (plan.limit !== undefined && active.applied >= plan.limit) continue
      if (active.random() < (plan.rate ?? 0)) {
        active.applied += 1
        return plan.fault
      }
      return undefined
    }
    return undefined
  }

  /**
   * Sends the fault and returns the status that went out, 0 when the connection was reset or the
   * client left during a delay, or 'process' when the request should be handled as usual now.
   */
  async apply (request: IncomingMessage, response: ServerResponse, fault: Fault): Promise<number | 'process'> {
    if (fault.kind === 'reset') {
      request.socket.destroy()
      return 0
    }
    if (fault.kind === 'slow') {
      await this.#wait(fault.delayMs, request)
      if (response.destroyed || request.socket.destroyed) return 0
      return fault.status === undefined ? 'process' : sendFaultBody(response, fault.status)
    }
    return sendFaultBody(response, fault.status, fault.retryAfterSeconds)
  }

  /** Waits `ms`, unless the client goes away or clear() ends the wait early. */
  async #wait (ms: number, request: IncomingMessage): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.#delays.delete(timer)
        request.socket.off('close', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.#delays.set(timer, done)
      request.socket.once('close', done)
    })
  }

  /** Drops every plan and ends pending delays. */
  clear (): void {
    this.#plans = []
    for (const done of this.#delays.values()) done()
    this.#delays.clear()
  }
}

function sendFaultBody (response: ServerResponse, status: number, retryAfterSeconds?: number): number {
  let error = 'fault_injected'
  if (status === 401) error = 'invalid_token'
  if (status === 429) error = 'too_many_requests'
  const text = JSON.stringify({ error, message: `Fault plan response with status ${status}` })
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  }
  if (retryAfterSeconds !== undefined) headers['retry-after'] = retryAfterSeconds
  response.writeHead(status, headers)
  response.end(text)
  return status
}
