import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import t from 'tap'
import { readCsv } from '../../src/ingest/csv-source.js'
import { IngestSession } from '../../src/ingest/session.js'

const header = 'intervalStart,queue,offered,aht\n'
/** Every generated row has this length: `2019-01-01T00:00:00Z,Sales,1,2\n`. */
const rowBytes = 31
const rowCount = 200_000
const firstStart = Date.UTC(2019, 0, 1) / 1000

/** Produces CSV rows on demand and counts the bytes handed out so far. */
class RowSource extends Readable {
  producedBytes = 0
  private nextRow = 0

  override _read (): void {
    if (this.nextRow >= rowCount) {
      this.push(null)
      return
    }
    let text = this.nextRow === 0 ? header : ''
    const end = Math.min(this.nextRow + 500, rowCount)
    for (; this.nextRow < end; this.nextRow += 1) {
      const start = new Date((firstStart + this.nextRow * 900) * 1000).toISOString().slice(0, 19) + 'Z'
      text += `${start},Sales,1,2\n`
    }
    this.producedBytes += Buffer.byteLength(text)
    this.push(text)
  }
}

t.test('readCsv reads ahead of a slow sink by a few chunks', async (t) => {
  const source = new RowSource()
  let maxAheadBytes = 0
  let received = 0
  const session = new IngestSession({ intervalSeconds: 900, maxReportedErrors: 10 }, {
    add: async (_row, line) => {
      received += 1
      const consumedBytes = header.length + (line - 1) * rowBytes
      maxAheadBytes = Math.max(maxAheadBytes, source.producedBytes - consumedBytes)
      if (received % 4 === 0) {
        await nextTurn()
      }
    }
  })

  await readCsv(source, session)
  const result = await session.finish()
  t.equal(result.errorCount, 0)
  t.equal(received, rowCount)
  t.equal(source.producedBytes, header.length + rowCount * rowBytes)
  // The upload is about 6 MB; without backpressure the reader would run through all of it.
  t.ok(maxAheadBytes < 1024 * 1024, `read ahead of the sink by at most 1 MiB (was ${maxAheadBytes} bytes)`)
})
