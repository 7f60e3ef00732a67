// Requests that pass each configurable limit of the tight limits below by a little. Each must
// get the limit's own 413 or 400, naming the config key.

import { Readable } from 'node:stream'
import {
  boundary, csvHeader, csvRow, fieldPart, filePart, jsonRow, multipartBody, multipartType, type HostileCase
} from '../corpus.js'

export const tightLimits = {
  maxBodyBytes: 256 * 1024,
  jsonBodyBytes: 64 * 1024,
  maxLineBytes: 4096,
  maxFieldBytes: 1024,
  maxColumns: 16,
  maxRows: 5000,
  multipart: { maxFiles: 2, maxFields: 3, maxFieldBytes: 128, maxFileBytes: 32 * 1024 }
}

const tooLarge = { status: 413, code: 'WFM_RELAY_BODY_TOO_LARGE' }
const rowTooLarge = { status: 400, code: 'WFM_RELAY_ROW_TOO_LARGE' }

/** Rows of 4 KB each, invalid but read on, so the body limit is what stops the upload. */
function wideRows (count: number): string {
  const cell = 'w'.repeat(1000)
  return csvHeader + Array.from({ length: count }, () => `${cell},${cell},${cell},${cell}\n`).join('')
}

function validRows (count: number, queue = 'Sales'): string {
  return Array.from({ length: count }, (_, slot) => csvRow(slot, queue)).join('')
}

function streamOf (text: string | Buffer, chunkBytes = 16 * 1024): Readable {
  const bytes = Buffer.from(text)
  const chunks: Buffer[] = []
  for (let start = 0; start < bytes.length; start += chunkBytes) chunks.push(bytes.subarray(start, start + chunkBytes))
  return Readable.from(chunks)
}

const ndjsonRows = (count: number): string => Array.from({ length: count }, (_, slot) =>
  JSON.stringify(jsonRow({ intervalStart: csvRow(slot).split(',')[0] }))).join('\n') + '\n'

