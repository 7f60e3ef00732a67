// Request body documentation of the upload route. The route reads its body itself (CSV and
// NDJSON are streams), so these schemas only describe it in the OpenAPI document and are never
// used for validation.

import { Type } from '@sinclair/typebox'

const JsonRow = Type.Object({
  intervalStart: Type.String({
    description: 'ISO 8601 with offset, on an interval boundary',
    examples: ['2026-01-05T09:15:00Z']
  }),
  queue: Type.String({ minLength: 1, maxLength: 255, examples: ['Sales'] }),
  offered: Type.Integer({ minimum: 0, description: 'Contacts offered', examples: [12] }),
  aht: Type.Number({ minimum: 0, description: 'Average handle time in seconds', examples: [245.5] })
}, { additionalProperties: false })

const csvExample = 'intervalStart,queue,offered,aht\n2026-01-05T09:00:00Z,Sales,12,245.5\n' +
  '2026-01-05T09:15:00Z,Sales,9,231\n'

export const uploadBodyDocs = {
  content: {
    'text/csv': {
      schema: Type.String({
        description: 'CSV with a header row. Canonical columns: intervalStart, queue, offered, ' +
          'aht (any order); other layouts through ?profile=. Charset utf-8 by default, or ' +
          'windows-1252 / iso-8859-1 when declared.',
        examples: [csvExample]
      })
    },
    'multipart/form-data': {
      schema: Type.Object({
        file: Type.Array(Type.String({ format: 'binary' }), {
          description: 'One or more CSV files; together they form one upload'
        }),
        sourceId: Type.Optional(Type.String()),
        interval: Type.Optional(Type.Integer()),
        profile: Type.Optional(Type.String()),
        pushToken: Type.Optional(Type.String()),
        dryRun: Type.Optional(Type.Boolean())
      })
    },
    'application/json': {
      schema: Type.Object({ rows: Type.Array(JsonRow) }, {
        additionalProperties: false,
        examples: [{ rows: [{ intervalStart: '2026-01-05T09:00:00Z', queue: 'Sales', offered: 12, aht: 245.5 }] }]
      })
    },
    'application/x-ndjson': {
      schema: Type.String({
        description: 'One JSON row object per line, as in application/json rows',
        examples: ['{"intervalStart":"2026-01-05T09:00:00Z","queue":"Sales","offered":12,"aht":245.5}\n']
      })
    }
  }
}

/** Adds the body documentation to the route's schema in the OpenAPI document only. */
export function documentUploadBody ({ schema, url }: { schema: object, url: string }): { schema: object, url: string } {
  return { schema: { ...schema, body: uploadBodyDocs }, url }
}
