// Types for the part of autocannon 8 that the bench uses. The package ships no types of its own,
// and @types/autocannon describes version 7.

declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    interface Request {
      method?: string
      /** Path and query, such as `/push?lastChunk=true`. */
      path?: string
      headers?: Record<string, string>
      body?: string | Buffer
      /** Changes the request before it is sent; called for every request. */
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request
    }

    interface Options {
      url: string
      connections?: number
      /** Seconds. */
      duration?: number
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number
      method?: string
      headers?: Record<string, string>
      body?: string | Buffer
      requests?: Request[]
    }

    /** Percentiles of a histogram; latencies are in milliseconds. */
    interface Histogram {
      average: number
      min: number
      max: number
      p50: number
      p99: number
      total: number
    }

    interface Result {
      /** Seconds. */
      duration: number
      errors: number
      timeouts: number
      non2xx: number
      '2xx': number
      statusCodeStats: Record<string, { count: number }>
      latency: Histogram
      requests: Histogram & { sent: number }
    }

    interface Instance extends EventEmitter {
      stop: () => void
    }
  }

  function autocannon (
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void
  ): autocannon.Instance

  export = autocannon
}
