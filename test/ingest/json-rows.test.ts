import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { readJsonRows } from '../../src/ingest/json-source.js'
import { caught, createSession, epoch, row, type SessionSetup } from './helpers.js'

async function ingestJson (body: unknown, setup: SessionSetup = {}): Promise<ReturnType<typeof createSession> & {
  result: Awaited<ReturnType<ReturnType<typeof createSession>['session']['finish']>>
}> {
  const created = createSession(setup)
  await readJsonRows(body, created.session)
  return { ...created, result: await created.session.finish() }
}

const valid = { intervalStart: '2019-01-18T22:15:00Z', queue: 'Sales', offered: 12, aht: 245.5 }

t.test('readJsonRows valid rows', async (t) => {
  const body = JSON.parse(JSON.stringify({
    rows: [
      valid,
      { aht: 0, offered: 0, queue: '  Support ', intervalStart: '2019-01-18T23:30:00+01:00' }
    ]
  }).replace('"aht":0,"offered":0', '"aht":-0,"offered":-0'))
  const { result, sink } = await ingestJson(body)
  t.equal(result.errorCount, 0)
  t.strictSame(sink.received, [
    { row: row('2019-01-18T22:15:00Z', 'Sales', 12, 245.5), line: 1 },
    { row: row('2019-01-18T22:30:00Z', 'Support', 0, 0), line: 2 }
  ])
  t.ok(Object.is(sink.received[1]?.row.offered, 0), '-0 offered becomes 0')
  t.ok(Object.is(sink.received[1]?.row.aht, 0), '-0 aht becomes 0')
})

t.test('readJsonRows body shape', async (t) => {
  const shape = 'send a JSON object of the form {"rows": [{"intervalStart": ..., "queue": ..., "offered": ..., "aht": ...}]}'
  const cases: Array<[unknown, string]> = [
    [[valid], `the JSON body is an array; ${shape}`],
    [null, `the JSON body is null; ${shape}`],
    ['rows', `the JSON body is a string; ${shape}`],
    [{ rows: [], sourceId: 'acd' }, `the JSON body has the unknown property "sourceId"; ${shape}`],
    [JSON.parse('{"__proto__": [], "rows": []}'), `the JSON body has the unknown property "__proto__"; ${shape}`],
    [{}, `the JSON body's rows is missing; ${shape}`],
    [{ rows: 'all' }, `the JSON body's rows is "all", not an array; ${shape}`],
    [{ rows: { 0: valid } }, `the JSON body's rows is {"0":{"intervalStart":"2019-01-18T22:15:00Z","queue":"Sales","offered":12,"aht":…, not an array; ${shape}`]
  ]
  for (const [body, message] of cases) {
    const { session } = createSession()
    const error = await caught(() => readJsonRows(body, session))
    t.ok(error instanceof RelayError, message)
    t.match(error, { code: 'WFM_RELAY_INVALID_BODY', statusCode: 400, message }, message)
  }
})

t.test('readJsonRows rows that are not objects', async (t) => {
  const message = 'each row must be a JSON object with the fields intervalStart, queue, offered and aht'
  const { result } = await ingestJson({ rows: [[1, 2], null, 7, 'row'] })
  t.strictSame(result.errors, [
    { line: 1, field: 'row', value: '[1,2]', message },
    { line: 2, field: 'row', value: 'null', message },
    { line: 3, field: 'row', value: '7', message },
    { line: 4, field: 'row', value: '"row"', message }
  ])
})

t.test('readJsonRows field types', async (t) => {
  const rows = [
    { ...valid, offered: '12' },
    { ...valid, offered: 1.5, aht: -1 },
    { ...valid, offered: -1, aht: '245' },
    { ...valid, offered: 2 ** 53 },
    { intervalStart: 1547849700, queue: 7, offered: 1, aht: null },
    { queue: 'Sales' }
  ]
  const offered = 'offered must be an integer from 0 to 9007199254740991, such as 12'
  const aht = 'aht must be a number >= 0 in seconds, such as 245.5'
  const { result, sink } = await ingestJson({ rows })
  t.strictSame(result.errors, [
    { line: 1, field: 'offered', value: '"12"', message: offered },
    { line: 2, field: 'offered', value: '1.5', message: offered },
    { line: 2, field: 'aht', value: '-1', message: aht },
    { line: 3, field: 'offered', value: '-1', message: offered },
    { line: 3, field: 'aht', value: '"245"', message: aht },
    { line: 4, field: 'offered', value: '9007199254740992', message: offered },
    { line: 5, field: 'intervalStart', value: '1547849700', message: 'intervalStart must be a string with an ISO 8601 timestamp, such as "2019-01-18T22:15:00Z"' },
    { line: 5, field: 'queue', value: '7', message: 'queue must be a string with the ACD queue name' },
    { line: 5, field: 'aht', value: 'null', message: aht },
    { line: 6, field: 'intervalStart', message: 'intervalStart is missing; it must be a string with an ISO 8601 timestamp, such as "2019-01-18T22:15:00Z"' },
    { line: 6, field: 'offered', message: 'offered is missing; it must be an integer from 0 to 9007199254740991, such as 12' },
    { line: 6, field: 'aht', message: 'aht is missing; it must be a number >= 0 in seconds, such as 245.5' }
  ])
  t.strictSame(sink.received, [])
})