export const limitCases: HostileCase[] = [
  { name: 'csv body over maxBodyBytes with length', body: () => wideRows(70), ...tooLarge, message: /larger than 262144 bytes \(limits\.maxBodyBytes\)/ },
  { name: 'csv body over maxBodyBytes streamed', body: () => streamOf(wideRows(70)), ...tooLarge, message: /limits\.maxBodyBytes/ },
  { name: 'ndjson body over maxBodyBytes streamed', contentType: 'application/x-ndjson', body: () => streamOf(('{"a":"' + 'x'.repeat(3000) + '"}\n').repeat(90)), ...tooLarge, message: /limits\.maxBodyBytes/ },
  { name: 'multipart body over maxBodyBytes in the preamble', contentType: multipartType, body: () => streamOf(Buffer.concat([Buffer.alloc(300 * 1024, 0x70), Buffer.from('\r\n'), multipartBody(boundary, [filePart(csvHeader + csvRow(0))])])), ...tooLarge, message: /limits\.maxBodyBytes/ },
  { name: 'multipart body over maxBodyBytes in the epilogue', contentType: multipartType, body: () => streamOf(Buffer.concat([multipartBody(boundary, [filePart(csvHeader + csvRow(0))]), Buffer.alloc(300 * 1024, 0x65)])), ...tooLarge, message: /limits\.maxBodyBytes/ },
  { name: 'json body over jsonBodyBytes with length', contentType: 'application/json', body: () => JSON.stringify({ rows: Array.from({ length: 1000 }, () => jsonRow()) }), ...tooLarge, message: /larger than 65536 bytes \(limits\.jsonBodyBytes\)/ },
  { name: 'json body over jsonBodyBytes streamed', contentType: 'application/json', body: () => streamOf(JSON.stringify({ rows: Array.from({ length: 1000 }, () => jsonRow()) })), ...tooLarge, message: /limits\.jsonBodyBytes/ },
  { name: 'csv line over maxLineBytes', body: csvHeader + 'l'.repeat(5000) + '\n', ...rowTooLarge, message: /longer than 4096 bytes \(limits\.maxLineBytes\)/ },
  { name: 'csv record over maxLineBytes in quotes', body: csvHeader + '"' + 'q\n'.repeat(3000) + '",1,1,1\n', ...rowTooLarge, message: /limits\.maxLineBytes/ },
  { name: 'ndjson line over maxLineBytes', contentType: 'application/x-ndjson', body: '"' + 'n'.repeat(5000) + '"\n', ...rowTooLarge, message: /limits\.maxLineBytes/ },
  { name: 'csv field over maxFieldBytes', body: csvHeader + `2026-01-05T09:00:00Z,${'f'.repeat(1025)},1,10\n`, ...rowTooLarge, message: /1025 bytes long; the maximum is 1024 \(limits\.maxFieldBytes\)/ },
  { name: 'csv field over maxFieldBytes in utf-8 bytes', body: csvHeader + `2026-01-05T09:00:00Z,${'é'.repeat(513)},1,10\n`, ...rowTooLarge, message: /1026 bytes long/ },
  { name: 'csv header field over maxFieldBytes', body: 'h'.repeat(2000) + ',queue,offered,aht\n' + csvRow(0), ...rowTooLarge, message: /field 1 on line 1/ },
  { name: 'csv header over maxColumns', body: csvHeader.trim() + ',x'.repeat(13) + '\n' + csvRow(0), ...rowTooLarge, message: /line 1 has 17 fields; the maximum is 16 \(limits\.maxColumns\)/ },
  { name: 'csv row over maxColumns', body: csvHeader + csvRow(0) + 'a,'.repeat(16) + 'a\n', ...rowTooLarge, message: /line 3 has 17 fields/ },
  { name: 'csv rows over maxRows', body: () => csvHeader + validRows(5001), ...tooLarge, message: /more than 5000 rows \(limits\.maxRows\)/ },
  { name: 'csv invalid rows count toward maxRows', body: () => csvHeader + 'x,y,z,w\n'.repeat(5001), ...tooLarge, message: /limits\.maxRows/ },
  { name: 'ndjson rows over maxRows', contentType: 'application/x-ndjson', body: () => ndjsonRows(1000) + '{}\n'.repeat(4001), ...tooLarge, message: /limits\.maxRows/ },
  { name: 'multipart rows over maxRows across files', contentType: multipartType, body: () => multipartBody(boundary, [filePart(csvHeader + 'x\n'.repeat(2600), 'file', 'a.csv'), filePart(csvHeader + 'y\n'.repeat(2600), 'file', 'b.csv')]), ...tooLarge, message: /more than 5000 rows \(limits\.maxRows\)/ },
  { name: 'rows spread over too many queues', body: () => csvHeader + Array.from({ length: 4200 }, (_, index) => csvRow(0, `Q${index}`)).join(''), ...tooLarge, message: /too many queues and days/ },
  { name: 'multipart files over maxFiles', contentType: multipartType, body: multipartBody(boundary, [filePart(csvHeader + csvRow(0), 'file', 'a.csv'), filePart(csvHeader + csvRow(1), 'file', 'b.csv'), filePart(csvHeader + csvRow(2), 'file', 'c.csv')]), ...tooLarge, message: /more than 2 files \(limits\.multipart\.maxFiles\)/ },
  { name: 'multipart fields over maxFields', contentType: multipartType, body: multipartBody(boundary, [fieldPart('sourceId', 'a'), fieldPart('interval', '900'), fieldPart('dryRun', 'true'), fieldPart('profile', 'x'), filePart(csvHeader + csvRow(0))]), ...tooLarge, message: /more than 3 text fields \(limits\.multipart\.maxFields\)/ },
  { name: 'multipart field over maxFieldBytes', contentType: multipartType, body: multipartBody(boundary, [fieldPart('sourceId', 's'.repeat(129)), filePart(csvHeader + csvRow(0))]), ...tooLarge, message: /longer than 128 bytes \(limits\.multipart\.maxFieldBytes\)/ },
  { name: 'multipart file over maxFileBytes', contentType: multipartType, body: () => multipartBody(boundary, [filePart(csvHeader + validRows(1100))]), ...tooLarge, message: /larger than 32768 bytes \(limits\.multipart\.maxFileBytes\)/ },
  { name: 'multipart second file over maxFileBytes', contentType: multipartType, body: () => multipartBody(boundary, [filePart(csvHeader + csvRow(0), 'file', 'a.csv'), filePart(csvHeader + validRows(1100), 'file', 'b.csv')]), ...tooLarge, message: /b\.csv\W+is larger than 32768 bytes/ },
  { name: 'multipart file over maxFileBytes streamed', contentType: multipartType, body: () => streamOf(multipartBody(boundary, [filePart(csvHeader + validRows(1100))]), 1000), ...tooLarge, message: /limits\.multipart\.maxFileBytes/ }
]
