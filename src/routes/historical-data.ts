// POST /v1/tenants/{tenant}/historical-data: one upload of interval rows, stored as an import job
// once every row is valid and the spool is on disk; the job worker relays it to the WFM.

import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { v4 as uuidv4 } from 'uuid'
import { acceptedMediaTypes } from '../plugins/body-parsers.js'
import { authorizeTenantAccess } from '../plugins/authenticate.js'
import { RelayError } from '../errors.js'
import { idempotencyKeyOf } from '../jobs/idempotency.js'
import type { RelayServices } from '../services.js'
import { mergeFormFields, resolveUploadParameters } from '../upload/parameters.js'
import { runUpload } from '../upload/run-upload.js'
import { readUploadSource, releaseUploadSource, type UploadSource } from '../upload/source.js'
import { answerWithJob, prefersRespondAsync } from './import-answer.js'
import { ImportAccepted } from './import-schemas.js'
import { ErrorBody, TenantParams, UploadQuery, UploadSummary } from './schemas.js'
import { documentUploadBody } from './upload-docs.js'

export async function historicalDataRoutes (app: FastifyInstance, options: { services: RelayServices }): Promise<void> {
  const { services } = options
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.post('/v1/tenants/:tenant/historical-data', {
    schema: {
      summary: 'Relay interval rows to the tenant\'s WFM',
      description: 'Validates every row and stores the upload as an import job, which the relay ' +
        'pushes in chunks to the tenant\'s WFM. Nothing is sent when any row is invalid. With the ' +
        'header `Prefer: respond-async` the answer is 202 as soon as the job is stored; without it ' +
        'the request waits up to jobs.waitTimeoutMs for the job and answers 200 (completed), the ' +
        'job\'s error, or 202. `Idempotency-Key` (or a chosen pushToken) makes a repeated request ' +
        'with the same body return the original job.',
      tags: ['uploads'],
      security: [{ apiKey: [] }],
      consumes: acceptedMediaTypes,
      params: TenantParams,
      querystring: UploadQuery,
      response: { 200: UploadSummary, 202: ImportAccepted, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    bodyLimit: services.runtime.config.limits.jsonBodyBytes,
    config: { swaggerTransform: documentUploadBody },
    onRequest: [authorizeTenantAccess(services), refuseWhileDraining(services)],
    onResponse: async (request, reply) => {
      // Only uploads that reached a configured tenant are counted, so labels stay bounded.
      if (request.tenant !== undefined) services.metrics.countUpload(request.tenant.name, reply.statusCode)
    }
  }, async (request, reply) => {
    const startedAt = performance.now()
    const tenant = request.tenant
    const caller = request.caller
    if (tenant === undefined || caller === undefined) throw new Error('authorizeTenantAccess did not run')

    let source: UploadSource | undefined
    try {
      source = await readUploadSource(request, join(services.dataDir, 'incoming', uuidv4()))
      const query = source.kind === 'multipart'
        ? mergeFormFields(request.query, source.fields)
        : request.query
      const parameters = resolveUploadParameters(tenant, services.runtime.config.profiles, query)
      const idempotencyKey = idempotencyKeyOf({
        header: request.headers['idempotency-key'],
        callerPushToken: parameters.callerPushToken
      })
      request.log = request.log.child({ pushToken: parameters.pushToken })
      const outcome = await runUpload({
        services, tenant, parameters, source, log: request.log, caller: caller.name, idempotencyKey
      })
      if (outcome.kind === 'dryRun') return outcome.summary
      if (outcome.created) services.jobs.wake()
      return await answerWithJob(reply, services.jobs, outcome.job, {
        respondAsync: prefersRespondAsync(request.headers.prefer),
        startedAt
      })
    } finally {
      await releaseUploadSource(source)
    }
  })
}

/** Refuses uploads once a shutdown began, before their body is read. */
function refuseWhileDraining (services: RelayServices) {
  return async function refuse (_request: FastifyRequest): Promise<void> {
    if (services.jobs.draining) {
      throw new RelayError('WFM_RELAY_SHUTTING_DOWN',
        'the relay is shutting down and takes no uploads; send the upload to another replica or ' +
        'try again in a moment')
    }
  }
}
