import t from 'tap'
import { expectedChunks, generateUpload, injectGetter, injectUpload, waitForImportState } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('throttled tenant does not delay another', async (t) => {
  const harness = await startHarness(t, {
    tenants: ['acme', 'globex'],
    jobsConfig: { maxConcurrentJobs: 2, maxConcurrentJobsPerTenant: 1 },
    wfmConfig: { maxAttempts: 10, retryMaxDelayMs: 5_000 }
  })
  const throttle = { kind: 'status' as const, status: 429, retryAfterSeconds: 1 }
  harness.wfm.injectFaults({ tenant: 'acme', sequence: [throttle, throttle, throttle] })

  const acme = []
  for (let index = 0; index < 2; index++) {
    const response = await injectUpload(harness.app, harness.authorization(), {
      csv: generateUpload(4 + index).csv, headers: { prefer: 'respond-async' }
    })
    t.equal(response.statusCode, 202)
    acme.push(String(response.json().importId))
  }

  const startedAt = Date.now()
  const globex = await injectUpload(harness.app, harness.authorization(), { tenant: 'globex', csv: generateUpload(8).csv })
  const elapsedMs = Date.now() - startedAt
  t.equal(globex.statusCode, 200, globex.body)
  t.ok(elapsedMs < 900, `globex completed in ${elapsedMs} ms, within acme's first Retry-After`)

  const get = injectGetter(harness.app, harness.authorization())
  t.same([(await get(acme[0] ?? '')).body.state, (await get(acme[1] ?? '')).body.state], ['sending', 'accepted'],
    'acme is still throttled and its second job waits for the first')

  for (const id of acme) await waitForImportState(get, id, ['completed'])
  const acmeUploads = harness.wfm.uploads().filter((upload) => upload.tenant === 'acme')
  t.same(acmeUploads.map((upload) => upload.chunks.map((chunk) => chunk.body.toString('utf8'))), [
    expectedChunks(generateUpload(4).wfmLines, 1_900_000),
    expectedChunks(generateUpload(5).wfmLines, 1_900_000)
  ], 'acme jobs arrive in the order they were accepted')
})

t.test('worker respects global and tenant limits', async (t) => {
  const tenants = ['acme', 'globex', 'initech']
  const harness = await startHarness(t, {
    tenants,
    tenantConfig: { maxChunkBytes: 1024 },
    jobsConfig: { maxConcurrentJobs: 3, maxConcurrentJobsPerTenant: 2 }
  })
  harness.wfm.injectFaults({ rate: 1, fault: { kind: 'slow', delayMs: 150 } })

  const ids: string[] = []
  for (const tenant of tenants) {
    for (let index = 0; index < 3; index++) {
      const response = await injectUpload(harness.app, harness.authorization(), {
        tenant, csv: generateUpload(40 + index).csv, headers: { prefer: 'respond-async' }
      })
      ids.push(String(response.json().importId))
    }
  }
  const get = injectGetter(harness.app, harness.authorization())
  for (const id of ids) await waitForImportState(get, id, ['completed'], 30_000)

  const peak = harness.wfm.peakConcurrency()
  t.equal(peak.total, 3, 'the global limit is reached and kept')
  t.equal(peak.byTenant.acme, 2, 'a tenant gets at most its own limit')
  t.ok((peak.byTenant.globex ?? 0) <= 2)
  t.ok((peak.byTenant.initech ?? 0) <= 2)
  t.equal(harness.wfm.uploads().length, 9)
})
