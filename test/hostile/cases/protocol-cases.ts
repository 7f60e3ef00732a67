// Hostile requests at the HTTP level: keys, tenants in the path, content types and query
// parameters that try to reach another tenant or change the request sent to the WFM.

import { csvHeader, csvRow, type HostileCase } from '../corpus.js'

const goodCsv = csvHeader + csvRow(0)
const unauthorized = { status: 401, code: 'WFM_RELAY_UNAUTHORIZED' }
const invalidParameter = { status: 400, code: 'WFM_RELAY_INVALID_PARAMETER' }
const unsupported = { status: 415, code: 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE' }
const upload = (query: string): string => `/v1/tenants/acme/historical-data?${query}`

const keys: HostileCase[] = [
  { name: 'no authorization header', apiKey: null, body: goodCsv, ...unauthorized },
  { name: 'empty bearer key', apiKey: null, headers: { authorization: 'Bearer ' }, body: goodCsv, ...unauthorized },
  { name: 'basic authorization', apiKey: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, body: goodCsv, ...unauthorized },
  { name: 'unknown key', apiKey: 'not-a-key', body: goodCsv, ...unauthorized },
  { name: 'key of 64 KiB', apiKey: 'k'.repeat(64 * 1024), body: goodCsv, ...unauthorized },
  { name: 'key digest sent as key', apiKey: 'a'.repeat(64), body: goodCsv, ...unauthorized },
  { name: 'two bearer keys', apiKey: null, headers: { authorization: 'Bearer a Bearer b' }, body: goodCsv, ...unauthorized },
  { name: 'key with a NUL', apiKey: null, headers: { authorization: 'Bearer abc\u0000def' }, body: goodCsv, ...unauthorized }
]

const tenants: HostileCase[] = [
  { name: 'tenant of another caller', url: '/v1/tenants/globex/historical-data', apiKey: 'narrow', body: goodCsv, status: 403, code: 'WFM_RELAY_FORBIDDEN' },
  { name: 'unknown tenant', url: '/v1/tenants/initech/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant in upper case', url: '/v1/tenants/ACME/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant with a host name', url: '/v1/tenants/acme.evil.example/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant with encoded slash', url: '/v1/tenants/acme%2f..%2fglobex/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant path traversal', url: '/v1/tenants/../tenants/globex/historical-data', apiKey: 'narrow', body: goodCsv, status: 403, code: 'WFM_RELAY_FORBIDDEN' },
  { name: 'tenant with encoded at sign', url: '/v1/tenants/acme%40evil.example/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant named __proto__', url: '/v1/tenants/__proto__/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'tenant named constructor', url: '/v1/tenants/constructor/historical-data', body: goodCsv, status: 404, code: 'WFM_RELAY_TENANT_NOT_FOUND' },
  { name: 'upload with GET', method: 'GET', body: '', status: 404, code: 'WFM_RELAY_NOT_FOUND' },
  { name: 'upload with PUT', method: 'PUT', body: goodCsv, status: 404, code: 'WFM_RELAY_NOT_FOUND' }
]

const contentTypes: HostileCase[] = [
  { name: 'no content type', contentType: null, body: goodCsv, ...unsupported },
  { name: 'text/plain', contentType: 'text/plain', body: goodCsv, ...unsupported },
  { name: 'application/xml', contentType: 'application/xml', body: '<rows/>', ...unsupported },
  { name: 'application/x-www-form-urlencoded', contentType: 'application/x-www-form-urlencoded', body: 'rows=1', ...unsupported },
  { name: 'application/octet-stream', contentType: 'application/octet-stream', body: goodCsv, ...unsupported },
  { name: 'content type with only a slash', contentType: '/', body: goodCsv, ...unsupported },
  { name: 'content type text/csvx', contentType: 'text/csvx', body: goodCsv, ...unsupported },
  { name: 'content type of 8 KiB', contentType: `text/${'x'.repeat(8192)}`, body: goodCsv, ...unsupported }
]

const queries: Array<[string, string, HostileCase['code']?]> = [
  ['interval of 600', 'interval=600'],
  ['interval of 901', 'interval=901'],
  ['interval negative', 'interval=-900'],
  ['interval of two days', 'interval=172800'],
  ['interval of NaN', 'interval=NaN'],
  ['interval twice', 'interval=900&interval=1800'],
  ['pushToken not a uuid', 'pushToken=../../x'],
  ['pushToken with CRLF', 'pushToken=0b6f3c1e-8d4a-4c1b-9f7e-2a5d6c7b8e9f%0d%0a'],
  ['sourceId empty', 'sourceId='],
  ['sourceId of 256 characters', `sourceId=${'s'.repeat(256)}`],
  ['sourceId with CRLF', 'sourceId=acd%0d%0aTenant-ID:%20globex'],
  ['sourceId with NUL', 'sourceId=acd%00'],
  ['sourceId of spaces', 'sourceId=%20%20%20'],
  ['dryRun not a boolean', 'dryRun=yes'],
  ['unknown parameter', 'lastChunk=true'],
  ['tenant parameter', 'tenant=globex'],
  ['__proto__ parameter', '__proto__[polluted]=1'],
  ['profile __proto__', 'profile=__proto__', 'WFM_RELAY_PROFILE_NOT_FOUND'],
  ['profile constructor', 'profile=constructor', 'WFM_RELAY_PROFILE_NOT_FOUND'],
  ['profile hasOwnProperty', 'profile=hasOwnProperty', 'WFM_RELAY_PROFILE_NOT_FOUND']
]

const queryCases: HostileCase[] = queries.map(([name, query, code]) => ({
  name: `query ${name}`,
  url: upload(query),
  body: goodCsv,
  ...invalidParameter,
  ...(code === undefined ? {} : { code })
}))

/** Returns the cases with the narrow key filled in, which only the harness has. */
export function protocolCases (narrowKey: string): HostileCase[] {
  return [...keys, ...tenants, ...contentTypes, ...queryCases].map((hostile) =>
    hostile.apiKey === 'narrow' ? { ...hostile, apiKey: narrowKey } : hostile)
}
