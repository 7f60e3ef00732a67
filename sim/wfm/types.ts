/** One accepted request of an upload. */
export interface Chunk {
  /** Position among the upload's accepted chunks, from 0. */
  index: number
  lastChunk: boolean
  /** The request body, or an empty Buffer when the simulator runs with `keepBodies: false`. */
  body: Buffer
  /** The parsed CSV rows, or `[]` when the simulator runs with `keepBodies: false`. */
  rows: string[][]
  /** Size of the body in bytes, kept in every mode. */
  bodyBytes: number
  /** Number of CSV rows, kept in every mode. */
  rowCount: number
  headers: Record<string, string>
  query: Record<string, string | string[]>
}

/** All accepted chunks that carried one pushToken. */
export interface Upload {
  tenant: string
  pushToken: string
  sourceId: string
  /** Seconds between interval starts (`historicalDataInterval`). */
  interval: number
  chunks: Chunk[]
  /** True once a chunk with `lastChunk=true` was accepted. */
  completed: boolean
}

/** One request and the status the simulator sent back. */
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string | string[]>
  headers: Record<string, string>
  bodyBytes: number
  status: number
  /** The error message sent with a 4xx or 5xx response. */
  message?: string
}

/** A response that a test forces on the next push request, bypassing every check. */
export interface ForcedResponse {
  status: number
  headers?: Record<string, string>
  /** A string or Buffer is sent as is; anything else is sent as JSON. */
  body?: string | Buffer | Record<string, unknown> | unknown[]
  /** Milliseconds to wait after reading the request body before responding. */
  delayMs?: number
}

/** A rejection: the HTTP status, a machine-readable error code and a message for people. */
export interface Rejection {
  status: number
  error: string
  message: string
  /** The 1-based CSV line the message is about. */
  line?: number
}

export function reject (status: number, error: string, message: string, line?: number): Rejection {
  return line === undefined ? { status, error, message } : { status, error, message, line }
}
