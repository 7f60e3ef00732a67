import t, { type Test } from 'tap'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { parse, stringify } from 'yaml'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { defaultConfigPath } from '../../src/config/load.js'
import { RelayConfig } from '../../src/config/schema.js'
import { parseDockerfileStages, type StageStep } from './helpers/dockerfile-stages.js'
import { parseDockerignore } from './helpers/dockerignore.js'
import {
  asPid1Command, canRunAsPid1, onlyChildOf, startRelayProcess, stopRelayProcess
} from './helpers/relay-process.js'
import { emulateStages, hostPath, type EmulatedStage } from './helpers/stage-emulator.js'

// Two `npm ci` runs, a native addon build and a TypeScript build: about 2 minutes on 2 cores with
// a warm npm cache (better-sqlite3 compiles from source when no prebuilt binary can be fetched).
t.setTimeout(360_000)

const stages = parseDockerfileStages(readFileSync('Dockerfile', 'utf8'))
const runtimeStage = stages.at(-1)
const dataDir = '/var/lib/wfm-relay'
const requestTimeoutMs = 15_000

t.test('dockerfile stages and base images', async (t) => {
  t.same(stages.map((stage) => stage.name), ['build', 'production-dependencies', 'runtime'])
  for (const stage of stages) t.equal(stage.baseImage, 'node:24-bookworm-slim', stage.name)
})

t.test('dockerfile runtime settings', async (t) => {
  const steps = runtimeStage?.steps ?? []
  const find = <K extends StageStep['kind']>(kind: K): Array<Extract<StageStep, { kind: K }>> => {
    return steps.filter((step): step is Extract<StageStep, { kind: K }> => step.kind === kind)
  }

  const users = find('user').map((step) => step.user)
  t.same(users, ['1000:1000'])
  t.match(users.at(-1), /^[1-9][0-9]*:[0-9]+$/, 'numeric non-root user')

  const exposed = find('expose').flatMap((step) => step.ports)
  const exampleConfig = parse(readFileSync('examples/config.yaml', 'utf8'))
  t.same(exposed, ['8080'])
  t.equal(Number(exposed[0]), exampleConfig.listen.port, 'the example config listens on the exposed port')
  t.equal(Number(exposed[0]), RelayConfig.properties.listen.properties.port.default, 'the default port is exposed')

  t.same(find('cmd'), [{
    kind: 'cmd',
    argv: ['node', '--max-old-space-size=128', '--max-semi-space-size=16', 'dist/src/server.js'],
    execForm: true
  }])
  t.same(find('entrypoint'), [{ kind: 'entrypoint', argv: [], execForm: true }])
  t.same(find('env').flatMap((step) => step.variables), [
    ['NODE_ENV', 'production'],
    ['WFM_RELAY_CONFIG', defaultConfigPath]
  ])
})

t.test('dockerfile runtime copies', async (t) => {
  const copies = (runtimeStage?.steps ?? []).filter((step) => step.kind === 'copy')
  t.same(copies, [
    { kind: 'copy', sources: ['/app/node_modules'], destination: './node_modules', fromStage: 'production-dependencies' },
    { kind: 'copy', sources: ['/app/dist/src'], destination: './dist/src', fromStage: 'build' },
    { kind: 'copy', sources: ['package.json'], destination: './', fromStage: undefined }
  ])
  for (const source of copies.flatMap((step) => step.sources)) {
    t.notMatch(source, /(^|\/)(sim|test|scripts)(\/|$)|\.ts$/, `${source} is no dev-only path`)
  }
})

t.test('dockerfile runtime shell step', async (t) => {
  const runs = (runtimeStage?.steps ?? []).filter((step) => step.kind === 'run')
  t.equal(runs.length, 1)
  const command = runs[0]?.kind === 'run' ? runs[0].command : ''
  for (const removed of ['/usr/local/lib/node_modules/npm', '/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack']) {
    t.ok(command.includes(removed), `removes ${removed}`)
  }
  t.ok(command.includes(`chown 1000:1000 ${dataDir}`), 'data directory belongs to the runtime user')
})

