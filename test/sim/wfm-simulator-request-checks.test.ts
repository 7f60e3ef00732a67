import t from 'tap'

import { fetchAccessToken, push, pushQuery, startIdp, startWfm } from '../helpers/sim-helpers.js'

const idp = await startIdp(t)
const wfm = await startWfm(t, { identityProvider: idp })
const token = await fetchAccessToken(idp, 'acme')

const row = '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n'

/** Builds a valid body of exactly `bytes` bytes by padding the last row's queue name. */
function bodyOfSize (bytes: number): string {
  const prefix = '2024-03-04T00:00:00Z,acd-1,'
  const suffix = ',12,180.5\n'
  const fullRows = Math.floor(bytes / row.length) - 1
  const padding = bytes - fullRows * row.length - prefix.length - suffix.length
  return row.repeat(fullRows) + prefix + 'Q'.repeat(padding) + suffix
}

const invalidQueries: Array<[string, Record<string, string>, string]> = [
  ['pushToken not a UUID', pushQuery({ pushToken: '12345' }),
    'pushToken "12345" is invalid: use a UUID'],
  ['pushToken missing', { sourceId: 'acd-1', lastChunk: 'true' },
    'pushToken is missing: send the upload\'s UUID'],
  ['sourceId empty', pushQuery({ sourceId: '' }),
    'sourceId is missing: name the ACD the data comes from'],
  ['lastChunk not boolean', pushQuery({ lastChunk: 'yes' }),
    'lastChunk "yes" is invalid: use true or false'],
  ['lastChunk missing', { pushToken: pushQuery().pushToken ?? '', sourceId: 'acd-1' },
    'lastChunk is missing: use true or false'],
  ['interval not multiple of 900', pushQuery({ historicalDataInterval: '600' }),
    'historicalDataInterval "600" is invalid: use a multiple of 900 seconds'],
  ['interval not a number', pushQuery({ historicalDataInterval: '15m' }),
    'historicalDataInterval "15m" is invalid: use a multiple of 900 seconds']
]

for (const [name, query, message] of invalidQueries) {
  t.test(`query check: ${name}`, async (t) => {
    const { status, body } = await push(wfm, { token, query })

    t.equal(status, 400)
    t.strictSame(body, { error: 'invalid_parameter', message })
  })
}

t.test('query check: repeated pushToken', async (t) => {
  const query = pushQuery()
  const url = `${wfm.pushUrl}?${new URLSearchParams(query).toString()}&pushToken=${query.pushToken ?? ''}`
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'tenant-id': 'acme', authorization: `Bearer ${token}` },
    body: row
  })

  t.equal(response.status, 400)
  t.strictSame(await response.json(), {
    error: 'invalid_parameter',
    message: 'Query parameter pushToken is repeated'
  })
})

t.test('interval of 3600 accepts hour starts', async (t) => {
  const query = pushQuery({ historicalDataInterval: '3600' })
  const { status } = await push(wfm, { token, query, body: '2024-03-04T13:00:00Z,acd-1,Sales,1,2\n' })

  t.equal(status, 200)
  t.equal(wfm.upload(query.pushToken ?? '')?.interval, 3600)
})

t.test('content type other than text/csv answers 415', async (t) => {
  const { status, body } = await push(wfm, { token, contentType: 'application/json' })

  t.equal(status, 415)
  t.strictSame(body, {
    error: 'unsupported_media_type',
    message: 'Content-Type "application/json" is not supported: use text/csv'
  })
})

t.test('content type with another charset answers 415', async (t) => {
  const { status } = await push(wfm, { token, contentType: 'text/csv; charset=iso-8859-1' })

  t.equal(status, 415)
})

t.test('content type with utf-8 charset is accepted', async (t) => {
  const { status } = await push(wfm, { token, contentType: 'text/csv; charset=UTF-8' })

  t.equal(status, 200)
})

t.test('body of exactly 2,000,000 bytes is accepted', async (t) => {
  const body = bodyOfSize(2_000_000)
  t.equal(Buffer.byteLength(body), 2_000_000)

  const { status, body: answer } = await push(wfm, { token, body })

  t.equal(status, 200)
  t.equal(answer.rowCount, Math.floor(2_000_000 / row.length))
})

t.test('body over 2,000,000 bytes answers 413', async (t) => {
  const query = pushQuery()
  const { status, body } = await push(wfm, { token, query, body: bodyOfSize(2_000_001) })

  t.equal(status, 413)
  t.strictSame(body, {
    error: 'body_too_large',
    message: 'The body has 2000001 bytes, over the limit of 2000000'
  })
  t.equal(wfm.upload(query.pushToken ?? ''), undefined)
  t.equal(wfm.requests().at(-1)?.bodyBytes, 2_000_001)
})
