// POST /v1/tenants/{tenant}/historical-data: one upload of interval rows, relayed to the
// tenant's WFM once every row is valid.

import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { v4 as uuidv4 } from 'uuid'
import { acceptedMediaTypes } from '../plugins/body-parsers.js'
import { authorizeTenantAccess } from '../plugins/authenticate.js'
import type { RelayServices } from '../services.js'
import { mergeFormFields, resolveUploadParameters } from '../upload/parameters.js'
import { runUpload } from '../upload/run-upload.js'
import { readUploadSource, releaseUploadSource, type UploadSource } from '../upload/source.js'
import { ErrorBody, TenantParams, UploadQuery, UploadSummary } from './schemas.js'
import { documentUploadBody } from './upload-docs.js'

export async function historicalDataRoutes (app: FastifyInstance, options: { services: RelayServices }): Promise<void> {
  const { services } = options
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.post('/v1/tenants/:tenant/historical-data', {
    schema: {
      summary: 'Relay interval rows to the tenant\'s WFM',
      description: 'Validates every row, then pushes the rows in chunks to the tenant\'s WFM. ' +
        'Nothing is sent when any row is invalid.',
      tags: ['uploads'],
      security: [{ apiKey: [] }],
      consumes: acceptedMediaTypes,
      params: TenantParams,
      querystring: UploadQuery,
      response: { 200: UploadSummary, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    bodyLimit: services.runtime.config.limits.jsonBodyBytes,
    config: { swaggerTransform: documentUploadBody },
    onRequest: authorizeTenantAccess(services),
    onResponse: async (request, reply) => {
      // Only uploads that reached a configured tenant are counted, so labels stay bounded.
      if (request.tenant !== undefined) services.metrics.countUpload(request.tenant.name, reply.statusCode)
    }
  }, async (request) => {
    const tenant = request.tenant
    if (tenant === undefined) throw new Error('authorizeTenantAccess did not run')

    let source: UploadSource | undefined
    try {
      source = await readUploadSource(request, join(services.dataDir, 'incoming', uuidv4()))
      const query = source.kind === 'multipart'
        ? mergeFormFields(request.query, source.fields)
        : request.query
      const parameters = resolveUploadParameters(tenant, services.runtime.config.profiles, query)
      request.log = request.log.child({ pushToken: parameters.pushToken })
      return await runUpload({ services, tenant, parameters, source, log: request.log })
    } finally {
      await releaseUploadSource(source)
    }
  })
}
