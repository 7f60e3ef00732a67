import t from 'tap'
import { startHarness } from '../helpers/relay-harness.js'
import { csvHeader, csvRow, uploadUrl } from './corpus.js'
import { dribble, entriesOf, eventually, listenOnLoopback, openRawClient, requestHead } from './sockets.js'

// Short timeouts, so each cut-off happens within a second or two.
const serverConfig = { headersTimeoutMs: 400, requestTimeoutMs: 1_000, connectionTimeoutMs: 600, keepAliveTimeoutMs: 300 }

t.test('slow clients are cut off', async (t) => {
  const harness = await startHarness(t, { serverConfig })
  const port = await listenOnLoopback(harness.app)
  const auth = `Authorization: ${harness.authorization().authorization}`

  const slowHeaders = await Promise.all(Array.from({ length: 4 }, async () => await openRawClient(port)))
  const headerDribbles = slowHeaders.map(async (client) => {
    client.socket.write(`POST ${uploadUrl} HTTP/1.1\r\nHost: relay\r\n`)
    return await dribble(client, 'X-Slow: a\r\n', 100, 100)
  })

  const slowBodies = await Promise.all(Array.from({ length: 4 }, async () => await openRawClient(port)))
  const bodyDribbles = slowBodies.map(async (client) => {
    client.socket.write(requestHead([
      `POST ${uploadUrl} HTTP/1.1`, 'Host: relay', auth, 'Content-Type: text/csv', 'Content-Length: 100000'
    ]) + csvHeader)
    return await dribble(client, csvRow(0).slice(0, 8), 100, 100)
  })

  const silent = await openRawClient(port)

  // While the slow clients hold their sockets, a normal upload gets through.
  const response = await fetch(`http://127.0.0.1:${port}${uploadUrl}`, {
    method: 'POST',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    body: csvHeader + csvRow(0)
  })
  t.equal(response.status, 200, 'a normal upload succeeds meanwhile')
  await response.arrayBuffer()

  const headerPieces = await Promise.all(headerDribbles)
  for (const [index, client] of slowHeaders.entries()) {
    t.ok(client.socket.destroyed, `slow headers ${index} closed`)
    t.ok((headerPieces[index] ?? 100) < 100, `slow headers ${index} cut off before the end`)
    t.match(client.received(), /^(HTTP\/1\.1 408 |$)/, `slow headers ${index} got a 408 or nothing`)
  }

  const bodyPieces = await Promise.all(bodyDribbles)
  for (const [index, client] of slowBodies.entries()) {
    t.ok(client.socket.destroyed, `slow body ${index} closed`)
    t.ok((bodyPieces[index] ?? 100) < 100, `slow body ${index} cut off before the end`)
    t.match(client.received(), /^(HTTP\/1\.1 (408|400) |$)/, `slow body ${index} got a 408, a 400 or nothing`)
  }

  t.ok(await eventually(() => silent.socket.destroyed), 'a silent connection is closed')
  t.ok(await eventually(async () => (await entriesOf(harness.dataDir, 'spool')).length === 0), 'no spool is left')
  t.equal(harness.wfm.uploads().length, 1, 'only the normal upload reached the WFM')
})

t.test('idle keep-alive connection is closed', async (t) => {
  const harness = await startHarness(t, { serverConfig })
  const port = await listenOnLoopback(harness.app)
  const client = await openRawClient(port)
  client.socket.write(requestHead(['GET /healthz HTTP/1.1', 'Host: relay']))
  t.ok(await eventually(() => client.received().includes('"status":"ok"')), 'the probe answered')
  t.ok(await eventually(() => client.socket.destroyed), 'the idle connection was closed')
})
