// Response and parameter schemas shared by the routes and the OpenAPI document.

import { Type, type Static } from '@sinclair/typebox'
import { tenantNamePattern } from '../config/schema.js'
import { errorStatus } from '../errors.js'

/** The shared error body, added to the app once with addSchema (see ErrorBody for routes). */
export const ErrorBodySchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({
    description: 'Stable error code, prefixed WFM_RELAY_',
    enum: Object.keys(errorStatus)
  }),
  error: Type.String({ description: 'HTTP reason phrase' }),
  message: Type.String({ description: 'What is wrong and how to fix it' }),
  errors: Type.Optional(Type.Array(Type.Object({
    line: Type.Integer(),
    file: Type.Optional(Type.String()),
    field: Type.String(),
    value: Type.Optional(Type.String()),
    message: Type.String()
  }), { description: 'The first rejected rows, in upload order' })),
  errorCount: Type.Optional(Type.Integer({ description: 'All rejected rows and fields' })),
  upstream: Type.Optional(Type.Object({
    status: Type.Optional(Type.Integer()),
    excerpt: Type.Optional(Type.String())
  }, { description: 'What the WFM or identity provider answered' })),
  importId: Type.Optional(Type.String({ description: 'The import job the error is about' }))
}, {
  $id: 'ErrorBody',
  examples: [{
    statusCode: 400,
    code: 'WFM_RELAY_INVALID_ROWS',
    error: 'Bad Request',
    message: '1 invalid value(s) in the upload; nothing was sent. Fix the rows listed in errors ' +
      'and upload the whole file again',
    errors: [{
      line: 3,
      field: 'intervalStart',
      value: '2026-01-05T09:00:00',
      message: 'timestamp has no UTC offset; add Z or +hh:mm'
    }],
    errorCount: 1
  }]
})

/** Reference to the shared error body, for the response schemas of every route. */
export const ErrorBody = Type.Ref(ErrorBodySchema)
export type ErrorBody = Static<typeof ErrorBodySchema>

export const TenantParams = Type.Object({
  tenant: Type.String({ pattern: tenantNamePattern, description: 'Tenant name from the config' })
})

const Uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

export const UploadQuery = Type.Object({
  sourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'ACD name' })),
  interval: Type.Optional(Type.Integer({
    minimum: 900, maximum: 86_400, multipleOf: 900, description: 'Interval length in seconds'
  })),
  profile: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  pushToken: Type.Optional(Type.String({ pattern: Uuid, description: 'UUID of this upload' })),
  dryRun: Type.Optional(Type.Boolean({ description: 'Validate and chunk, send nothing' }))
}, { additionalProperties: false })
export type UploadQuery = Static<typeof UploadQuery>

export const UploadSummary = Type.Object({
  pushToken: Type.String(),
  tenant: Type.String(),
  sourceId: Type.String(),
  interval: Type.Integer(),
  profile: Type.Optional(Type.String()),
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'Rows sent, filled rows included' }),
  skippedRows: Type.Integer({ description: 'Rows dropped by the profile filters' }),
  filledRows: Type.Integer({ description: 'Zero rows added to complete days' }),
  queues: Type.Integer(),
  firstIntervalStart: Type.String(),
  lastIntervalStart: Type.String(),
  chunks: Type.Integer(),
  chunkBytes: Type.Array(Type.Integer(), { description: 'Size of each chunk in bytes' }),
  bytesSent: Type.Integer(),
  firstLines: Type.Optional(Type.Array(Type.String(), {
    description: 'With dryRun: the first CSV lines of the first chunk'
  })),
  durationMs: Type.Integer(),
  importId: Type.Optional(Type.String({ description: 'The import job; absent with dryRun' })),
  state: Type.Optional(Type.Literal('completed', { description: 'The import job\'s state' }))
})
export type UploadSummary = Static<typeof UploadSummary>
