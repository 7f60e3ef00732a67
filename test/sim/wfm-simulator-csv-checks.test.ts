import t from 'tap'

import { push, pushQuery, startWfm } from '../helpers/sim-helpers.js'

// Token checks are covered elsewhere, so this simulator skips them.
const wfm = await startWfm(t, {
  identityProvider: undefined,
  csvColumns: { globex: ['intervalStart', 'queue', 'offered', 'aht'] }
})

const good = '2024-03-04T00:00:00Z,acd-1,Sales,12,180.5\n'

interface Case {
  name: string
  body: string | Buffer
  status: number
  error: string
  message: string
  line?: number
}

const cases: Case[] = [
  {
    name: 'wrong column count',
    body: good + '2024-03-04T00:15:00Z,acd-1,Sales,12\n',
    status: 400,
    error: 'wrong_column_count',
    message: 'Line 2 has 4 fields, expected 5 (intervalStart,sourceId,queue,offered,aht)',
    line: 2
  },
  {
    name: 'empty line',
    body: good + '\n' + good,
    status: 400,
    error: 'wrong_column_count',
    message: 'Line 2 has 1 fields, expected 5 (intervalStart,sourceId,queue,offered,aht)',
    line: 2
  },
  {
    name: 'bad timestamp',
    body: good + '2024-03-04 00:15:00,acd-1,Sales,12,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 2: intervalStart "2024-03-04 00:15:00" is not a UTC time in the form YYYY-MM-DDTHH:mm:ssZ',
    line: 2
  },
  {
    name: 'impossible date',
    body: '2024-02-30T00:00:00Z,acd-1,Sales,12,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 1: intervalStart "2024-02-30T00:00:00Z" is not a UTC time in the form YYYY-MM-DDTHH:mm:ssZ',
    line: 1
  },
  {
    name: 'off-boundary timestamp',
    body: good + '2024-03-04T00:20:00Z,acd-1,Sales,12,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 2: intervalStart "2024-03-04T00:20:00Z" is not on a 900-second interval boundary',
    line: 2
  },
  {
    name: 'header row',
    body: 'intervalStart,sourceId,queue,offered,aht\n' + good,
    status: 400,
    error: 'header_row',
    message: 'Line 1 is a header row: send data rows only',
    line: 1
  },
  {
    name: 'header row with other titles',
    body: 'interval_start,acd,queue,contacts,aht\n' + good,
    status: 400,
    error: 'header_row',
    message: 'Line 1 is a header row: send data rows only',
    line: 1
  },
  {
    name: 'missing trailing newline',
    body: good + '2024-03-04T00:15:00Z,acd-1,Sales,12,180.5',
    status: 400,
    error: 'invalid_csv',
    message: 'Line 2 does not end with "\\n": end every line with it',
    line: 2
  },
  {
    name: 'CRLF line ends',
    body: good.replace('\n', '\r\n'),
    status: 400,
    error: 'invalid_csv',
    message: 'Line 1 contains a carriage return: end lines with "\\n" only',
    line: 1
  },
  {
    name: 'sourceId differs from query',
    body: good + '2024-03-04T00:15:00Z,acd-2,Sales,12,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 2: sourceId "acd-2" differs from the query\'s sourceId "acd-1"',
    line: 2
  },
  {
    name: 'negative offered',
    body: '2024-03-04T00:00:00Z,acd-1,Sales,-1,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 1: offered "-1" is not an integer >= 0',
    line: 1
  },
  {
    name: 'fractional offered',
    body: '2024-03-04T00:00:00Z,acd-1,Sales,1.5,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 1: offered "1.5" is not an integer >= 0',
    line: 1
  },
  {
    name: 'aht with exponent',
    body: '2024-03-04T00:00:00Z,acd-1,Sales,12,1.8e2\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 1: aht "1.8e2" is not a number >= 0 written without sign or exponent',
    line: 1
  },
  {
    name: 'empty queue',
    body: '2024-03-04T00:00:00Z,acd-1,,12,180.5\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 1: queue is empty: every field is mandatory',
    line: 1
  },
  {
    name: 'unclosed quote',
    body: '2024-03-04T00:00:00Z,acd-1,"Sales,12,180.5\n',
    status: 400,
    error: 'invalid_csv',
    message: 'The body is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 1',
    line: 1
  },
  {
    name: 'empty body',
    body: '',
    status: 400,
    error: 'empty_body',
    message: 'The body is empty: send at least one row'
  },
  {
    name: 'invalid UTF-8',
    body: Buffer.concat([Buffer.from('2024-03-04T00:00:00Z,acd-1,Sal'), Buffer.from([0xff]), Buffer.from('es,1,2\n')]),
    status: 400,
    error: 'invalid_encoding',
    message: 'The body is not valid UTF-8'
  },
  {
    name: 'byte order mark',
    body: '\uFEFF' + good,
    status: 400,
    error: 'invalid_csv',
    message: 'Line 1 starts with a byte order mark: remove it',
    line: 1
  },
  {
    name: 'line number after a quoted newline',
    body: '2024-03-04T00:00:00Z,acd-1,"Sales\nNorth",12,180.5\n2024-03-04T00:15:00Z,acd-1,Sales,x,1\n',
    status: 422,
    error: 'invalid_value',
    message: 'Line 3: offered "x" is not an integer >= 0',
    line: 3
  }
]

for (const { name, body, status, error, message, line } of cases) {
  t.test(`CSV check: ${name}`, async (t) => {
    const query = pushQuery()
    const answer = await push(wfm, { query, body })

    t.equal(answer.status, status)
    t.strictSame(answer.body, line === undefined ? { error, message } : { error, message, line })
    t.equal(wfm.upload(query.pushToken ?? ''), undefined, 'no upload is recorded')
  })
}

t.test('CSV check: tenant column layout', async (t) => {
  const body = '2024-03-04T00:00:00Z,Sales,12,180.5\n'
  const accepted = await push(wfm, { tenant: 'globex', body })
  const rejected = await push(wfm, { tenant: 'acme', body })

  t.equal(accepted.status, 200)
  t.equal(rejected.status, 400)
  t.equal(rejected.body.error, 'wrong_column_count')
})