// The control for the PID 1 check below: it shows that the namespace really drops SIGTERM's
// default action, so a relay without its own handler would fail that check.
t.test('pid 1 without handler ignores SIGTERM', { skip: !canRunAsPid1() && 'unshare needs Linux and root' }, async (t) => {
  const [command, args] = asPid1Command(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'])
  const child = spawn(command, args, { stdio: 'ignore' })
  t.teardown(() => { child.kill('SIGKILL') })
  await delay(300)

  process.kill(onlyChildOf(child.pid ?? 0), 'SIGTERM')
  await delay(500)
  t.equal(child.exitCode, null, 'still running 500 ms after SIGTERM')
})

t.test('dockerfile stages build and serve', async (t) => {
  const outputDir = await mkdtemp(join(tmpdir(), 'wfm-relay-image-'))
  t.teardown(async () => { await rm(outputDir, { recursive: true, force: true, maxRetries: 3 }) })

  const node = nodeBinary(t)
  const startedAt = performance.now()
  const results = await emulateStages(stages, {
    contextDir: process.cwd(),
    // Outside the project, so that Node and tsc cannot fall back to the project's node_modules.
    outputDir,
    ignore: parseDockerignore(readFileSync('.dockerignore', 'utf8')),
    npmEnv: npmEnvironment(node)
  })
  t.comment(`stages built in ${Math.round(performance.now() - startedAt)} ms`)

  // The steps that change the base image's system files are not repeated on this machine.
  const skipped = (name: string): string => (results.get(name)?.skippedRuns ?? []).map((run) => run.split(' ')[0]).join(', ')
  t.equal(skipped('build'), '')
  t.equal(skipped('production-dependencies'), 'apt-get', 'the build tools install')
  t.equal(skipped('runtime'), 'rm', 'the base image clean-up')

  const runtime = results.get('runtime')
  if (runtime === undefined) throw new Error('no runtime stage')
  await checkRuntimeFiles(t, runtime, node)
  await serveFromStage(t, runtime, node)
})

async function checkRuntimeFiles (t: Test, runtime: EmulatedStage, node: string): Promise<void> {
  const app = hostPath(runtime, '/app')
  const files = (await listFiles(app)).filter((path) => !path.startsWith('node_modules/'))
  t.same(files.filter((path) => !/^dist\/src\/.+\.js(\.map)?$/.test(path)), ['package.json'],
    'besides node_modules only package.json and compiled JavaScript')
  t.ok(files.includes('dist/src/server.js'))
  t.ok(existsSync(join(app, 'node_modules/fastify/package.json')), 'production dependency present')
  for (const devOnly of ['typescript', 'tap', 'oidc-provider', 'dockerfile-ast']) {
    t.notOk(existsSync(join(app, 'node_modules', devOnly)), `${devOnly} is left out`)
  }

  // A native addon must be built for the Node that runs it. The relay may open its database only
  // when a job arrives, so the addon is loaded here directly.
  if (existsSync(join(app, 'node_modules/better-sqlite3'))) {
    const script = "const Database = require('better-sqlite3'); console.log(new Database(':memory:').prepare('select 1 + 1 as sum').get().sum)"
    const output = execFileSync(node, ['-e', script], { cwd: app, encoding: 'utf8' })
    t.equal(output.trim(), '2', 'better-sqlite3 loads on the relay\'s Node')
  }
}

async function serveFromStage (t: Test, runtime: EmulatedStage, node: string): Promise<void> {
  const apiKey = randomBytes(24).toString('base64url')
  const clientSecret = randomBytes(24).toString('hex')
  const configPath = hostPath(runtime, runtime.env.WFM_RELAY_CONFIG ?? '')
  const hostDataDir = hostPath(runtime, dataDir)
  await mkdir(hostDataDir, { recursive: true })
  await mkdir(join(configPath, '..'), { recursive: true })
  await writeFile(configPath, stringify(relayConfig(hostDataDir, sha256Hex(apiKey))))
  const before = await snapshot(runtime.rootDir, hostDataDir)

  const asPid1 = canRunAsPid1()
  t.comment(asPid1
    ? 'relay runs as PID 1 of its own PID namespace, where SIGTERM has no default action'
    : 'unshare cannot make a PID namespace here (needs Linux and root): relay runs as a plain child process')
  const cmd = runtime.cmd?.argv ?? []
  t.equal(cmd[0], 'node')
  const relay = await startRelayProcess({
    command: node,
    args: cmd.slice(1),
    cwd: hostPath(runtime, '.'),
    env: {
      ...runtime.env,
      WFM_RELAY_CONFIG: configPath,
      ACME_CLIENT_SECRET: clientSecret,
      // Inside the image tree, so that a write to either shows up in the snapshot below.
      HOME: hostPath(runtime, '/home/node'),
      TMPDIR: hostPath(runtime, '/tmp')
    },
    startTimeoutMs: 20_000,
    asPid1
  })
  t.teardown(async () => {
    if (relay.child.exitCode !== null || relay.child.signalCode !== null) return
    relay.child.kill('SIGKILL')
    await once(relay.child, 'close')
  })

  if (asPid1) t.equal(relay.logLines()[0]?.pid, 1, 'the relay logs its pid as 1')

  const ready = await fetch(`${relay.url}/readyz`, { signal: AbortSignal.timeout(requestTimeoutMs) })
  t.equal(ready.status, 200)
  t.same(await ready.json(), { status: 'ready' })
  const health = await fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(requestTimeoutMs) })
  t.equal(health.status, 200)
  t.same(await health.json(), { status: 'ok' })
  const metrics = await fetch(`${relay.url}/metrics`, { signal: AbortSignal.timeout(requestTimeoutMs) })
  t.equal(metrics.status, 200, 'the ServiceMonitor target answers')
  await metrics.body?.cancel()

  await uploadDryRun(t, relay.url, apiKey)

  const exit = await stopRelayProcess(relay, 15_000)
  t.same({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'SIGTERM ends the process cleanly')
  t.ok(exit.elapsedMs < 5_000, `stopped within 5 s (took ${Math.round(exit.elapsedMs)} ms)`)
  t.same(relay.logLines().map((line) => line.msg).slice(-2), ['wfm-relay stopping', 'wfm-relay stopped'])
  t.equal(relay.stderr(), '')
  t.same(await snapshot(runtime.rootDir, hostDataDir), before, 'nothing written outside the data directory')
  t.comment(`data directory after the run: ${(await listFiles(hostDataDir)).join(', ') || 'empty'}`)
}

