// Hostile CSV bodies for the default limits: broken quoting, ragged rows, binary data, NUL
// bytes, huge lines and records, thousands of columns, wrong encodings, bad numbers and
// timestamps, and missing headers.

import { Readable } from 'node:stream'
import { csvHeader, csvRow, type HostileCase } from '../corpus.js'

const mebibyte = 1024 * 1024

const invalidRows = { status: 400, code: 'WFM_RELAY_INVALID_ROWS' }
const rowTooLarge = { status: 400, code: 'WFM_RELAY_ROW_TOO_LARGE' }
const missingColumn = { status: 400, code: 'WFM_RELAY_MISSING_COLUMN' }
const emptyUpload = { status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' }
const unsupported = { status: 415, code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE' }

/** Bytes from a fixed linear congruential sequence, so every run sends the same "random" body. */
export function noise (length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length)
  let state = seed
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    bytes[index] = state >>> 16 & 0xFF
  }
  return bytes
}

/** Sends `text` in chunks of 16 KiB, as a network body arrives, without a Content-Length. */
export function streamOf (text: string): Readable {
  const bytes = Buffer.from(text)
  const chunks: Buffer[] = []
  for (let start = 0; start < bytes.length; start += 16 * 1024) chunks.push(bytes.subarray(start, start + 16 * 1024))
  return Readable.from(chunks)
}

