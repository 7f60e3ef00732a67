import t from 'tap'
import { generateUpload, injectGetter, injectUpload, waitForImportState } from '../helpers/import-helpers.js'
import { startHarness } from '../helpers/relay-harness.js'

t.test('wait timeout answers 202 and the job goes on', async (t) => {
  const harness = await startHarness(t, { jobsConfig: { waitTimeoutMs: 200 } })
  harness.wfm.injectFaults({ sequence: [{ kind: 'slow', delayMs: 600 }] })
  const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(2).csv })

  t.equal(response.statusCode, 202, response.body)
  t.same(harness.wfm.uploads(), [], 'answered before the WFM acknowledged the chunk')
  t.equal(response.headers['preference-applied'], undefined)
  t.equal(response.json().asyncReason, 'wait-timeout')
  t.equal(response.json().state, 'sending')
  t.equal(response.headers.location, `/v1/imports/${String(response.json().importId)}`)

  const done = await waitForImportState(injectGetter(harness.app, harness.authorization()), response.json().importId, ['completed'])
  t.equal(done.chunksSent, 1)
  t.equal(harness.wfm.uploads()[0]?.chunks.length, 1)
})

t.test('failure while waiting keeps the error mapping', async (t) => {
  const harness = await startHarness(t, { wfmConfig: { maxAttempts: 1, requestTimeoutMs: 200 } })
  harness.wfm.injectFaults({ sequence: [{ kind: 'slow', delayMs: 1_000 }] })
  const response = await injectUpload(harness.app, harness.authorization(), { csv: generateUpload(2).csv })
  t.equal(response.statusCode, 504, response.body)
  t.equal(response.json().code, 'WFM_RELAY_WFM_TIMEOUT')
  t.match(response.json().importId, /^[0-9a-f-]{36}$/)
})
