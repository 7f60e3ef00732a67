import t, { type Test } from 'tap'
import { startHarness, type Harness } from '../helpers/relay-harness.js'
import { boundary, csvHeader, csvRow, multipartType, uploadUrl } from './corpus.js'
import { entriesOf, eventually, listenOnLoopback, openDescriptors, openRawClient, requestHead } from './sockets.js'

const rows = (from: number, count: number): string =>
  Array.from({ length: count }, (_, index) => csvRow(from + index)).join('')

async function uploadStillWorks (t: Test, harness: Harness, port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}${uploadUrl}`, {
    method: 'POST',
    headers: { ...harness.authorization(), 'content-type': 'text/csv' },
    body: csvHeader + csvRow(0)
  })
  t.equal(response.status, 200, 'the relay still answers')
  await response.arrayBuffer()
}

async function abortMidBody (harness: Harness, port: number, head: string[], body: string, waitFor: string): Promise<void> {
  const client = await openRawClient(port)
  client.socket.write(requestHead(head))
  client.socket.write(body)
  // The relay has begun to write the upload to disk before the client goes away.
  await eventually(async () => (await entriesOf(harness.dataDir, waitFor)).length > 0)
  client.socket.destroy()
  await client.closed
}

t.test('aborted uploads leave no files', async (t) => {
  const harness = await startHarness(t)
  const port = await listenOnLoopback(harness.app)
  await uploadStillWorks(t, harness, port)
  const descriptors = await openDescriptors()
  const auth = `Authorization: ${harness.authorization().authorization}`

  await abortMidBody(harness, port, [
    `POST ${uploadUrl} HTTP/1.1`, 'Host: relay', auth, 'Content-Type: text/csv', 'Content-Length: 50000000'
  ], csvHeader + rows(0, 4000), 'spool')
  t.ok(await eventually(async () => (await entriesOf(harness.dataDir, 'spool')).length === 0),
    'csv: the spool is empty')

  await abortMidBody(harness, port, [
    `POST ${uploadUrl} HTTP/1.1`, 'Host: relay', auth, 'Content-Type: application/x-ndjson', 'Transfer-Encoding: chunked'
  ], (() => {
    const text = Array.from({ length: 3000 }, (_, slot) =>
      JSON.stringify({ intervalStart: csvRow(slot).split(',')[0], queue: 'Sales', offered: 1, aht: 1 })).join('\n') + '\n'
    return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`
  })(), 'spool')
  t.ok(await eventually(async () => (await entriesOf(harness.dataDir, 'spool')).length === 0),
    'ndjson: the spool is empty')

  await abortMidBody(harness, port, [
    `POST ${uploadUrl} HTTP/1.1`, 'Host: relay', auth, `Content-Type: ${multipartType}`, 'Content-Length: 50000000'
  ], `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n` +
    `Content-Type: text/csv\r\n\r\n${csvHeader}${rows(0, 4000)}`, 'incoming')
  t.ok(await eventually(async () => (await entriesOf(harness.dataDir, 'incoming')).length === 0),
    'multipart: incoming is empty')

  const client = await openRawClient(port)
  client.socket.write(`POST ${uploadUrl} HTTP/1.1\r\nHost: relay\r\n${auth}\r\nContent-Ty`)
  client.socket.destroy()
  await client.closed

  t.same(await entriesOf(harness.dataDir, 'spool'), [], 'no spool directory is left')
  t.same(await entriesOf(harness.dataDir, 'incoming'), [], 'no stashed file is left')
  t.ok(await eventually(async () => await openDescriptors() <= descriptors),
    `open descriptors back to ${descriptors}`)
  await uploadStillWorks(t, harness, port)
  t.equal(harness.wfm.uploads().length, 2, 'only the two complete uploads reached the WFM')
})
