import t from 'tap'
import { redactQuery } from '../../src/logging.js'

t.test('redactQuery keeps known parameters only', async (t) => {
  t.equal(redactQuery('/v1/tenants/acme/historical-data'), '/v1/tenants/acme/historical-data')
  t.equal(redactQuery('/v1/x?sourceId=acd%201&interval=900&dryRun=true'), '/v1/x?sourceId=acd%201&interval=900&dryRun=true')
  t.equal(redactQuery('/v1/x?apiKey=secret-123&sourceId=a'), '/v1/x?[redacted]&sourceId=a')
  t.equal(redactQuery('/v1/x?secret-123'), '/v1/x?[redacted]')
  t.equal(redactQuery('/v1/x?access_token=eyJhbGciOi.x.y&token=abc'), '/v1/x?[redacted]&[redacted]')
  t.equal(redactQuery('/v1/x?'), '/v1/x?')
})