const structure: HostileCase[] = [
  { name: 'csv unclosed quote', body: csvHeader + '2026-01-05T09:00:00Z,"Sales,1,10\n', ...invalidRows, message: /never closed/ },
  { name: 'csv unclosed quote at end of file', body: csvHeader + csvRow(0) + '2026-01-05T09:15:00Z,"Sales', ...invalidRows, message: /line 3/ },
  { name: 'csv stray quote inside field', body: csvHeader + '2026-01-05T09:00:00Z,Sa"les,1,10\n', ...invalidRows, message: /quote/ },
  { name: 'csv text after closing quote', body: csvHeader + '2026-01-05T09:00:00Z,"Sales"x,1,10\n', ...invalidRows, message: /closing quote/ },
  { name: 'csv quote in header', body: 'interval"Start,queue,offered,aht\n' + csvRow(0), ...invalidRows },
  { name: 'csv row with too few fields', body: csvHeader + '2026-01-05T09:00:00Z,Sales,1\n', ...invalidRows },
  { name: 'csv row with too many fields', body: csvHeader + '2026-01-05T09:00:00Z,Sales,1,10,extra\n', ...invalidRows },
  { name: 'csv ragged rows mixed', body: csvHeader + csvRow(0) + 'a\n' + 'a,b,c,d,e,f\n' + csvRow(1), ...invalidRows },
  { name: 'csv single field rows', body: csvHeader + 'x\ny\nz\n', ...invalidRows },
  { name: 'csv semicolon delimited', body: 'intervalStart;queue;offered;aht\n2026-01-05T09:00:00Z;Sales;1;10\n', ...missingColumn },
  { name: 'csv tab delimited', body: 'intervalStart\tqueue\toffered\taht\n2026-01-05T09:00:00Z\tSales\t1\t10\n', ...missingColumn },
  { name: 'csv binary noise', body: () => noise(4096, 7), ...invalidRows, message: /not valid UTF-8/ },
  { name: 'csv binary noise after header', body: () => Buffer.concat([Buffer.from(csvHeader), noise(4096, 11)]), ...invalidRows },
  { name: 'csv gzip magic bytes', body: Buffer.from([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFE]), ...invalidRows },
  { name: 'csv pdf document', body: '%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', ...missingColumn },
  { name: 'csv NUL bytes only', body: Buffer.alloc(64), ...missingColumn },
  { name: 'csv NUL byte in header', body: 'interval\u0000Start,queue,offered,aht\n' + csvRow(0), ...missingColumn },
  { name: 'csv NUL byte in queue', body: csvHeader + '2026-01-05T09:00:00Z,Sa\u0000les,1,10\n', ...invalidRows, message: /queue|control/ },
  { name: 'csv NUL byte in number', body: csvHeader + '2026-01-05T09:00:00Z,Sales,1\u0000,10\n', ...invalidRows },
  { name: 'csv NUL byte in timestamp', body: csvHeader + '2026-01-05T09:00:00Z\u0000,Sales,1,10\n', ...invalidRows },
  { name: 'csv line of 2 MiB without line feed', body: () => csvHeader + 'a'.repeat(2 * mebibyte), ...rowTooLarge, message: /line 2 is longer than 1048576 bytes/ },
  { name: 'csv line of 2 MiB in the middle', body: () => csvHeader + csvRow(0) + 'b'.repeat(2 * mebibyte) + '\n' + csvRow(1), ...rowTooLarge, message: /line 3/ },
  { name: 'csv header of 2 MiB', body: () => 'h'.repeat(2 * mebibyte) + '\n', ...rowTooLarge, message: /line 1/ },
  { name: 'csv quoted record over many lines', body: () => csvHeader + '2026-01-05T09:00:00Z,"' + 'x\n'.repeat(600_000) + '",1,10\n', ...rowTooLarge, message: /row starting on line 2/ },
  { name: 'csv queue of 100 KiB', body: () => csvHeader + `2026-01-05T09:00:00Z,${'q'.repeat(100 * 1024)},1,10\n`, ...rowTooLarge, message: /field 2 on line 2/ },
  { name: 'csv header of 100k columns', body: () => Array.from({ length: 100_000 }, (_, index) => `c${index}`).join(',') + '\n' + csvRow(0), ...rowTooLarge, message: /100000 fields/ },
  { name: 'csv row of 100k columns', body: () => csvHeader + ','.repeat(99_999) + 'x\n', ...rowTooLarge, message: /line 2 has 100000 fields/ },
  { name: 'csv row of 600 empty fields', body: () => csvHeader + csvRow(0) + ','.repeat(600) + '1\n', ...rowTooLarge, message: /line 3 has 601 fields/ },
  { name: 'csv empty body', body: '', ...emptyUpload, message: /no header row/ },
  { name: 'csv only blank lines', body: '\n\n\r\n\n', ...emptyUpload },
  { name: 'csv only delimiters', body: ',,,\n,,,\n', ...emptyUpload },
  { name: 'csv only byte order mark', body: '\uFEFF', ...emptyUpload },
  { name: 'csv header only', body: csvHeader, ...emptyUpload, message: /no data rows/ },
  { name: 'csv header without line feed', body: 'intervalStart,queue,offered,aht', ...emptyUpload },
  { name: 'csv data without header', body: csvRow(0) + csvRow(1), ...missingColumn },
  { name: 'csv data without header in a large body', body: () => streamOf(Array.from({ length: 20_000 }, (_, slot) => csvRow(slot)).join('')), ...missingColumn },
  { name: 'csv wide row deep in a large body', body: () => streamOf(csvHeader + Array.from({ length: 20_000 }, (_, slot) => csvRow(slot)).join('') + 'x,'.repeat(600) + 'x\n' + csvRow(20_001)), ...rowTooLarge, message: /line 20002 has 601 fields/ },
  { name: 'csv header missing aht', body: 'intervalStart,queue,offered\n2026-01-05T09:00:00Z,Sales,1\n', ...missingColumn, message: /aht/ },
  { name: 'csv header missing intervalStart', body: 'start,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n', ...missingColumn },
  { name: 'csv header with unknown column', body: 'intervalStart,queue,offered,aht,handled\n2026-01-05T09:00:00Z,Sales,1,10,1\n', status: 400, code: 'WFM_RELAY_UNKNOWN_COLUMN' },
  { name: 'csv header column twice', body: 'intervalStart,queue,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,Sales,1,10\n', status: 400, code: 'WFM_RELAY_UNKNOWN_COLUMN' },
  { name: 'csv header with empty names', body: ',,,\n' + csvRow(0), ...missingColumn },
  { name: 'csv duplicate rows', body: csvHeader + csvRow(0) + csvRow(0), ...invalidRows, message: /already has a row/ },
  { name: 'csv duplicate rows across offsets', body: csvHeader + '2026-01-05T09:00:00Z,Sales,1,10\n2026-01-05T10:00:00+01:00,Sales,2,20\n', ...invalidRows, message: /already has a row/ },
  { name: 'csv empty queue', body: csvHeader + '2026-01-05T09:00:00Z,,1,10\n', ...invalidRows },
  { name: 'csv blank queue', body: csvHeader + '2026-01-05T09:00:00Z,"   ",1,10\n', ...invalidRows },
  { name: 'csv queue of 256 characters', body: csvHeader + `2026-01-05T09:00:00Z,${'q'.repeat(256)},1,10\n`, ...invalidRows, message: /256 characters/ },
  { name: 'csv queue with line feed', body: csvHeader + '2026-01-05T09:00:00Z,"Sa\nles",1,10\n', ...invalidRows },
  { name: 'csv queue with escape character', body: csvHeader + '2026-01-05T09:00:00Z,Sales\u001B[31m,1,10\n', ...invalidRows },
  { name: 'csv queue with C1 control', body: csvHeader + '2026-01-05T09:00:00Z,Sales\u0085,1,10\n', ...invalidRows },
  { name: 'csv lone carriage returns as line ends', body: 'intervalStart,queue,offered,aht\r2026-01-05T09:00:00Z,Sales,1,10\r', ...missingColumn }
]