t.test('readJsonRows string values', async (t) => {
  const rows = [
    { ...valid, intervalStart: '2019-01-18T22:15:00' },
    { ...valid, intervalStart: '2019-01-18T22:10:00Z', queue: ' ' },
    { ...valid, offered: 'x', queue: 'Sales\u0007' }
  ]
  const { result } = await ingestJson({ rows })
  t.strictSame(result.errors, [
    { line: 1, field: 'intervalStart', value: '2019-01-18T22:15:00', message: '"2019-01-18T22:15:00" has no UTC offset; append Z for UTC or an offset such as +01:00, because the WFM cannot tell which time zone is meant' },
    { line: 2, field: 'intervalStart', value: '2019-01-18T22:10:00Z', message: '"2019-01-18T22:10:00Z" is not on a boundary of the 900-second interval; the interval containing it starts at 2019-01-18T22:00:00Z' },
    { line: 2, field: 'queue', value: ' ', message: 'the queue name is empty; every row needs the ACD queue name' },
    { line: 3, field: 'offered', value: '"x"', message: 'offered must be an integer from 0 to 9007199254740991, such as 12' },
    { line: 3, field: 'queue', value: 'Sales\u0007', message: 'queue name "Sales\\u0007" contains the control character U+0007; remove it' }
  ])
})

t.test('readJsonRows unknown and prototype keys', async (t) => {
  const text = '{"rows": [' +
    '{"intervalStart": "2019-01-18T22:15:00Z", "queue": "Sales", "offered": 1, "aht": 2, "site": "north"},' +
    '{"intervalStart": "2019-01-18T22:15:00Z", "queue": "Sales", "offered": 1, "aht": 2, "__proto__": {"polluted": true}},' +
    '{"intervalStart": "2019-01-18T22:15:00Z", "queue": "Sales", "offered": 1, "aht": 2, "constructor": {"prototype": {"polluted": true}}},' +
    '{"intervalStart": "2019-01-18T22:15:00Z", "queue": "Sales", "offered": 1, "aht": 2, "prototype": 1}' +
    ']}'
  const message = (key: string): string => `unknown field "${key}"; a row has only the fields intervalStart, queue, offered and aht`
  const { result, sink } = await ingestJson(JSON.parse(text))
  t.strictSame(result.errors, [
    { line: 1, field: 'site', value: '"north"', message: message('site') },
    { line: 2, field: '__proto__', value: '{"polluted":true}', message: message('__proto__') },
    { line: 3, field: 'constructor', value: '{"prototype":{"polluted":true}}', message: message('constructor') },
    { line: 4, field: 'prototype', value: '1', message: message('prototype') }
  ])
  t.strictSame(sink.received, [])
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched')
  t.equal(Object.getPrototypeOf({}), Object.prototype)
})

t.test('readJsonRows rows missing from an inherited key', async (t) => {
  // A row whose fields come from its prototype has no own fields, so it is rejected.
  const inherited = Object.create(valid) as object
  const { result } = await ingestJson({ rows: [inherited] })
  t.equal(result.errorCount, 4)
  t.strictSame(result.errors.map((error) => error.field), ['intervalStart', 'queue', 'offered', 'aht'])
})

t.test('readJsonRows duplicates and completeDays', async (t) => {
  const profile = { completeDays: true, columns: { queue: 'q', offered: 'o', aht: 'a', timestamp: { column: 't' } } }
  const { result, sink } = await ingestJson({ rows: [valid] }, { intervalSeconds: 3600 * 6, profile, profileName: 'json' })
  t.strictSame(result.errors, [{
    line: 1,
    field: 'intervalStart',
    value: '2019-01-18T22:15:00Z',
    message: '"2019-01-18T22:15:00Z" is not on a boundary of the 21600-second interval; the interval containing it starts at 2019-01-18T18:00:00Z'
  }])

  const filled = await ingestJson({ rows: [{ ...valid, intervalStart: '2019-01-18T18:00:00Z' }] }, { intervalSeconds: 21600, profile, profileName: 'json' })
  t.equal(filled.result.filledRows, 3)
  t.strictSame(filled.sink.received.map((entry) => entry.row.intervalStart), [
    epoch('2019-01-18T18:00:00Z'), epoch('2019-01-18T00:00:00Z'), epoch('2019-01-18T06:00:00Z'), epoch('2019-01-18T12:00:00Z')
  ])
  t.equal(sink.received.length, 0)

  const duplicate = await ingestJson({ rows: [valid, { ...valid, intervalStart: '2019-01-18T23:15:00+01:00' }] })
  t.strictSame(duplicate.result.errors, [{
    line: 2,
    field: 'intervalStart',
    value: '2019-01-18T22:15:00Z',
    message: 'queue "Sales" already has a row for the interval starting 2019-01-18T22:15:00Z on line 1; send one row per queue and interval'
  }])
})
