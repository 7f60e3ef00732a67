// Runs `npm run bench -- --smoke` in-process, so the bench cannot rot: every scenario once on
// 2,688 rows, with real relay, sink and identity provider processes. Timings are not checked.

import t from 'tap'
import { readFileSync } from 'node:fs'
import { defaultJobsPerTenant } from '../../bench/lib/relay-settings.js'
import { formatReport, reportJson } from '../../bench/lib/report-table.js'
import { runBench, scenarios, type ScenarioReport } from '../../bench/lib/runner.js'
import { parseDockerfileStages } from '../packaging/helpers/dockerfile-stages.js'

// The smoke dataset: 4 queues x 7 days x 96 quarter-hours, and the first 2,000 rows as JSON.
const largeRows = 2_688
const jsonRows = 2_000
const largeScenarios = ['large-csv', 'multipart', 'json', 'ndjson']

/** Reads the Node flags of the runtime stage's CMD with the packaging test's parser. */
function imageNodeFlags (): string[] {
  const runtime = parseDockerfileStages(readFileSync('Dockerfile', 'utf8')).at(-1)
  const command = runtime?.steps.filter((step) => step.kind === 'cmd').at(-1)
  if (command?.kind !== 'cmd') throw new Error('the Dockerfile\'s last stage has no CMD')
  return command.argv.slice(1, -1)
}

function scenario (reports: ScenarioReport[], name: string): ScenarioReport {
  const found = reports.find((report) => report.name === name)
  if (found === undefined) throw new Error(`scenario ${name} is missing from the report`)
  return found
}

