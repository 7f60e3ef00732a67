// The two ways to load the large dataset without the relay, both sending the relay's own WFM
// CSV bytes: the practical limit (pre-chunked bodies over one keep-alive connection) and the
// shell recipe (split -C, then one curl process per chunk).

import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Client } from 'undici'
import { fetchAccessToken, pushChunks } from '../lib/direct-push.js'
import { projectFile } from '../lib/project-files.js'
import { throughputMetrics, type Scenario } from './scenario.js'
import { verifiedUpload } from './verify.js'

export const direct: Scenario = {
  name: 'direct',
  title: 'Direct to the WFM (pre-chunked, one undici keep-alive client)',
  defaultRuns: 3,
  metrics: throughputMetrics,
  run: async (context) => {
    const { sink, target, tokenUrl } = context.stack
    const { large } = context.datasets
    const chunks = await context.directChunks()
    await sink.reset()
    const client = new Client(new URL(sink.pushUrl).origin)
    const pushToken = randomUUID()

    const startedAt = Date.now()
    try {
      const { accessToken } = await fetchAccessToken({ tokenUrl, clientId: target.clientId, clientSecret: target.clientSecret })
      await pushChunks(client, { pushUrl: sink.pushUrl, tenant: target.tenant, sourceId: target.sourceId, accessToken }, chunks, pushToken)
    } finally {
      await client.close()
    }

    const state = await sink.state()
    const expected = { rows: large.rows, bytes: large.wfmBytes }
    const upload = verifiedUpload(state, pushToken, expected, 'direct')
    const seconds = (upload.completedAt - startedAt) / 1000
    return {
      metrics: { seconds, megabytesPerSecond: large.wfmBytes / 1e6 / seconds, rowsPerSecond: large.rows / seconds, chunks: upload.chunks },
      uploads: state.uploads,
      expectedUpload: expected
    }
  }
}

export const curlRecipe: Scenario = {
  name: 'curl-recipe',
  title: 'Shell recipe (split -C, one curl process per chunk)',
  defaultRuns: 3,
  metrics: throughputMetrics,
  run: async (context) => {
    const { sink, target, tokenUrl } = context.stack
    const { large } = context.datasets
    await sink.reset()
    const pushToken = randomUUID()

    const script = projectFile('bench/curl-recipe.sh')
    const args = [large.wfmPath, sink.pushUrl, target.tenant, target.sourceId, tokenUrl, target.clientId]

    const startedAt = Date.now()
    await runShell(script, args, {
      ...process.env,
      CLIENT_SECRET: target.clientSecret,
      PUSH_TOKEN: pushToken,
      CHUNK_BYTES: String(context.maxChunkBytes)
    })
    const seconds = (Date.now() - startedAt) / 1000

    const state = await sink.state()
    const expected = { rows: large.rows, bytes: large.wfmBytes }
    const upload = verifiedUpload(state, pushToken, expected, 'curl-recipe')
    return {
      metrics: { seconds, megabytesPerSecond: large.wfmBytes / 1e6 / seconds, rowsPerSecond: large.rows / seconds, chunks: upload.chunks },
      uploads: state.uploads,
      expectedUpload: expected
    }
  }
}

async function runShell (script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn('sh', [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr = (stderr + text).slice(-4000) })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0) throw new Error(`${script} exited with code ${String(code)}: ${stderr.trim()}`)
}