async function uploadDryRun (t: Test, url: string, apiKey: string): Promise<void> {
  // Multipart, because it stashes files under dataDir/incoming besides the spool under dataDir/spool.
  const form = new FormData()
  form.append('file', new Blob(['intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,12,245.5\n'],
    { type: 'text/csv' }), 'export.csv')
  form.append('dryRun', 'true')
  const response = await fetch(`${url}/v1/tenants/acme/historical-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: form,
    signal: AbortSignal.timeout(requestTimeoutMs)
  })
  const body = await response.json() as Record<string, unknown>
  t.equal(response.status, 200, JSON.stringify(body))
  t.equal(body.rows, 1)
  t.equal(body.dryRun, true)
  t.equal(body.bytesSent, 0)
  t.same(body.firstLines, ['2026-01-05T09:00:00Z,cisco-east,Sales,12,245.5'])
}

function relayConfig (hostDataDir: string, keyDigest: string): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: hostDataDir,
    wfm: {
      // Never contacted: the only upload is a dry run.
      tokenUrlTemplate: 'http://127.0.0.1:9/auth/realms/{realm}/protocol/openid-connect/token',
      pushUrlTemplate: 'http://127.0.0.1:9/{tenant}/historical-data-push'
    },
    tenants: { acme: { clientId: 'wfm-relay', clientSecret: { env: 'ACME_CLIENT_SECRET' }, sourceId: 'cisco-east' } },
    callers: [{ name: 'packaging-test', keySha256: [keyDigest], tenants: ['acme'] }]
  }
}

/** Picks Node 24 as in the image when NODE24_BIN names it, else the Node running this test. */
function nodeBinary (t: Test): string {
  const node = process.env.NODE24_BIN ?? process.execPath
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  t.comment(`relay runs on node ${version} (${node})`)
  if (!version.startsWith('v24.')) {
    t.comment(`not Node 24 like the image: set NODE24_BIN to a Node 24 binary to test with it`)
  }
  return node
}

/**
 * Returns the environment of npm RUN steps: what npm needs to reach its cache and registry, and
 * no tap or npm-script variables. npm and node-gyp use the relay's Node and, where that Node's
 * folder has them, its headers, so that native addons are built for the Node that loads them.
 */
function npmEnvironment (node: string): Record<string, string> {
  const env: Record<string, string> = {
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false'
  }
  const passed = ['PATH', 'HOME', 'npm_config_cache', 'npm_config_registry', 'npm_config_userconfig',
    'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']
  for (const name of passed) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }

  env.PATH = `${dirname(node)}:${env.PATH ?? ''}`
  const prefix = dirname(dirname(node))
  if (existsSync(join(prefix, 'include/node/node_version.h'))) env.npm_config_nodedir = prefix
  return env
}

async function listFiles (root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort()
}

/** Lists every entry under root, except under skipped, with its size and modification time. */
async function snapshot (root: string, skipped: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const result: Record<string, string> = {}
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
    if (path === skipped || path.startsWith(`${skipped}/`)) continue
    const info = await stat(path)
    result[relative(root, path)] = entry.isDirectory() ? 'directory' : `${info.size} bytes, ${info.mtimeMs}`
  }
  return result
}
