import { createReadStream, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Value } from '@sinclair/typebox/value'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { ProfileConfig } from '../../src/config/schema.js'
import { readCsv } from '../../src/ingest/csv-source.js'
import { validateProfile } from '../../src/ingest/profile-check.js'
import { createSession, epoch, row, type SunkRow } from './helpers.js'

const profilePath = fileURLToPath(new URL('../../examples/hihix-profile.yaml', import.meta.url))
const samplePath = fileURLToPath(new URL('../fixtures/hihix-sample.csv', import.meta.url))
// The real export is test input kept outside the repository, because it has no licence.
const realExportPath = fileURLToPath(new URL('../../../shared/datasets/real/hihix-acd-interval-2014-05-16_06-11.csv', import.meta.url))

async function loadProfile (): Promise<ProfileConfig> {
  const config = parseYaml(await readFile(profilePath, 'utf8')) as { profiles: Record<string, unknown> }
  return config.profiles.hihix as ProfileConfig
}

async function ingestFile (path: string, profile: ProfileConfig): Promise<ReturnType<typeof createSession> & {
  result: Awaited<ReturnType<ReturnType<typeof createSession>['session']['finish']>>
}> {
  const created = createSession({ intervalSeconds: profile.interval, profile, profileName: 'hihix' })
  await readCsv(createReadStream(path), created.session, { fileName: 'export.csv' })
  return { ...created, result: await created.session.finish() }
}

t.test('hihix profile loads as config', async (t) => {
  const profile = await loadProfile()
  t.ok(Value.Check(ProfileConfig, profile), 'matches the ProfileConfig schema')
  t.doesNotThrow(() => validateProfile('hihix', profile))
  t.equal(profile.interval, 1800)
  t.equal(profile.timeZone, 'Pacific/Honolulu')
  t.strictSame(profile.include, { CALL_TYPE: ['Inbound', '2'] })
  t.strictSame(profile.exclude, { QUEUE_NAME: ['InboundAban', 'No Queue', 'MAXHIHIX_Test', 'Labor'] })
  t.equal(profile.completeDays, true)
})

t.test('hihix profile on the sample export', async (t) => {
  const sampleHeader = (await readFile(samplePath, 'utf8')).split('\n')[0]?.split(',') ?? []
  t.equal(sampleHeader.length, 58, 'the sample has the 58 columns of the export')

  const { result, sink } = await ingestFile(samplePath, await loadProfile())
  t.strictSame(result, {
    rows: 192,
    skippedRows: 6,
    filledRows: 187,
    queues: 2,
    firstIntervalStart: epoch('2015-03-02T10:00:00Z'),
    lastIntervalStart: epoch('2015-03-04T09:30:00Z'),
    errors: [],
    errorCount: 0
  })

  // Hawaii is UTC-10 all year.
  const uploaded: SunkRow[] = [
    { row: row('2015-03-02T18:00:00Z', 'Sample_English_vcall', 14, 312.5), line: 2 },
    { row: row('2015-03-02T18:30:00Z', 'Sample_English_vcall', 9, 287), line: 3 },
    { row: row('2015-03-02T18:00:00Z', 'Sample_Webchat', 3, 640.33), line: 4 },
    { row: row('2015-03-03T23:30:00Z', 'Sample_English_vcall', 21, 301.75), line: 9 },
    { row: row('2015-03-03T10:00:00Z', 'Sample_Webchat', 1, 2), line: 12 }
  ]
  t.strictSame(sink.received.slice(0, 5), uploaded)

  const filled = sink.received.slice(5)
  t.ok(filled.every((entry) => entry.line === 0 && entry.row.offered === 0 && entry.row.aht === 0), 'filled rows are zeros on line 0')
  for (const queue of ['Sample_English_vcall', 'Sample_Webchat']) {
    const starts = sink.received.filter((entry) => entry.row.queue === queue).map((entry) => entry.row.intervalStart).sort((a, b) => a - b)
    const expected = Array.from({ length: 96 }, (_, index) => epoch('2015-03-02T10:00:00Z') + index * 1800)
    t.strictSame(starts, expected, `${queue} has all 48 intervals of both days`)
  }
})

t.test('hihix profile on the real export', { skip: existsSync(realExportPath) ? false : 'the real export is not present' }, async (t) => {
  const { result, sink } = await ingestFile(realExportPath, await loadProfile())
  t.strictSame(result.errors, [])
  t.equal(result.queues, 16)
  t.equal(result.skippedRows, 1729)
  t.equal(result.rows, 19056)
  t.equal(result.filledRows, 17146)
  t.equal(result.firstIntervalStart, epoch('2014-05-16T10:00:00Z'))
  t.equal(result.lastIntervalStart, epoch('2014-06-11T09:30:00Z'))
  t.equal(new Set(sink.rows.map((entry) => entry.queue)).size, 16)
  t.ok(sink.rows.every((entry) => entry.intervalStart % 1800 === 0), 'every row starts on a 30-minute UTC boundary')
  t.equal(sink.received.length, 19056)
})
