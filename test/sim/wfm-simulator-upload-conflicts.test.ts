import t from 'tap'

import { push, pushQuery, startWfm } from '../helpers/sim-helpers.js'

const wfm = await startWfm(t, { identityProvider: undefined })

t.test('chunk after the last chunk answers 409', async (t) => {
  const query = pushQuery({ lastChunk: 'true' })
  const first = await push(wfm, { query })
  const late = await push(wfm, { query: { ...query, lastChunk: 'false' } })
  const repeated = await push(wfm, { query })

  t.equal(first.status, 200)
  t.equal(late.status, 409)
  t.strictSame(late.body, {
    error: 'upload_completed',
    message: `Upload ${query.pushToken ?? ''} already received its last chunk`
  })
  t.equal(repeated.status, 409)
  t.equal(wfm.upload(query.pushToken ?? '')?.chunks.length, 1)
})

t.test('chunk with another sourceId answers 409', async (t) => {
  const query = pushQuery({ lastChunk: 'false' })
  await push(wfm, { query })
  const body = '2024-03-04T00:15:00Z,acd-2,Sales,1,2\n'
  const { status, body: answer } = await push(wfm, { query: { ...query, sourceId: 'acd-2' }, body })

  t.equal(status, 409)
  t.strictSame(answer, {
    error: 'upload_conflict',
    message: `Upload ${query.pushToken ?? ''} has sourceId "acd-1"`
  })
})

t.test('chunk with another interval answers 409', async (t) => {
  const query = pushQuery({ lastChunk: 'false' })
  await push(wfm, { query })
  const { status, body } = await push(wfm, { query: { ...query, historicalDataInterval: '1800' } })

  t.equal(status, 409)
  t.equal(body.message, `Upload ${query.pushToken ?? ''} has historicalDataInterval 900`)
})

t.test('chunk from another tenant answers 409', async (t) => {
  const query = pushQuery({ lastChunk: 'false' })
  await push(wfm, { query, tenant: 'acme' })
  const { status, body } = await push(wfm, { query, tenant: 'globex' })

  t.equal(status, 409)
  t.equal(body.message, `Upload ${query.pushToken ?? ''} belongs to tenant "acme"`)
})

t.test('rejected chunk leaves the upload open', async (t) => {
  const query = pushQuery({ lastChunk: 'false' })
  await push(wfm, { query })
  const broken = await push(wfm, { query: { ...query, lastChunk: 'true' }, body: 'not,a,row\n' })
  const last = await push(wfm, { query: { ...query, lastChunk: 'true' } })

  t.equal(broken.status, 400)
  t.equal(last.status, 200)
  t.strictSame(wfm.upload(query.pushToken ?? '')?.chunks.map((chunk) => chunk.index), [0, 1])
  t.equal(wfm.upload(query.pushToken ?? '')?.completed, true)
})
