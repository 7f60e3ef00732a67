// `npm run demo`: starts a simulated identity provider and WFM, starts the relay against them,
// pushes a generated multi-queue dataset (and the real Cisco export when it is present), and
// prints the relay's summaries next to what the WFM recorded.

import { existsSync, createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { datasetCsv } from '../sim/dataset.js'
import { loadExampleProfiles } from './lib/hihix-profile.js'
import { startRelayStack, type RelayStack } from './lib/relay-stack.js'
import { postUpload, type UploadAnswer } from './lib/upload-client.js'
import { verifyUpload } from './lib/verify-upload.js'

const realExportPath = process.argv[2] ?? '../shared/datasets/real/hihix-acd-interval-2014-05-16_06-11.csv'

async function main (): Promise<number> {
  const stack = await startRelayStack({ profiles: await loadExampleProfiles() })
  console.log(`relay ${stack.relayUrl}, identity provider ${stack.idp.url}, WFM simulator ${stack.wfm.url}\n`)
  let failures = 0
  try {
    const dataset = { queues: 20, days: 28, startDate: '2026-01-05' }
    console.log(`1. generated export: ${dataset.queues} queues x ${dataset.days} days of 15-minute intervals (text/csv)`)
    failures += report(stack, await postUpload(stack.relayUrl, stack.apiKey, stack.tenant,
      {}, 'text/csv', Readable.from(datasetCsv(dataset))), 900)

    console.log('2. one interval of 5 queues as JSON rows')
    failures += report(stack, await postUpload(stack.relayUrl, stack.apiKey, stack.tenant, {},
      'application/json', JSON.stringify({ rows: smallJsonRows() })), 900)

    if (existsSync(realExportPath)) {
      console.log(`3. real Cisco ACD export ${realExportPath} with profile hihix`)
      failures += report(stack, await postUpload(stack.relayUrl, stack.apiKey, stack.tenant,
        { profile: 'hihix', sourceId: 'cisco-hihix' }, 'text/csv', createReadStream(realExportPath)), 1800)
    } else {
      console.log(`3. real export skipped: ${realExportPath} not found`)
    }
  } finally {
    await stack.stop()
  }
  console.log(failures === 0 ? 'demo finished: every upload arrived as sent' : `demo found ${failures} problem(s)`)
  return failures === 0 ? 0 : 1
}

function report (stack: RelayStack, answer: UploadAnswer, intervalSeconds: number): number {
  console.log(`   relay answered ${answer.status}:`)
  console.log(indent(JSON.stringify(answer.body, null, 2)))
  if (answer.status !== 200) return 1

  const summary = answer.body as { pushToken: string, rows: number, chunks: number, sourceId: string }
  const upload = stack.wfm.upload(summary.pushToken)
  const problems = verifyUpload(upload, { ...summary, intervalSeconds })
  const chunkList = upload?.chunks.map((chunk) => `${chunk.rows.length} rows${chunk.lastChunk ? ' (lastChunk)' : ''}`)
  console.log(`   WFM recorded ${upload?.chunks.length ?? 0} chunk(s): ${chunkList?.join(', ') ?? 'none'}`)
  for (const problem of problems) console.log(`   PROBLEM: ${problem}`)
  console.log('')
  return problems.length
}

function smallJsonRows (): unknown[] {
  return ['Sales', 'Billing', 'Support', 'Retention', 'Claims'].map((queue, index) => ({
    intervalStart: '2026-02-02T09:00:00Z', queue, offered: 10 + index, aht: 200.5 + index
  }))
}

function indent (text: string): string {
  return text.split('\n').map((line) => `   ${line}`).join('\n')
}

main().then((code) => { process.exitCode = code }, (error: unknown) => {
  console.error(`demo failed: ${(error as Error).stack ?? String(error)}`)
  process.exitCode = 1
})
