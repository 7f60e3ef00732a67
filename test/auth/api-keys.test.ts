import t from 'tap'
import { bearerKey, findCaller, sha256Hex } from '../../src/auth/api-keys.js'

const callers = [
  { name: 'etl', keyDigests: [Buffer.from(sha256Hex('old-key'), 'hex'), Buffer.from(sha256Hex('new-key'), 'hex')], tenants: new Set(['acme']) },
  { name: 'reports', keyDigests: [Buffer.from(sha256Hex('report-key'), 'hex')], tenants: new Set(['acme']) }
]

t.test('bearerKey parses the header', async (t) => {
  t.equal(bearerKey('Bearer abc'), 'abc')
  t.equal(bearerKey('bearer abc'), 'abc')
  t.equal(bearerKey(undefined), undefined)
  t.equal(bearerKey('Basic abc'), undefined)
  t.equal(bearerKey('Bearer'), undefined)
  t.equal(bearerKey('Bearer a b'), undefined)
})

t.test('findCaller accepts every listed key', async (t) => {
  t.equal(findCaller('old-key', callers)?.name, 'etl')
  t.equal(findCaller('new-key', callers)?.name, 'etl')
  t.equal(findCaller('report-key', callers)?.name, 'reports')
  t.equal(findCaller('other', callers), undefined)
  t.equal(findCaller('', callers), undefined)
})

t.test('sha256Hex matches sha256sum', async (t) => {
  t.equal(sha256Hex('test'), '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')
})