const encodings: HostileCase[] = [
  { name: 'csv latin1 byte undeclared', body: Buffer.concat([Buffer.from(csvHeader + csvRow(0) + '2026-01-05T09:15:00Z,Caf'), Buffer.from([0xE9]), Buffer.from(',1,10\n')]), ...invalidRows, message: /line 3 contains bytes that are not valid UTF-8/ },
  { name: 'csv windows-1252 quote undeclared', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,'), Buffer.from([0x93, 0x53, 0x94]), Buffer.from(',1,10\n')]), ...invalidRows, message: /line 2/ },
  { name: 'csv utf-16le with byte order mark', body: Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(csvHeader + csvRow(0), 'utf16le')]), ...invalidRows, message: /line 1/ },
  { name: 'csv utf-16be with byte order mark', body: Buffer.concat([Buffer.from([0xFE, 0xFF]), Buffer.from(csvHeader + csvRow(0), 'utf16le').swap16()]), ...invalidRows },
  { name: 'csv utf-16le without byte order mark', body: Buffer.from(csvHeader + csvRow(0), 'utf16le'), ...missingColumn },
  { name: 'csv overlong utf-8 slash', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,a'), Buffer.from([0xC0, 0xAF]), Buffer.from(',1,10\n')]), ...invalidRows },
  { name: 'csv utf-8 encoded surrogate', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,a'), Buffer.from([0xED, 0xA0, 0x80]), Buffer.from(',1,10\n')]), ...invalidRows },
  { name: 'csv truncated utf-8 at end', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Sales,1,10\n2026-01-05T09:15:00Z,'), Buffer.from([0xE2, 0x82])]), ...invalidRows, message: /line 3/ },
  { name: 'csv code point above U+10FFFF', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,a'), Buffer.from([0xF4, 0x90, 0x80, 0x80]), Buffer.from(',1,10\n')]), ...invalidRows },
  { name: 'csv declared utf-8 with latin1 bytes', contentType: 'text/csv; charset=utf-8', body: Buffer.concat([Buffer.from(csvHeader + '2026-01-05T09:00:00Z,Caf'), Buffer.from([0xE9]), Buffer.from(',1,10\n')]), ...invalidRows, message: /line 2/ },
  { name: 'csv declared unknown charset', contentType: 'text/csv; charset=klingon', body: csvHeader + csvRow(0), ...unsupported, message: /klingon/ },
  { name: 'csv declared utf-16', contentType: 'text/csv; charset=utf-16le', body: Buffer.from(csvHeader + csvRow(0), 'utf16le'), ...unsupported },
  { name: 'csv declared utf-32', contentType: 'text/csv; charset=utf-32', body: csvHeader + csvRow(0), ...unsupported },
  { name: 'csv declared shift_jis', contentType: 'text/csv; charset=shift_jis', body: csvHeader + csvRow(0), ...unsupported },
  { name: 'csv declared empty quoted charset', contentType: 'text/csv; charset=""', body: csvHeader + csvRow(0), ...unsupported },
  { name: 'csv declared charset with script', contentType: 'text/csv; charset=<script>', body: csvHeader + csvRow(0), ...unsupported }
]

const offered = ['1e3', '12.5', '-1', '-0', '+1', '0x10', 'NaN', 'Infinity', '1,000', '1_000', '9007199254740993', '١٢', '１２', '']
const aht = ['NaN', '-0', '-5', '1e3', 'Infinity', '245,5', '5.', '1.2.3', '0x1A', '+5', '', '1' + '0'.repeat(400)]

const numbers: HostileCase[] = [
  ...offered.map((value): HostileCase => ({
    name: `csv offered ${JSON.stringify(value)}`,
    body: csvHeader + `2026-01-05T09:00:00Z,Sales,"${value}",10\n`,
    ...invalidRows,
    message: /offered|contacts|empty/
  })),
  ...aht.map((value): HostileCase => ({
    name: `csv aht ${JSON.stringify(value.slice(0, 20))}`,
    body: csvHeader + `2026-01-05T09:00:00Z,Sales,1,"${value}"\n`,
    ...invalidRows
  }))
]

const timestamps = [
  '2026-01-05T09:00:00', '2026-01-05 09:00:00Z', '2026-01-05T09:00Z', '2026-01-05T09:00:00z',
  '2026-01-05T09:00:00+0100', '2026-01-05T09:00:00+01', '2026-01-05T09:00:00+24:00',
  '2026-01-05T09:00:00+01:60', '2026-01-05T09:00:00+99:99', '2026-01-05T09:00:00-25:00',
  '2026-01-05T09:00:00+01:00:00', '2026-01-05T09:00:00 +01:00',
  '2026-02-30T09:00:00Z', '2026-13-01T09:00:00Z', '2026-01-05T24:00:00Z', '2016-12-31T23:59:60Z',
  '2026-01-05T09:07:00Z', '2026-01-05T09:00:00.5Z', '2026-01-05T09:00:00.001Z', '20260105T090000Z',
  '1767603600', '2026-W02-1T09:00:00Z', '+002026-01-05T09:00:00Z', '２０２６-01-05T09:00:00Z', ''
]

const timestampCases: HostileCase[] = timestamps.map((value) => ({
  name: `csv intervalStart ${JSON.stringify(value)}`,
  body: csvHeader + `"${value}",Sales,1,10\n`,
  ...invalidRows,
  message: /./
}))

export const csvCases: HostileCase[] = [...structure, ...encodings, ...numbers, ...timestampCases]
