import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { DecodingError, LineDecoder, maxLineBytes, resolveCharset } from '../../src/ingest/line-decoder.js'
import { readCsv } from '../../src/ingest/csv-source.js'
import { caught, createSession, ingestCsv, row, streamOf } from './helpers.js'

async function decode (encoding: string, ...chunks: Array<string | Uint8Array>): Promise<string[]> {
  const blocks: string[] = []
  await pipeline(streamOf(...chunks), new LineDecoder(encoding), async (source: AsyncIterable<string>) => {
    for await (const block of source) {
      blocks.push(block)
    }
  })
  return blocks
}

const header = 'intervalStart,queue,offered,aht\n'
const utf8InvalidMessage = (line: number): string => `line ${line} contains bytes that are not valid UTF-8; ` +
  'save the file as UTF-8, or declare the charset it uses in the Content-Type (for example text/csv; charset=windows-1252)'

t.test('LineDecoder emits whole lines', async (t) => {
  const blocks = await decode('utf-8', 'ab', 'c\nde', 'f\ng', 'h')
  t.strictSame(blocks, ['abc\n', 'def\n', 'gh'])
})

t.test('LineDecoder joins split characters', async (t) => {
  const euro = Buffer.from('€', 'utf8')
  const emoji = Buffer.from('😀', 'utf8')
  const blocks = await decode('utf-8',
    Buffer.from('x'), euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2),
    emoji.subarray(0, 1), emoji.subarray(1, 2), emoji.subarray(2, 3), emoji.subarray(3), Buffer.from('\n'))
  t.strictSame(blocks, ['x€😀\n'])
})

t.test('LineDecoder strips only the leading BOM', async (t) => {
  const blocks = await decode('utf-8', Buffer.from([0xEF]), Buffer.from([0xBB, 0xBF]), 'a\n\uFEFFb\n')
  t.strictSame(blocks, ['a\n\uFEFFb\n'])
  const latin = await decode('windows-1252', Buffer.from([0xEF, 0xBB, 0xBF, 0x61, 0x0A]))
  t.strictSame(latin, ['ï»¿a\n'], 'a UTF-8 BOM means nothing in windows-1252')
})

t.test('LineDecoder names the line of invalid bytes', async (t) => {
  const cases: Array<[string, Buffer[], number]> = [
    ['Latin-1 byte', [Buffer.from('a\nb\nCaf'), Buffer.from([0xE9]), Buffer.from('\nd\n')], 3],
    ['overlong slash', [Buffer.from('a\n'), Buffer.from([0xC0, 0xAF, 0x0A])], 2],
    ['encoded surrogate', [Buffer.from([0xED, 0xA0, 0x80, 0x0A])], 1],
    ['beyond U+10FFFF', [Buffer.from('a\nb\n'), Buffer.from([0xF4, 0x90, 0x80, 0x80])], 3],
    ['truncated at the end', [Buffer.from('a\nb\n\n'), Buffer.from([0xE2, 0x82])], 4],
    ['lone continuation byte', [Buffer.from([0x80])], 1]
  ]
  for (const [name, chunks, line] of cases) {
    const error = await caught(() => decode('utf-8', ...chunks))
    t.ok(error instanceof DecodingError, name)
    t.match(error, { reason: 'invalid-bytes', line, message: utf8InvalidMessage(line) }, name)
  }
})

t.test('LineDecoder rejects long lines', async (t) => {
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  const chunks = [Buffer.from('short\n'), ...Array.from({ length: 17 }, () => chunk)]
  const error = await caught(() => decode('utf-8', ...chunks))
  t.ok(error instanceof DecodingError)
  t.match(error, {
    reason: 'line-too-long',
    line: 2,
    message: `line 2 is longer than ${maxLineBytes} bytes (limits.maxLineBytes); check the delimiter and line endings of the file`
  })

  const oneBlock = Buffer.concat([Buffer.alloc(maxLineBytes + 1, 0x61), Buffer.from('\n')])
  const blockError = await caught(() => decode('utf-8', oneBlock))
  t.match(blockError, { reason: 'line-too-long', line: 1 }, 'a long line inside one chunk')

  const exact = await decode('utf-8', Buffer.concat([Buffer.alloc(maxLineBytes, 0x61), Buffer.from('\n')]))
  t.equal(exact.join('').length, maxLineBytes + 1, 'a line of exactly the maximum passes')
  const exactCrlf = Buffer.concat([Buffer.alloc(maxLineBytes, 0x61), Buffer.from('\r\n')])
  const crlf = await decode('utf-8', exactCrlf.subarray(0, maxLineBytes + 1), exactCrlf.subarray(maxLineBytes + 1))
  t.equal(crlf.join('').length, maxLineBytes + 2, 'a CRLF line of exactly the maximum passes, CR and LF split')
})

