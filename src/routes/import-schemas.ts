// Schemas of the import job routes and of the 202 answer of an upload.

import { Type, type Static } from '@sinclair/typebox'

export const ImportState = Type.Union([
  Type.Literal('accepted'), Type.Literal('sending'), Type.Literal('completed'), Type.Literal('failed')
], { description: 'accepted: waiting for the worker; sending; completed: the WFM acknowledged ' +
  'the last chunk; failed: see lastError' })

export const ChunkStatus = Type.Object({
  index: Type.Integer({ description: 'Position in the upload, from 1' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent')], {
    description: 'sending: a request started and its acknowledgement is not recorded yet'
  }),
  rows: Type.Integer(),
  bytes: Type.Integer(),
  attempts: Type.Integer({ description: 'Push requests made for this chunk' }),
  sentAt: Type.Optional(Type.String({ format: 'date-time' }))
})

export const ImportError = Type.Object({
  code: Type.String({ description: 'The error code the upload would have answered with' }),
  statusCode: Type.Integer(),
  message: Type.String(),
  upstream: Type.Optional(Type.Object({
    status: Type.Optional(Type.Integer()),
    excerpt: Type.Optional(Type.String())
  }))
})

export const ImportStatus = Type.Object({
  importId: Type.String(),
  tenant: Type.String(),
  state: ImportState,
  pushToken: Type.String(),
  sourceId: Type.String(),
  interval: Type.Integer(),
  profile: Type.Optional(Type.String()),
  rows: Type.Integer(),
  bytes: Type.Integer(),
  chunks: Type.Integer(),
  chunksSent: Type.Integer({ description: 'Chunks the WFM acknowledged' }),
  attempts: Type.Integer({ description: 'Push requests made, retries included' }),
  lastError: Type.Optional(ImportError),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Optional(Type.String({ format: 'date-time' })),
  finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  chunkList: Type.Optional(Type.Array(ChunkStatus, { description: 'Only in GET /v1/imports/{id}' }))
})
export type ImportStatus = Static<typeof ImportStatus>

export const AsyncReason = Type.Union([
  Type.Literal('respond-async'), Type.Literal('wait-timeout'), Type.Literal('shutting-down')
], {
  description: 'Why the relay answered before the import finished: the request asked for it ' +
    '(Prefer: respond-async), the wait ran out (jobs.waitTimeoutMs), or the relay is shutting down'
})

export const ImportAccepted = Type.Composite([ImportStatus, Type.Object({ asyncReason: AsyncReason })])
export type ImportAccepted = Static<typeof ImportAccepted>

export const ImportParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128, description: 'Import id from Location' })
})

export const ImportListQuery = Type.Object({
  state: Type.Optional(ImportState),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 400, description: 'nextCursor of the previous page' }))
}, { additionalProperties: false })
export type ImportListQuery = Static<typeof ImportListQuery>

export const ImportList = Type.Object({
  imports: Type.Array(ImportStatus, { description: 'Newest first' }),
  nextCursor: Type.Optional(Type.String({ description: 'Absent on the last page' }))
})
export type ImportList = Static<typeof ImportList>
