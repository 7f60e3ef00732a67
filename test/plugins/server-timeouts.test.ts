import t from 'tap'
import { serverTimeoutOptions } from '../../src/plugins/server-timeouts.js'

t.test('server timeouts from the config', async (t) => {
  t.same(serverTimeoutOptions({ headersTimeoutMs: 30_000, requestTimeoutMs: 900_000, connectionTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000 }), {
    connectionTimeout: 120_000,
    requestTimeout: 900_000,
    keepAliveTimeout: 5_000,
    http: { headersTimeout: 30_000, requestTimeout: 900_000, connectionsCheckingInterval: 3_000 }
  })
  t.equal(serverTimeoutOptions({ headersTimeoutMs: 400, requestTimeoutMs: 0, connectionTimeoutMs: 0, keepAliveTimeoutMs: 100 })
    .http.connectionsCheckingInterval, 50, 'short timeouts are checked every 50 ms')
  t.equal(serverTimeoutOptions({ headersTimeoutMs: 600_000, requestTimeoutMs: 0, connectionTimeoutMs: 0, keepAliveTimeoutMs: 100 })
    .http.connectionsCheckingInterval, 30_000, 'long timeouts are checked every 30 s at most')
})

t.test('server timeouts reject headers after request', async (t) => {
  t.throws(() => serverTimeoutOptions({ headersTimeoutMs: 2_000, requestTimeoutMs: 1_000, connectionTimeoutMs: 0, keepAliveTimeoutMs: 100 }), {
    message: 'server.headersTimeoutMs (2000) must not be larger than server.requestTimeoutMs (1000)'
  })
})