t.test('bench smoke run', async (t) => {
  const report = await runBench({ smoke: true })

  t.same(report.scenarios.map((report) => report.name), scenarios.map((scenario) => scenario.name))
  for (const { name, runs } of report.scenarios) t.equal(runs.length, 1, `${name} ran once`)
  t.equal(report.dataset.rows, largeRows)

  t.test('relays run with the image flags and default jobs', async (t) => {
    t.same(report.relay.nodeFlags, imageNodeFlags())
    t.equal(report.relay.nodeFlagsSource, 'Dockerfile CMD')
    for (const flag of report.relay.nodeFlags) {
      t.notOk(process.execArgv.includes(flag), `the bench process runs without ${flag}`)
    }
    t.equal(report.relay.jobsPerTenant, defaultJobsPerTenant)
    t.equal(report.relay.jobsSource, 'relay default')
  })

  t.test('every upload is complete with lastChunk on its last chunk', async (t) => {
    for (const { name, runs } of report.scenarios) {
      const uploads = runs.flatMap((run) => run.uploads)
      const incomplete = uploads.filter((upload) =>
        upload.lastChunkPosition !== upload.chunks || upload.completedAt === undefined)
      t.ok(uploads.length > 0, `${name} has uploads`)
      t.same(incomplete, [], `${name} uploads are complete`)
    }
  })

  t.test('large uploads carry every row once, in several chunks', async (t) => {
    for (const name of ['direct', 'curl-recipe', 'large-csv', 'multipart']) {
      const uploads = scenario(report.scenarios, name).runs[0]?.uploads ?? []
      t.equal(uploads.length, 1, `${name} made one upload`)
      t.equal(uploads[0]?.rows, largeRows, `${name} rows`)
      t.equal(uploads[0]?.bytes, report.dataset.wfmBytes, `${name} bytes match the WFM encoding`)
      t.ok((uploads[0]?.chunks ?? 0) > 1, `${name} sent several chunks`)
    }
  })

  t.test('JSON and NDJSON carry the first rows once', async (t) => {
    const json = scenario(report.scenarios, 'json').runs[0]?.uploads ?? []
    const ndjson = scenario(report.scenarios, 'ndjson').runs[0]?.uploads ?? []
    t.equal(json.length, 1)
    t.equal(ndjson.length, 1)
    t.equal(json[0]?.rows, jsonRows)
    t.equal(ndjson[0]?.rows, jsonRows)
    t.equal(json[0]?.bytes, ndjson[0]?.bytes, 'both encode to the same WFM bytes')
  })

  t.test('incremental uploads have 50 rows each and reuse the token', async (t) => {
    const run = scenario(report.scenarios, 'incremental').runs[0]
    if (run === undefined) throw new Error('the incremental scenario has no run')
    const requests = run.metrics.requests ?? 0
    const sequentialRequests = run.metrics.sequentialRequests ?? 0

    t.ok(run.uploads.length >= requests + sequentialRequests,
      'the sink has an upload for every success through the relay')
    const directRequests = (run.metrics.directRequests ?? 1) + (run.metrics.directSequentialRequests ?? 1)
    t.ok((run.metrics.directSinkUploads ?? 0) >= directRequests, 'and for every direct success')
    const wrong = run.uploads.filter((upload) =>
      upload.rows !== 50 || upload.bytes !== run.expectedUpload.bytes || upload.chunks !== 1)
    t.same(wrong, [], 'each upload is one chunk of 50 rows')
    t.equal(run.metrics.tokenRequests, 1, 'a fresh relay fetched one token in a run shorter than its reuse window')
    t.ok(requests > 10, `the relay answered ${requests} uploads, far more than its token requests`)
    t.ok(sequentialRequests > 0, 'the relay answered uploads over one connection')
    t.ok((run.metrics.directSequentialRequests ?? 0) > 0, 'the sink answered direct uploads over one connection')
  })

  t.test('incremental latencies over one connection', async (t) => {
    const metrics = scenario(report.scenarios, 'incremental').runs[0]?.metrics ?? {}
    for (const key of ['sequentialP50Ms', 'sequentialP99Ms', 'directSequentialP50Ms', 'directSequentialP99Ms']) {
      t.ok((metrics[key] ?? 0) > 0, `${key} is a positive latency`)
    }
    t.ok(Number.isFinite(metrics.sequentialOverheadP50Ms), 'sequentialOverheadP50Ms is a number')
    t.ok(Number.isFinite(metrics.overheadP50Ms), 'overheadP50Ms is a number')
  })

  t.test('relay peaks are read and sampled', async (t) => {
    for (const name of [...largeScenarios, 'incremental']) {
      const metrics = scenario(report.scenarios, name).runs[0]?.metrics ?? {}
      t.ok((metrics.peakRssMiB ?? 0) > 0, `${name} VmHWM`)
      t.ok((metrics.sampledPeakRssMiB ?? 0) > 0, `${name} sampled VmRSS`)
    }
  })

  t.test('table and JSON name every scenario', async (t) => {
    const table = formatReport(report)
    for (const { name, title } of scenarios) t.match(table, `| ${title} \`${name}\` |`)
    t.match(table, 'Large load: relay / direct (rows/s)')
    t.match(table, `Relay process: Node flags ${imageNodeFlags().join(' ')} (from Dockerfile CMD)`)
    t.match(table, `relay jobs.maxConcurrentJobsPerTenant ${defaultJobsPerTenant} (the relay's default)`)
    for (const connections of ['one connection', '32 connections']) {
      const label = `Incremental: relay overhead at p50, ${connections} (ms)`
      const row = table.split('\n').find((line) => line.includes(label)) ?? ''
      t.match(row, /^\| Comparison \| \| .+ \| -?[\d.,]+ \| \| \| < 2 \| (met|missed) \|$/, label)
    }
    t.match(table, '| relay peak RSS, max of VmRSS sampled every 100 ms (MiB) |')

    const json = JSON.parse(reportJson(report)) as { scenarios: Array<{ runs: Array<Record<string, unknown>> }> }
    const firstRun = json.scenarios[0]?.runs[0]
    t.equal(firstRun?.uploads, undefined, 'per-upload lists stay out of the JSON')
    t.equal(firstRun?.sinkUploads, 1)
  })
})
