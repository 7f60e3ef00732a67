// Measures the relay's peak memory while it receives 1 GB request bodies: garbage in several
// forms, and a valid CSV that it validates, spools and pushes to the WFM simulator. Each body
// goes to a fresh relay child process, so its VmHWM (peak resident set) covers that body only;
// VmRSS is also sampled every 100 ms. Bodies are generated as they are sent, never stored.
//
//   npm run build && node dist/scripts/measure-memory.js [bytes] [part of a body name]
//
// The relay child inherits the environment, so NODE_OPTIONS (V8 heap flags) applies to it.

import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { startRelayStack, type RelayStack } from './lib/relay-stack.js'

const defaultBodyBytes = 1_000_000_000
const sampleEveryMs = 100
const mebibyte = 1024 * 1024

interface BodySpec {
  name: string
  contentType: string
  /** Yields the body in pieces of about 64 KiB until `bytes` have been produced. */
  pieces: (bytes: number) => Generator<Buffer>
}

interface Measurement {
  name: string
  status: number | string
  sentBytes: number
  seconds: number
  peakSampledMiB: number
  peakHwmMiB: number
  wfmBytes: number
}

/** A fixed pseudo-random sequence, so every run sends the same garbage. */
function * randomBytes (bytes: number): Generator<Buffer> {
  let state = 0x2545F491
  for (let sent = 0; sent < bytes;) {
    const piece = Buffer.alloc(Math.min(64 * 1024, bytes - sent))
    for (let index = 0; index < piece.length; index++) {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      piece[index] = state & 0xFF
    }
    sent += piece.length
    yield piece
  }
}

/** Repeats lines made by `line(index)` until `bytes`, after an optional first piece. */
function * lines (bytes: number, first: string, line: (index: number) => string): Generator<Buffer> {
  let sent = 0
  let index = 0
  let batch: string[] = [first]
  let batchBytes = first.length
  while (sent + batchBytes < bytes) {
    const next = line(index++)
    batch.push(next)
    batchBytes += next.length
    if (batchBytes >= 64 * 1024) {
      yield Buffer.from(batch.join(''))
      sent += batchBytes
      batch = []
      batchBytes = 0
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(''))
}

/** Rows of 200 queues, one interval after the other, about 55 bytes each. */
function validRow (index: number): string {
  const queue = index % 200
  const slot = Math.floor(index / 200)
  const start = new Date(Date.UTC(2000, 0, 1) + slot * 900_000).toISOString().replace('.000Z', 'Z')
  return `${start},Inbound queue ${String(queue).padStart(3, '0')},${index % 97},${(index % 3600) / 10}\n`
}

const header = 'intervalStart,queue,offered,aht\n'
const boundary = 'measure-memory-boundary'

const bodies: BodySpec[] = [
  { name: 'garbage: random bytes as text/csv', contentType: 'text/csv', pieces: randomBytes },
  {
    name: 'garbage: invalid CSV rows after a valid header',
    contentType: 'text/csv',
    pieces: (bytes) => lines(bytes, header, (index) => `not a timestamp ${index},${'x'.repeat(20)},many,some\n`)
  },
  {
    name: 'garbage: multipart preamble without a part',
    contentType: `multipart/form-data; boundary=${boundary}`,
    pieces: (bytes) => lines(bytes, '', (index) => `preamble line ${index} that is not a boundary\r\n`)
  },
  { name: 'garbage: random bytes as application/json', contentType: 'application/json', pieces: randomBytes },
  { name: 'valid CSV, 200 queues', contentType: 'text/csv', pieces: (bytes) => lines(bytes, header, validRow) }
]

async function readStatus (pid: number): Promise<{ rssKiB: number, hwmKiB: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0)
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') }
}

/** Samples VmRSS until `stop` resolves; returns the largest sample in KiB. */
async function samplePeak (pid: number, stop: Promise<unknown>): Promise<number> {
  let done = false
  void stop.finally(() => { done = true })
  let peak = 0
  while (!done) {
    peak = Math.max(peak, (await readStatus(pid)).rssKiB)
    await sleep(sampleEveryMs)
  }
  return Math.max(peak, (await readStatus(pid)).rssKiB)
}

async function send (stack: RelayStack, spec: BodySpec, bytes: number): Promise<{ status: number | string, sentBytes: number, pushToken?: string }> {
  let sentBytes = 0
  const source = Readable.from((function * () {
    for (const piece of spec.pieces(bytes)) {
      sentBytes += piece.length
      yield piece
    }
  })())
  const url = new URL(`/v1/tenants/${stack.tenant}/historical-data`, stack.relayUrl)
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': spec.contentType },
      body: source,
      headersTimeout: 1_800_000,
      bodyTimeout: 1_800_000
    })
    const answer = await response.body.json() as { pushToken?: string, code?: string }
    return { status: `${response.statusCode} ${answer.code ?? ''}`.trim(), sentBytes, pushToken: answer.pushToken }
  } catch (error) {
    // A relay that responds early and closes the connection ends the upload with a socket error.
    return { status: `closed early (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, sentBytes }
  }
}

/** Waits until the WFM simulator has the upload's last chunk, so pushing is measured too. */
async function waitForCompletion (stack: RelayStack, pushToken: string | undefined): Promise<void> {
  if (pushToken === undefined) return
  const deadline = Date.now() + 1_800_000
  while (Date.now() < deadline && stack.wfm.upload(pushToken)?.completed !== true) await sleep(250)
}

async function measure (spec: BodySpec, bytes: number): Promise<Measurement> {
  const stack = await startRelayStack({ keepBodies: false })
  try {
    const startedAt = performance.now()
    const run = (async () => {
      const answer = await send(stack, spec, bytes)
      await waitForCompletion(stack, answer.pushToken)
      return answer
    })()
    const [answer, peakKiB] = await Promise.all([run, samplePeak(stack.pid, run)])
    const { hwmKiB } = await readStatus(stack.pid)
    return {
      name: spec.name,
      status: answer.status,
      sentBytes: answer.sentBytes,
      seconds: Math.round((performance.now() - startedAt) / 100) / 10,
      peakSampledMiB: Math.round(peakKiB / 1024),
      peakHwmMiB: Math.round(hwmKiB / 1024),
      wfmBytes: stack.wfm.uploads().reduce((sum, upload) =>
        sum + upload.chunks.reduce((chunkSum, chunk) => chunkSum + chunk.bodyBytes, 0), 0)
    }
  } finally {
    await stack.stop()
  }
}

async function main (): Promise<void> {
  const bytes = Number(process.argv[2] ?? defaultBodyBytes)
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`invalid body size ${process.argv[2] ?? ''}`)
  console.log(`body size ${bytes} bytes (${(bytes / mebibyte).toFixed(0)} MiB); node ${process.version}; ` +
    `NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}`)

  // An optional second argument picks the bodies whose name contains it.
  const filter = process.argv[3] ?? ''
  const results: Measurement[] = []
  for (const spec of bodies.filter((body) => body.name.includes(filter))) {
    const result = await measure(spec, bytes)
    results.push(result)
    console.log(JSON.stringify(result))
  }

  console.log('\n| body | response | bytes sent | seconds | peak RSS sampled (MiB) | VmHWM (MiB) | bytes to WFM |')
  console.log('|---|---|---:|---:|---:|---:|---:|')
  for (const result of results) {
    console.log(`| ${result.name} | ${result.status} | ${result.sentBytes} | ${result.seconds} | ` +
      `${result.peakSampledMiB} | ${result.peakHwmMiB} | ${result.wfmBytes} |`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
