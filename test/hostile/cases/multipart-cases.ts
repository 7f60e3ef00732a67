// Hostile multipart/form-data bodies for the default limits: boundaries, truncated bodies,
// malformed parts, fields and files in any order, counts, charsets and broken CSV in files.

import {
  boundary, csvHeader, csvRow, fieldPart, filePart, multipartBody, multipartType, type HostileCase
} from '../corpus.js'

const invalidBody = { status: 400, code: 'WFM_RELAY_INVALID_BODY' }
const invalidParameter = { status: 400, code: 'WFM_RELAY_INVALID_PARAMETER' }
const tooLarge = { status: 413, code: 'WFM_RELAY_BODY_TOO_LARGE' }

const goodCsv = csvHeader + csvRow(0) + csvRow(1)
const goodForm = multipartBody(boundary, [filePart(goodCsv)])

const cutAt = (text: string): Buffer => {
  const end = goodForm.indexOf(text)
  if (end === -1) throw new Error(`the form has no ${text}`)
  return goodForm.subarray(0, end)
}

const framing: HostileCase[] = [
  { name: 'multipart without boundary', contentType: 'multipart/form-data', body: goodForm, ...invalidBody, message: /boundary/ },
  { name: 'multipart with empty boundary', contentType: 'multipart/form-data; boundary=', body: goodForm, ...invalidBody },
  { name: 'multipart with boundary of 71 characters', contentType: `multipart/form-data; boundary=${'b'.repeat(71)}`, body: multipartBody('b'.repeat(71), [filePart(goodCsv)]), ...invalidBody },
  { name: 'multipart with another boundary in the body', contentType: 'multipart/form-data; boundary=other', body: goodForm, ...invalidBody, message: /ends before its closing boundary/ },
  { name: 'multipart empty body', contentType: multipartType, body: '', ...invalidBody, message: /ends before its closing boundary/ },
  { name: 'multipart only preamble', contentType: multipartType, body: 'just some text\r\n', ...invalidBody },
  { name: 'multipart cut after first boundary', contentType: multipartType, body: () => goodForm.subarray(0, boundary.length + 4), ...invalidBody },
  { name: 'multipart cut inside part headers', contentType: multipartType, body: () => cutAt('Content-Type'), ...invalidBody },
  { name: 'multipart cut inside file content', contentType: multipartType, body: () => cutAt('2026-01-05T00:15'), ...invalidBody, message: /ends before its closing boundary/ },
  { name: 'multipart without closing boundary', contentType: multipartType, body: () => multipartBody(boundary, [filePart(goodCsv)], { close: false }), ...invalidBody },
  { name: 'multipart closing boundary only', contentType: multipartType, body: `--${boundary}--\r\n`, status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD', message: /no file part/ },
  { name: 'multipart part without headers', contentType: multipartType, body: `--${boundary}\r\n\r\n${goodCsv}\r\n--${boundary}--\r\n`, ...invalidBody, message: /Content-Disposition/ },
  { name: 'multipart part without blank line after headers', contentType: multipartType, body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n--${boundary}--\r\n`, ...invalidBody, message: /no complete header block/ },
  { name: 'multipart attachment disposition', contentType: multipartType, body: multipartBody(boundary, [{ headers: ['Content-Disposition: attachment; filename="a.csv"'], content: goodCsv }]), ...invalidBody },
  { name: 'multipart part without name', contentType: multipartType, body: multipartBody(boundary, [{ headers: ['Content-Disposition: form-data; filename="a.csv"'], content: goodCsv }]), ...invalidBody },
  { name: 'multipart part with empty name', contentType: multipartType, body: multipartBody(boundary, [{ headers: ['Content-Disposition: form-data; name=""; filename="a.csv"'], content: goodCsv }]), ...invalidBody },
  { name: 'multipart header block of 100 KiB', contentType: multipartType, body: () => multipartBody(boundary, [{ headers: [`X-Padding: ${'p'.repeat(100 * 1024)}`], content: goodCsv }]), ...invalidBody },
  { name: 'multipart mixed nested in a file', contentType: multipartType, body: multipartBody(boundary, [filePart(multipartBody('inner', [filePart(goodCsv)]).toString(), 'file', 'nested', 'multipart/mixed; boundary=inner')]), status: 400, code: 'WFM_RELAY_MISSING_COLUMN', message: /the header has no columns/ }
]

const fields: HostileCase[] = [
  { name: 'multipart no file, only fields', contentType: multipartType, body: multipartBody(boundary, [fieldPart('sourceId', 'avaya')]), status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' },
  { name: 'multipart field sent twice', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('sourceId', 'a'), fieldPart('sourceId', 'b')]), ...invalidParameter, message: /sent twice/ },
  { name: 'multipart unknown field', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('tenant', 'globex')]), ...invalidParameter, message: /tenant/ },
  { name: 'multipart __proto__ field', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('__proto__', 'x')]), ...invalidParameter, message: /__proto__/ },
  { name: 'multipart constructor field', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('constructor', 'x')]), ...invalidParameter },
  { name: 'multipart interval field after the file', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('interval', '600')]), ...invalidParameter, message: /interval/ },
  { name: 'multipart interval not a number', contentType: multipartType, body: multipartBody(boundary, [fieldPart('interval', 'abc'), filePart(goodCsv)]), ...invalidParameter },
  { name: 'multipart profile field after the file', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('profile', 'nonexistent')]), status: 400, code: 'WFM_RELAY_PROFILE_NOT_FOUND' },
  { name: 'multipart pushToken not a uuid', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('pushToken', 'abc')]), ...invalidParameter },
  { name: 'multipart dryRun not a boolean', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('dryRun', 'maybe')]), ...invalidParameter },
  { name: 'multipart sourceId with control characters', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('sourceId', 'acd\r\nlastChunk: true')]), ...invalidParameter },
  { name: 'multipart field that differs from the query', url: '/v1/tenants/acme/historical-data?sourceId=a', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('sourceId', 'b')]), ...invalidParameter, message: /differ/ },
  { name: 'multipart field not utf-8', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('sourceId', Buffer.from([0x61, 0xFF, 0x62]))]), ...invalidParameter, message: /UTF-8/ },
  { name: 'multipart field of 2 KiB', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), fieldPart('sourceId', 's'.repeat(2048))]), ...tooLarge, message: /maxFieldBytes/ },
  { name: 'multipart 11 fields', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv), ...Array.from({ length: 11 }, (_, index) => fieldPart(`field${index}`, 'x'))]), ...tooLarge, message: /more than 10 text fields/ },
  { name: 'multipart 21 files', contentType: multipartType, body: multipartBody(boundary, Array.from({ length: 21 }, (_, index) => filePart(csvHeader + csvRow(index), 'file', `f${index}.csv`))), ...tooLarge, message: /more than 20 files/ }
]

const files: HostileCase[] = [
  { name: 'multipart file with unknown charset', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv, 'file', 'a.csv', 'text/csv; charset=klingon')]), status: 415, code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE', message: /klingon/ },
  { name: 'multipart file declared utf-16', contentType: multipartType, body: multipartBody(boundary, [filePart(Buffer.from(goodCsv, 'utf16le'), 'file', 'a.csv', 'text/csv; charset=utf-16le')]), status: 415, code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'multipart file latin1 undeclared', contentType: multipartType, body: multipartBody(boundary, [filePart(Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Caf'), Buffer.from([0xE9]), Buffer.from(',1,10\n')]))]), status: 400, code: 'WFM_RELAY_INVALID_ROWS', message: /line 2 contains bytes that are not valid UTF-8/ },
  { name: 'multipart file with unclosed quote', contentType: multipartType, body: multipartBody(boundary, [filePart(csvHeader + '2026-01-05T09:00:00Z,"Sales,1,10\n')]), status: 400, code: 'WFM_RELAY_INVALID_ROWS' },
  { name: 'multipart empty file', contentType: multipartType, body: multipartBody(boundary, [filePart('')]), status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' },
  { name: 'multipart binary file', contentType: multipartType, body: multipartBody(boundary, [filePart(Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF]), 'file', 'a.png', 'image/png')]), status: 400, code: 'WFM_RELAY_INVALID_ROWS' },
  { name: 'multipart file with path in name', contentType: multipartType, body: multipartBody(boundary, [filePart(csvHeader + csvRow(0), 'file', '../../etc/passwd'), filePart(csvHeader + csvRow(0), 'file', '..\\..\\boot.ini')]), status: 400, code: 'WFM_RELAY_INVALID_ROWS', message: /boot\.ini/ },
  { name: 'multipart second file breaks the upload', contentType: multipartType, body: multipartBody(boundary, [filePart(goodCsv, 'file', 'good.csv'), filePart(csvHeader + 'x,y,z,w\n', 'file', 'bad.csv')]), status: 400, code: 'WFM_RELAY_INVALID_ROWS', message: /bad\.csv/ }
]

export const multipartCases: HostileCase[] = [...framing, ...fields, ...files]
