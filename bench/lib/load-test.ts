// A closed-loop load test with autocannon: a fixed number of connections, each sending its next
// request when the previous response arrived. Latencies are taken from autocannon's response
// events, which carry fractional milliseconds, because its own histogram keeps whole milliseconds.

import autocannon from 'autocannon'
import { percentile } from './stats.js'

export interface LoadOptions {
  url: string
  connections: number
  seconds: number
  method: string
  headers: Record<string, string>
  body: string | Buffer
  /** Changes each request before it is sent, such as a new pushToken in the path. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request
}

export interface LoadResult {
  /** Responses with a 2xx status. */
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  /** Responses with another status, by status. */
  failedStatuses: Record<string, number>
  /** Connection errors and timeouts. */
  errors: number
  seconds: number
}

export async function runLoad (options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      timeout: 60,
      requests: [{
        method: options.method,
        headers: options.headers,
        body: options.body,
        ...(options.setupRequest === undefined ? {} : { setupRequest: options.setupRequest })
      }]
    }, (error, value) => { if (error === null) resolve(value); else reject(error) })
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs)
    })
  })

  latencies.sort((a, b) => a - b)
  const failedStatuses: Record<string, number> = {}
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) failedStatuses[status] = count
  }
  return {
    requests: result['2xx'],
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failedStatuses,
    errors: result.errors + result.timeouts,
    seconds: result.duration
  }
}
