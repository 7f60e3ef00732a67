// The OpenAPI 3.1 document, generated from the same TypeBox schemas the routes validate with,
// served at /openapi.json with an interactive page at /docs.

import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { ErrorBodySchema } from '../routes/schemas.js'

export const apiVersion = '1.0.0'

export async function installOpenApi (app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorBodySchema)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'wfm-relay',
        version: apiVersion,
        description: 'Relays contact-center interval data (contacts offered and average handle ' +
          'time per queue and interval) to the historical-data import API of each tenant\'s WFM.'
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued by the relay\'s operator' }
        }
      },
      tags: [
        { name: 'uploads', description: 'Relay interval data to a tenant\'s WFM' },
        { name: 'operations', description: 'Probes and service documents' }
      ]
    },
    refResolver: {
      // Shared schemas keep their $id as component name instead of def-0, def-1, ...
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema-${index}`)
    }
  })

  await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' })

  app.get('/openapi.json', { schema: { hide: true }, logLevel: 'warn' }, async () => app.swagger())
}
