// Under each fault kind of the simulators, an upload completes and the WFM stores every chunk
// exactly once, in order. The simulators drop a request that they fault, so a resend is never
// a duplicate here; README's delivery section says where a real WFM can differ.

import t, { type Test } from 'tap'
import type { FaultPlan } from '../../sim/fault-plan.js'
import { expectedChunks, generateUpload, injectUpload } from '../helpers/import-helpers.js'
import { startHarness, type Harness, type HarnessOptions } from '../helpers/relay-harness.js'

interface FaultCase {
  name: string
  options?: HarnessOptions
  wfm?: FaultPlan
  idp?: FaultPlan
  /** Statuses the WFM simulator recorded, 0 for a reset or a request left unanswered. */
  statuses: number[]
  tokenRequests?: number
  minimumMs?: number
}

const cases: FaultCase[] = [
  {
    name: '500 sequence',
    wfm: { sequence: [{ kind: 'status', status: 500 }, 'pass', { kind: 'status', status: 500 }, { kind: 'status', status: 500 }] },
    statuses: [500, 200, 500, 500, 200, 200]
  },
  {
    name: '503 fraction',
    wfm: { rate: 0.5, fault: { kind: 'status', status: 503 }, seed: 7, limit: 2 },
    options: { wfmConfig: { maxAttempts: 6 } },
    statuses: [503, 503, 200, 200, 200]
  },
  {
    name: '429 with Retry-After',
    wfm: { sequence: [{ kind: 'status', status: 429, retryAfterSeconds: 1 }, 'pass', { kind: 'status', status: 429, retryAfterSeconds: 1 }] },
    options: { wfmConfig: { retryMaxDelayMs: 5_000 } },
    statuses: [429, 200, 429, 200, 200],
    minimumMs: 2_000
  },
  {
    name: 'connection reset',
    wfm: { sequence: ['pass', { kind: 'reset' }, { kind: 'reset' }] },
    statuses: [200, 0, 0, 200, 200]
  },
  {
    name: 'slower than the timeout',
    wfm: { sequence: ['pass', { kind: 'slow', delayMs: 1_500 }] },
    options: { wfmConfig: { requestTimeoutMs: 300 } },
    statuses: [200, 0, 200, 200]
  },
  {
    name: 'token endpoint outage',
    idp: { tenant: 'acme', sequence: [{ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'slow', delayMs: 1_000, status: 200 }] },
    options: { wfmConfig: { tokenTimeoutMs: 300, maxAttempts: 4 } },
    statuses: [200, 200, 200],
    tokenRequests: 4
  },
  {
    name: '401 for a valid token',
    wfm: { sequence: ['pass', { kind: 'status', status: 401 }] },
    statuses: [200, 401, 200, 200],
    tokenRequests: 2
  }
]

for (const faultCase of cases) {
  t.test(`delivery under ${faultCase.name}`, async (t) => {
    const harness = await startHarness(t, {
      ...faultCase.options,
      tenantConfig: { maxChunkBytes: 1024 },
      wfmConfig: { maxAttempts: 4, ...faultCase.options?.wfmConfig }
    })
    if (faultCase.wfm !== undefined) harness.wfm.injectFaults(faultCase.wfm)
    if (faultCase.idp !== undefined) harness.idp.injectTokenFaults(faultCase.idp)

    const startedAt = Date.now()
    await uploadAndCheck(t, harness)
    t.same(harness.wfm.requests().map((request) => request.status), faultCase.statuses)
    if (faultCase.tokenRequests !== undefined) t.equal(harness.idp.tokenRequests('acme'), faultCase.tokenRequests)
    if (faultCase.minimumMs !== undefined) {
      t.ok(Date.now() - startedAt >= faultCase.minimumMs, `Retry-After waited (${Date.now() - startedAt} ms)`)
    }
  })
}

t.test('delivery across idle socket closes', async (t) => {
  const harness = await startHarness(t, { tenantConfig: { maxChunkBytes: 1024 }, wfmOptions: { idleTimeoutMs: 150 } })
  for (let round = 0; round < 3; round++) {
    await uploadAndCheck(t, harness)
    harness.wfm.reset()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
})

async function uploadAndCheck (t: Test, harness: Harness): Promise<void> {
  const upload = generateUpload(60)
  const chunks = expectedChunks(upload.wfmLines, 1024)
  t.equal(chunks.length, 3)
  const response = await injectUpload(harness.app, harness.authorization(), { csv: upload.csv })
  t.equal(response.statusCode, 200, response.body)

  const received = harness.wfm.upload(String(response.json().pushToken))?.chunks ?? []
  t.same(received.map((chunk) => chunk.body.toString('utf8')), chunks, 'every chunk once, in order')
  t.same(received.map((chunk) => chunk.query.lastChunk), ['false', 'false', 'true'])
  t.equal(harness.wfm.uploads().length, 1)
}
