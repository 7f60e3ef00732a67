// CI's real-data check: pushes the real Cisco ACD export through a running relay with the hihix
// profile, then compares what the WFM simulator recorded with expectations computed here from the
// raw file, independently of the relay's code.
//
// Expectations: rows with CALL_TYPE Inbound or 2 and a real queue are forwarded. Hawaii has no
// DST, so UTC is local time + 10 hours. Each queue gets all 48 half-hours of every day from its
// first to its last day, with zeros where the export had no row.

import { readFile } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { loadExampleProfiles } from './lib/hihix-profile.js'
import { startRelayStack } from './lib/relay-stack.js'
import { postUpload } from './lib/upload-client.js'
import { verifyUpload } from './lib/verify-upload.js'

const forwardedCallTypes = new Set(['Inbound', '2'])
const pseudoQueues = new Set(['InboundAban', 'No Queue', 'MAXHIHIX_Test', 'Labor'])
const hawaiiOffsetSeconds = 10 * 3600
const halfHour = 1800

interface Expected { offered: number, aht: number }

async function main (path: string): Promise<number> {
  const expected = await expectedRows(path)
  const stack = await startRelayStack({ profiles: await loadExampleProfiles(), sourceId: 'cisco-hihix' })
  const checks: Array<[string, boolean]> = []
  try {
    const answer = await postUpload(stack.relayUrl, stack.apiKey, stack.tenant, { profile: 'hihix' },
      'text/csv', createReadStream(path))
    checks.push([`relay answered 200 (got ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)})`, answer.status === 200])
    const summary = answer.body as { pushToken: string, rows: number, chunks: number }
    const upload = stack.wfm.upload(summary.pushToken)

    const rules = verifyUpload(upload, { rows: expected.size, chunks: summary.chunks, sourceId: 'cisco-hihix', intervalSeconds: halfHour })
    checks.push([`upload follows the WFM rules ${rules.join('; ')}`, rules.length === 0])
    checks.push([`exactly one upload recorded (got ${stack.wfm.uploads().length})`, stack.wfm.uploads().length === 1])

    const received = new Map<string, string[]>()
    for (const row of upload?.chunks.flatMap((chunk) => chunk.rows) ?? []) {
      received.set(`${row[2] ?? ''}|${row[0] ?? ''}`, row)
    }
    checks.push([`no (queue, interval) twice (${received.size} distinct)`, received.size === summary.rows])
    let mismatches = 0
    for (const [key, want] of expected) {
      const row = received.get(key)
      if (row === undefined || Number(row[3]) !== want.offered || Number(row[4]) !== want.aht) {
        if (mismatches++ < 5) console.log(`mismatch at ${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(row)}`)
      }
    }
    checks.push([`every expected row arrived with its values (${mismatches} mismatches of ${expected.size})`, mismatches === 0])
  } finally {
    await stack.stop()
  }

  for (const [name, ok] of checks) console.log(`${ok ? 'ok' : 'FAILED'} - ${name}`)
  const failed = checks.filter(([, ok]) => !ok).length
  console.log(`real export: ${checks.length - failed} passed, ${failed} failed`)
  return failed === 0 ? 0 : 1
}

/** Every row the WFM should get, keyed by `queue|intervalStart`. */
async function expectedRows (path: string): Promise<Map<string, Expected>> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '')
  const header = (lines.shift() ?? '').split(',')
  const column = (name: string): number => header.indexOf(name)
  const [date, time, queue, offered, aht, callType] = ['INTERVAL_DATE', 'INTERVAL_START_TIME',
    'QUEUE_NAME', 'CONTACTS_OFFERED', 'MEAN_HANDLE_TIME', 'CALL_TYPE'].map(column) as number[]

  const real = new Map<string, Expected>()
  const days = new Map<string, { first: number, last: number }>()
  for (const line of lines) {
    const cells = line.split(',')
    const name = cells[queue!] ?? ''
    if (!forwardedCallTypes.has(cells[callType!] ?? '') || pseudoQueues.has(name)) continue
    const [month, day, year] = (cells[date!] ?? '').split('/').map(Number) as [number, number, number]
    const [hours, minutes] = (cells[time!] ?? '').split(':').map(Number) as [number, number]
    const localMidnight = Date.UTC(year, month - 1, day) / 1000
    const start = localMidnight + hours * 3600 + minutes * 60 + hawaiiOffsetSeconds
    real.set(`${name}|${iso(start)}`, { offered: Number(cells[offered!]), aht: Number(cells[aht!]) })
    const span = days.get(name) ?? { first: localMidnight, last: localMidnight }
    days.set(name, { first: Math.min(span.first, localMidnight), last: Math.max(span.last, localMidnight) })
  }

  const all = new Map<string, Expected>()
  for (const [name, span] of days) {
    for (let start = span.first; start < span.last + 86_400; start += halfHour) {
      const key = `${name}|${iso(start + hawaiiOffsetSeconds)}`
      all.set(key, real.get(key) ?? { offered: 0, aht: 0 })
    }
  }
  return all
}

function iso (epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z')
}

const path = process.argv[2]
if (path === undefined) {
  console.error('usage: node dist/scripts/check-real-export.js PATH_TO_EXPORT.csv')
  process.exitCode = 2
} else {
  main(path).then((code) => { process.exitCode = code }, (error: unknown) => {
    console.error(`real export check failed: ${(error as Error).stack ?? String(error)}`)
    process.exitCode = 1
  })
}
