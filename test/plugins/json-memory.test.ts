// The JSON memory budget on its own, and through the app: a JSON body that does not fit while
// another is being read gets a 503 with Retry-After, and nothing of it reaches the WFM.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { checkJsonBodyLimit, heapBytesPerJsonByte, JsonMemoryBudget } from '../../src/plugins/json-memory.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('json budget reserve and release', async (t) => {
  const budget = new JsonMemoryBudget(1000 * heapBytesPerJsonByte)
  const first = budget.tryReserve(600)
  t.ok(first, 'the first body fits')
  t.equal(budget.tryReserve(600), undefined, 'a second body does not fit')
  t.equal(budget.reservedBytes, 600 * heapBytesPerJsonByte)

  first?.()
  first?.()
  t.equal(budget.reservedBytes, 0, 'releasing twice frees the reservation once')
  t.ok(budget.tryReserve(1000), 'a body of the whole budget fits when nothing else is reserved')
})

t.test('json body limit over the heap', async (t) => {
  const budget = new JsonMemoryBudget(64 * 1024 * 1024)
  t.doesNotThrow(() => { checkJsonBodyLimit(16 * 1024 * 1024, budget) })
  t.throws(() => { checkJsonBodyLimit(16 * 1024 * 1024 + 1, budget) },
    /limits\.jsonBodyBytes is 16\.0 MiB, but this process's heap limit admits JSON bodies of at most 16\.0 MiB/)
})

t.test('json body limit stops the app', async (t) => {
  const harness = await startHarness(t)
  const runtime = harness.app.relay.runtime
  await t.rejects(buildApp({ runtime, jsonHeapBudgetBytes: 1024 * 1024 }), /raise Node's --max-old-space-size/)
})

t.test('json body over the budget waits its turn', async (t) => {
  const bodyRows = Array.from({ length: 8 }, (_, index) => ({
    intervalStart: '2026-01-05T09:00:00Z', queue: `Queue ${index}`, offered: index, aht: 100 + index
  }))
  const payload = JSON.stringify({ rows: bodyRows })
  t.ok(payload.length > 512 && payload.length <= 1024, `one body of ${payload.length} bytes fits, two do not`)
  const harness = await startHarness(t, {
    limits: { jsonBodyBytes: 1024 },
    jsonHeapBudgetBytes: 1024 * heapBytesPerJsonByte
  })
  harness.wfm.injectFaults({ sequence: [{ kind: 'slow', delayMs: 600 }] })
  const post = async (): Promise<{ statusCode: number, headers: Record<string, unknown>, body: string }> =>
    await harness.app.inject({
      method: 'POST',
      url: '/v1/tenants/acme/historical-data',
      headers: { ...harness.authorization(), 'content-type': 'application/json' },
      payload
    })

  const first = post()
  await new Promise((resolve) => setTimeout(resolve, 200))
  const second = await post()
  t.equal(second.statusCode, 503, second.body)
  t.equal(JSON.parse(second.body).code, 'WFM_RELAY_SERVER_BUSY')
  t.match(JSON.parse(second.body).message, /send the rows as NDJSON or CSV/)
  t.equal(second.headers['retry-after'], '1')

  const firstResponse = await first
  t.equal(firstResponse.statusCode, 200, firstResponse.body)
  const third = await post()
  t.equal(third.statusCode, 200, 'the budget is free again once the first upload answered')
  t.equal(harness.wfm.requests().length, 2, 'only the first and third uploads reached the WFM')
})
