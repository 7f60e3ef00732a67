// Turns every error into the shared error body. Client errors are logged at info, server errors
// at error; a 5xx response never shows the internal message.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import { isRelayError, RelayError, type ErrorCode } from '../errors.js'
import type { ErrorBody } from '../routes/schemas.js'
import { acceptedMediaTypes } from './body-parsers.js'

export function installErrorHandlers (app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const relayError = toRelayError(error)
    logError(request, relayError, error)
    return await sendError(reply, relayError)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const error = new RelayError('WFM_RELAY_NOT_FOUND',
      `no route for ${request.method} ${request.url.split('?')[0] ?? ''}; see /openapi.json`)
    return await sendError(reply, error)
  })
}

export async function sendError (reply: FastifyReply, error: RelayError): Promise<FastifyReply> {
  const body: ErrorBody = {
    statusCode: error.statusCode,
    code: error.code,
    error: STATUS_CODES[error.statusCode] ?? 'Error',
    message: error.statusCode >= 500 && error.code === 'WFM_RELAY_INTERNAL'
      ? 'internal error; the relay logged the details'
      : error.message
  }
  if (error.rowErrors !== undefined) body.errors = error.rowErrors
  if (error.rowErrorCount !== undefined) body.errorCount = error.rowErrorCount
  if (error.upstream !== undefined) body.upstream = error.upstream
  if (error.importId !== undefined) body.importId = error.importId
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds))
  return await reply.code(error.statusCode).type('application/json').send(body)
}

function logError (request: FastifyRequest, relayError: RelayError, original: Error): void {
  const fields = { code: relayError.code, statusCode: relayError.statusCode }
  if (relayError.statusCode >= 500) {
    request.log.error({ ...fields, err: original }, relayError.message)
  } else {
    request.log.info(fields, relayError.message)
  }
}

/** Maps Fastify's, the multipart plugin's and Node's errors to the relay's error table. */
export function toRelayError (error: FastifyError): RelayError {
  if (isRelayError(error)) return error

  if (error.validation !== undefined) {
    const where = error.validationContext ?? 'request'
    return new RelayError('WFM_RELAY_INVALID_PARAMETER',
      `invalid ${where}: ${error.message}`, { cause: error })
  }

  const status = error.statusCode ?? 500
  if (status < 400 || status >= 500) {
    return new RelayError('WFM_RELAY_INTERNAL', error.message, { cause: error })
  }
  return new RelayError(clientErrorCode(error, status), clientMessage(error, status),
    { cause: error })
}

function clientErrorCode (error: FastifyError, status: number): ErrorCode {
  if (status === 413) return 'WFM_RELAY_BODY_TOO_LARGE'
  if (status === 415) return 'WFM_RELAY_UNSUPPORTED_MEDIA_TYPE'
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return 'WFM_RELAY_INVALID_JSON'
  }
  return 'WFM_RELAY_INVALID_BODY'
}

function clientMessage (error: FastifyError, status: number): string {
  if (status === 415) {
    return `unsupported Content-Type; send one of: ${acceptedMediaTypes.join(', ')}`
  }
  if (status === 413) {
    return `request body too large: ${error.message}; split the upload or send CSV, which is streamed`
  }
  return error.message
}
