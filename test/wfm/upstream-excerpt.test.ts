import t from 'tap'
import { redactExcerpt } from '../../src/wfm/upstream-excerpt.js'

const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZWxheSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'

t.test('excerpt redaction table', async (t) => {
  const cases: Array<[string, string]> = [
    ['{"access_token":"abc","expires_in":300}', '{"access_token":"[redacted]","expires_in":300}'],
    ['{"refresh_token" : "a\\"b", "x": 1}', '{"refresh_token" : "[redacted]", "x": 1}'],
    ['{"id_token":"t","client_secret":"s"}', '{"id_token":"[redacted]","client_secret":"[redacted]"}'],
    ['client_id=relay&client_secret=hunter2&x=1', 'client_id=relay&client_secret=[redacted]&x=1'],
    [`token ${jwt} rejected`, 'token [redacted] rejected'],
    ['Authorization: Bearer abc.def-ghi rejected', 'Authorization: Bearer [redacted] rejected'],
    ['line one\r\nline\ttwo\u0000', 'line one line two'],
    ['{"error":"invalid_client"}', '{"error":"invalid_client"}']
  ]
  for (const [input, expected] of cases) {
    t.equal(redactExcerpt(input), expected, input)
  }
})

t.test('excerpt named secrets', async (t) => {
  t.equal(redactExcerpt('echo: my-secret-1 and my-secret-1', ['my-secret-1', '']),
    'echo: [redacted] and [redacted]')
})

t.test('excerpt length', async (t) => {
  t.equal(redactExcerpt('x'.repeat(1000)), 'x'.repeat(300))
  t.equal(redactExcerpt('abc', [], 2), 'ab')
  t.equal(redactExcerpt('a'.repeat(299) + '💬'), 'a'.repeat(299), 'no half surrogate pair at the end')
})