t.test('resolveCharset labels', async (t) => {
  t.equal(resolveCharset(undefined), 'utf-8')
  t.equal(resolveCharset('UTF-8'), 'utf-8')
  t.equal(resolveCharset('utf8'), 'utf-8')
  t.equal(resolveCharset('windows-1252'), 'windows-1252')
  t.equal(resolveCharset('latin1'), 'windows-1252')
  t.equal(resolveCharset('ISO-8859-1'), 'windows-1252')
  t.equal(resolveCharset('us-ascii'), 'windows-1252')
  t.equal(resolveCharset('iso-8859-15'), 'iso-8859-15')
  for (const label of ['x-klingon', 'utf-16', 'utf-16le', 'shift_jis', 'iso-2022-kr', '']) {
    const error = await caught(async () => resolveCharset(label))
    t.ok(error instanceof RelayError, label)
    t.match(error, {
      code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE',
      message: `charset ${JSON.stringify(label)} is not supported; send UTF-8, or declare a single-byte charset such as windows-1252 or iso-8859-1`
    }, label)
  }
})

t.test('readCsv with a split multi-byte character', async (t) => {
  const text = Buffer.from(header + '2019-01-18T22:15:00Z,Café 😀,1,2\n')
  const split = text.indexOf(Buffer.from('é')) + 1
  const emojiStart = text.indexOf(Buffer.from('😀'))
  const { session, sink } = createSession()
  await readCsv(streamOf(text.subarray(0, split), text.subarray(split, emojiStart + 2), text.subarray(emojiStart + 2)), session)
  const result = await session.finish()
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [{ row: row('2019-01-18T22:15:00Z', 'Café 😀', 1, 2), line: 2 }])
})

t.test('readCsv with invalid UTF-8', async (t) => {
  const bytes = Buffer.concat([
    Buffer.from(header + '2019-01-18T22:15:00Z,Sales,1,2\n2019-01-18T22:15:00Z,Caf'),
    Buffer.from([0xE9]),
    Buffer.from(',1,2\n')
  ])
  const error = await caught(() => ingestCsv(bytes, { fileName: 'export.csv' }))
  t.ok(error instanceof RelayError)
  t.match(error, { code: 'WFM_RELAY_INVALID_ROWS', message: utf8InvalidMessage(3), rowErrorCount: 1 })
  t.strictSame((error as RelayError).rowErrors, [
    { line: 3, file: 'export.csv', field: 'row', message: utf8InvalidMessage(3) }
  ])
})

t.test('readCsv invalid UTF-8 after row errors', async (t) => {
  // Enough valid rows between the two problems that the first is read before the bytes fail.
  const filler = Array.from({ length: 40_000 }, (_, index) =>
    `${new Date(Date.UTC(2019, 0, 1) + index * 900_000).toISOString()},Sales,1,2\n`).join('')
  const bytes = Buffer.concat([
    Buffer.from(header + '2019-01-18T22:15:00Z,Support,x,2\n' + filler),
    Buffer.from([0xFF, 0x0A])
  ])
  const chunks: Buffer[] = []
  for (let start = 0; start < bytes.length; start += 65_536) {
    chunks.push(bytes.subarray(start, start + 65_536))
  }
  const { session } = createSession()
  const error = await caught(() => readCsv(streamOf(...chunks), session))
  t.match(error, { code: 'WFM_RELAY_INVALID_ROWS', message: utf8InvalidMessage(40_003), rowErrorCount: 2 })
  t.strictSame((error as RelayError).rowErrors, [
    {
      line: 2,
      field: 'offered',
      value: 'x',
      message: '"x" is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces'
    },
    { line: 40_003, field: 'row', message: utf8InvalidMessage(40_003) }
  ])
})

t.test('windows-1252 high range', async (t) => {
  const bytes = Buffer.from(Array.from({ length: 32 }, (_, index) => 0x80 + index).concat([0x0A]))
  const blocks = await decode('windows-1252', bytes)
  t.strictSame(blocks, ['€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ\n'])
  const rest = await decode('windows-1252', Buffer.from([0x41, 0xA0, 0xE9, 0xFF, 0x0A]))
  t.strictSame(rest, ['A\u00A0éÿ\n'])
})

t.test('readCsv with a declared charset', async (t) => {
  const bytes = Buffer.concat([
    Buffer.from(header + '2019-01-18T22:15:00Z,Caf'),
    Buffer.from([0xE9, 0x20, 0x80]),
    Buffer.from(',1,2\n')
  ])
  for (const charset of ['windows-1252', 'latin1', 'iso-8859-1']) {
    const { result, sink } = await ingestCsv(bytes, { charset })
    t.equal(result.errorCount, 0, charset)
    t.strictSame(sink.rows, [row('2019-01-18T22:15:00Z', 'Café €', 1, 2)], charset)
  }
  const error = await caught(() => ingestCsv(bytes, { charset: 'x-unknown' }))
  t.match(error, { code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE' })
})

t.test('readCsv with a BOM', async (t) => {
  const { result, sink } = await ingestCsv('\uFEFF' + header + '2019-01-18T22:15:00Z,Sales,1,2\n')
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [{ row: row('2019-01-18T22:15:00Z', 'Sales', 1, 2), line: 2 }])
})
