// Hostile application/json and application/x-ndjson bodies: malformed and deeply nested JSON,
// bodies of the wrong shape, huge numbers, prototype keys, bad timestamps, wrong encodings.

import { jsonRow, type HostileCase } from '../corpus.js'

const json = 'application/json'
const ndjson = 'application/x-ndjson'

const invalidJson = { status: 400, code: 'WFM_RELAY_INVALID_JSON' }
const invalidBody = { status: 400, code: 'WFM_RELAY_INVALID_BODY' }
const invalidRows = { status: 400, code: 'WFM_RELAY_INVALID_ROWS' }

const rows = (...values: unknown[]): string => JSON.stringify({ rows: values })

const malformed: Array<[string, string]> = [
  ['empty', ''],
  ['whitespace', ' \n\t '],
  ['open brace', '{'],
  ['unclosed rows array', '{"rows":[' + JSON.stringify(jsonRow())],
  ['trailing comma', '{"rows":[' + JSON.stringify(jsonRow()) + ',]}'],
  ['single quotes', "{'rows':[]}"],
  ['comment', '{"rows":[] /* none */}'],
  ['NaN literal', '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":NaN,"aht":1}]}'],
  ['Infinity literal', '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":1,"aht":Infinity}]}'],
  ['leading zero number', '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":01,"aht":1}]}'],
  ['lone minus', '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":-,"aht":1}]}'],
  ['hex number', '{"rows":[{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":0x10,"aht":1}]}'],
  ['unterminated string', '{"rows":[{"queue":"Sales}]}'],
  ['invalid escape', '{"rows":[{"queue":"Sa\\xles"}]}'],
  ['raw control character in string', '{"rows":[{"queue":"Sa\u0001les"}]}'],
  ['two documents', '{"rows":[]}{"rows":[]}'],
  ['bare word', 'rows'],
  ['unquoted key', '{rows:[]}'],
  ['javascript undefined', '{"rows":[undefined]}'],
  ['csv sent as json', 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,1,10\n']
]

const nestedArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

const structure: HostileCase[] = [
  ...malformed.map(([name, body]): HostileCase => ({ name: `json ${name}`, contentType: json, body, ...invalidJson })),
  { name: 'json nested arrays 100k deep', contentType: json, body: () => nestedArray(100_000), ...invalidJson, message: /nested deeper than 32 levels/ },
  { name: 'json unclosed arrays 1M deep', contentType: json, body: () => '['.repeat(1_000_000), ...invalidJson, message: /nested deeper/ },
  { name: 'json nested objects 50k deep', contentType: json, body: () => nestedObject(50_000), ...invalidJson, message: /nested deeper/ },
  { name: 'json nested value inside a row', contentType: json, body: () => `{"rows":[{"queue":${nestedArray(10_000)}}]}`, ...invalidJson },
  { name: 'json brackets inside strings are not nesting', contentType: json, body: () => rows(jsonRow({ queue: '['.repeat(300) })), ...invalidRows, message: /300 characters/ },
  { name: 'json a million empty objects', contentType: json, body: () => '{"rows":[' + '{},'.repeat(1_000_000) + '{}]}', ...invalidBody, message: /one object or array per 32 bytes/ },
  { name: 'json many empty arrays', contentType: json, body: () => '{"rows":[' + '[],'.repeat(300_000) + '[]]}', ...invalidBody },
  { name: 'json not utf-8', contentType: json, body: Buffer.concat([Buffer.from('{"rows":[{"queue":"Caf'), Buffer.from([0xE9]), Buffer.from('"}]}')]), ...invalidJson, message: /UTF-8/ },
  { name: 'json utf-16le', contentType: json, body: Buffer.from(rows(jsonRow()), 'utf16le'), ...invalidJson },
  { name: 'json top-level array', contentType: json, body: JSON.stringify([jsonRow()]), ...invalidBody, message: /an array/ },
  { name: 'json top-level string', contentType: json, body: '"rows"', ...invalidBody },
  { name: 'json top-level number', contentType: json, body: '12', ...invalidBody },
  { name: 'json top-level null', contentType: json, body: 'null', ...invalidBody, message: /null/ },
  { name: 'json top-level true', contentType: json, body: 'true', ...invalidBody },
  { name: 'json rows missing', contentType: json, body: '{}', ...invalidBody, message: /missing/ },
  { name: 'json rows an object', contentType: json, body: '{"rows":{"0":{}}}', ...invalidBody },
  { name: 'json rows a string', contentType: json, body: '{"rows":"[]"}', ...invalidBody },
  { name: 'json rows null', contentType: json, body: '{"rows":null}', ...invalidBody },
  { name: 'json rows and another key', contentType: json, body: '{"rows":[],"tenant":"globex"}', ...invalidBody, message: /tenant/ },
  { name: 'json top-level __proto__', contentType: json, body: '{"rows":[],"__proto__":{"polluted":true}}', ...invalidBody, message: /__proto__/ },
  { name: 'json top-level constructor', contentType: json, body: '{"rows":[],"constructor":{"prototype":{"polluted":true}}}', ...invalidBody, message: /constructor/ },
  { name: 'json rows key twice', contentType: json, body: '{"rows":[],"rows":"x"}', ...invalidBody },
  { name: 'json empty rows', contentType: json, body: '{"rows":[]}', status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' }
]

const badRows: Array<[string, unknown]> = [
  ['row is null', null],
  ['row is a number', 12],
  ['row is a string', 'row'],
  ['row is an array', ['2026-01-05T09:00:00Z', 'Sales', 1, 10]],
  ['row is empty', {}],
  ['row has __proto__', JSON.parse('{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":1,"aht":1,"__proto__":{"polluted":true}}')],
  ['row has constructor', jsonRow({ constructor: { prototype: { polluted: true } } })],
  ['row has prototype', jsonRow({ prototype: {} })],
  ['row has an extra field', jsonRow({ handled: 3 })],
  ['offered is a huge number', jsonRow({ offered: 1e400 })],
  ['offered above the safe integers', jsonRow({ offered: 9007199254740993 })],
  ['offered is a fraction', jsonRow({ offered: 1.5 })],
  ['offered is negative', jsonRow({ offered: -1 })],
  ['offered is a string', jsonRow({ offered: '12' })],
  ['offered is a numeric string with exponent', jsonRow({ offered: '1e3' })],
  ['offered is null', jsonRow({ offered: null })],
  ['offered is true', jsonRow({ offered: true })],
  ['offered is an object', jsonRow({ offered: { value: 1 } })],
  ['offered is missing', { intervalStart: '2026-01-05T09:00:00Z', queue: 'Sales', aht: 1 }],
  ['aht is negative', jsonRow({ aht: -0.5 })],
  ['aht is a huge number', jsonRow({ aht: 1e400 })],
  ['aht is a string', jsonRow({ aht: '245.5' })],
  ['aht is NaN string', jsonRow({ aht: 'NaN' })],
  ['queue is a number', jsonRow({ queue: 12 })],
  ['queue is empty', jsonRow({ queue: '' })],
  ['queue has a NUL', jsonRow({ queue: 'Sa\u0000les' })],
  ['queue is 256 characters', jsonRow({ queue: 'q'.repeat(256) })],
  ['queue is an array', jsonRow({ queue: ['Sales'] })],
  ['intervalStart is a number', jsonRow({ intervalStart: 1767603600 })],
  ['intervalStart without offset', jsonRow({ intervalStart: '2026-01-05T09:00:00' })],
  ['intervalStart with offset +24:00', jsonRow({ intervalStart: '2026-01-05T09:00:00+24:00' })],
  ['intervalStart with offset +01:60', jsonRow({ intervalStart: '2026-01-05T09:00:00+01:60' })],
  ['intervalStart with offset -99:00', jsonRow({ intervalStart: '2026-01-05T09:00:00-99:00' })],
  ['intervalStart off the boundary', jsonRow({ intervalStart: '2026-01-05T09:05:00Z' })],
  ['intervalStart on February 30', jsonRow({ intervalStart: '2026-02-30T09:00:00Z' })],
  ['intervalStart as a Date object', jsonRow({ intervalStart: { $date: '2026-01-05T09:00:00Z' } })]
]

const rowCases: HostileCase[] = badRows.flatMap(([name, row]): HostileCase[] => {
  const text = JSON.stringify(row)
  // JSON.stringify drops a __proto__ key that JSON.parse made an own property, so it is spliced in.
  const line = name === 'row has __proto__'
    ? '{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":1,"aht":1,"__proto__":{"polluted":true}}'
    : text
  return [
    { name: `json ${name}`, contentType: json, body: `{"rows":[${line}]}`, ...invalidRows },
    { name: `ndjson ${name}`, contentType: ndjson, body: line + '\n', ...invalidRows }
  ]
})

const ndjsonCases: HostileCase[] = [
  { name: 'ndjson empty body', contentType: ndjson, body: '', status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' },
  { name: 'ndjson blank lines only', contentType: ndjson, body: '\n\r\n \t\n', status: 400, code: 'WFM_RELAY_EMPTY_UPLOAD' },
  { name: 'ndjson line not json', contentType: ndjson, body: JSON.stringify(jsonRow()) + '\nnot json\n', ...invalidRows, message: /"line":2,"field":"row","message":"the line is not valid JSON/ },
  { name: 'ndjson json array body', contentType: ndjson, body: JSON.stringify([jsonRow()]), ...invalidRows },
  { name: 'ndjson whole json body', contentType: ndjson, body: rows(jsonRow()), ...invalidRows },
  { name: 'ndjson pretty printed rows', contentType: ndjson, body: JSON.stringify(jsonRow(), null, 2), ...invalidRows },
  { name: 'ndjson line of 2 MiB', contentType: ndjson, body: () => '"' + 'x'.repeat(2 * 1024 * 1024) + '"\n', status: 400, code: 'WFM_RELAY_ROW_TOO_LARGE', message: /line 1 is longer/ },
  { name: 'ndjson nested 300k deep', contentType: ndjson, body: () => '['.repeat(300_000) + ']'.repeat(300_000) + '\n', ...invalidRows },
  { name: 'ndjson unclosed nesting', contentType: ndjson, body: () => '{"a":'.repeat(100_000) + '\n', ...invalidRows },
  { name: 'ndjson invalid utf-8', contentType: ndjson, body: Buffer.concat([Buffer.from('{"queue":"Caf'), Buffer.from([0xE9]), Buffer.from('"}\n')]), ...invalidRows, message: /UTF-8/ },
  { name: 'ndjson utf-16le', contentType: ndjson, body: Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(JSON.stringify(jsonRow()) + '\n', 'utf16le')]), ...invalidRows },
  { name: 'ndjson duplicate rows', contentType: ndjson, body: JSON.stringify(jsonRow()) + '\n' + JSON.stringify(jsonRow()) + '\n', ...invalidRows, message: /already has a row/ },
  { name: 'ndjson NaN literal', contentType: ndjson, body: '{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":NaN,"aht":1}\n', ...invalidRows },
  { name: 'ndjson trailing garbage', contentType: ndjson, body: JSON.stringify(jsonRow()) + ' x\n', ...invalidRows },
  { name: 'ndjson binary noise', contentType: ndjson, body: Buffer.from([0x00, 0xFF, 0x10, 0x0A, 0x80, 0x0A]), ...invalidRows }
]

export const jsonCases: HostileCase[] = [...structure, ...rowCases, ...ndjsonCases]
