// The service's error codes. Each code has one HTTP status; routes throw RelayError and the
// error handler turns it into the shared error body. Codes are stable: callers branch on them.

export const errorStatus = {
  WFM_RELAY_UNAUTHORIZED: 401,
  WFM_RELAY_FORBIDDEN: 403,
  WFM_RELAY_TENANT_NOT_FOUND: 404,
  WFM_RELAY_PROFILE_NOT_FOUND: 400,
  WFM_RELAY_INVALID_PARAMETER: 400,
  WFM_RELAY_INVALID_BODY: 400,
  WFM_RELAY_INVALID_JSON: 400,
  WFM_RELAY_INVALID_ROWS: 400,
  WFM_RELAY_MISSING_COLUMN: 400,
  WFM_RELAY_UNKNOWN_COLUMN: 400,
  WFM_RELAY_EMPTY_UPLOAD: 400,
  WFM_RELAY_ROW_TOO_LARGE: 400,
  WFM_RELAY_BODY_TOO_LARGE: 413,
  WFM_RELAY_UNSUPPORTED_MEDIA_TYPE: 415,
  WFM_RELAY_RATE_LIMITED: 429,
  WFM_RELAY_NOT_FOUND: 404,
  WFM_RELAY_IDEMPOTENCY_CONFLICT: 409,
  WFM_RELAY_IMPORT_NOT_RETRYABLE: 409,
  WFM_RELAY_SHUTTING_DOWN: 503,
  WFM_RELAY_SERVER_BUSY: 503,
  WFM_RELAY_TOKEN_REJECTED: 502,
  WFM_RELAY_TOKEN_UNREACHABLE: 503,
  WFM_RELAY_TOKEN_TIMEOUT: 504,
  WFM_RELAY_WFM_REJECTED: 502,
  WFM_RELAY_WFM_UNREACHABLE: 503,
  WFM_RELAY_WFM_TIMEOUT: 504,
  WFM_RELAY_INTERNAL: 500
} as const

export type ErrorCode = keyof typeof errorStatus

/** One rejected row or field, as reported to the caller. */
export interface RowError {
  /** Line of the original upload (1-based; for JSON bodies, the row's index + 1). */
  line: number
  /** Name of the multipart file part the line belongs to, when there are several. */
  file?: string
  field: string
  value?: string
  message: string
}

/** Facts about a failed call to the WFM or the identity provider, safe to show to callers. */
export interface UpstreamFailure {
  /** HTTP status from upstream, absent when no response arrived. */
  status?: number
  /** The first bytes of upstream's response, with anything token-like removed. */
  excerpt?: string
}

export interface RelayErrorOptions {
  cause?: unknown
  rowErrors?: RowError[]
  rowErrorCount?: number
  upstream?: UpstreamFailure
  /** The import job the error is about, shown to the caller. */
  importId?: string
  /** Sent as the Retry-After header. */
  retryAfterSeconds?: number
}

export class RelayError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number
  readonly rowErrors?: RowError[]
  readonly rowErrorCount?: number
  readonly upstream?: UpstreamFailure
  readonly importId?: string
  readonly retryAfterSeconds?: number

  constructor (code: ErrorCode, message: string, options: RelayErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'RelayError'
    this.code = code
    this.statusCode = errorStatus[code]
    this.rowErrors = options.rowErrors
    this.rowErrorCount = options.rowErrorCount
    this.upstream = options.upstream
    this.importId = options.importId
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export function isRelayError (error: unknown): error is RelayError {
  return error instanceof RelayError
}
