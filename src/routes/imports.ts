// Import jobs: status by id, a tenant's history, and the retry of a failed job. A caller sees only
// jobs of tenants it may write to; any other id gets 404 like an unknown one, so ids cannot
// be probed.

import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Caller } from '../config/resolve.js'
import { RelayError } from '../errors.js'
import type { ImportJob } from '../jobs/job-store.js'
import { authenticateCaller, authorizeTenantAccess } from '../plugins/authenticate.js'
import type { RelayServices } from '../services.js'
import { ImportList, ImportListQuery, ImportParams, ImportStatus } from './import-schemas.js'
import { importLocation, importStatus } from './import-view.js'
import { ErrorBody, TenantParams } from './schemas.js'

const common = { tags: ['uploads'], security: [{ apiKey: [] }] }

export async function importRoutes (app: FastifyInstance, options: { services: RelayServices }): Promise<void> {
  const { services } = options
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.get('/v1/imports/:id', {
    schema: {
      ...common,
      summary: 'Status of an import job',
      params: ImportParams,
      response: { 200: ImportStatus, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    onRequest: authenticateCaller(services)
  }, async (request) => {
    const job = await findVisibleJob(services, request.caller, request.params.id)
    return importStatus(job, true)
  })

  typed.get('/v1/tenants/:tenant/imports', {
    schema: {
      ...common,
      summary: 'Import jobs of a tenant, newest first',
      params: TenantParams,
      querystring: ImportListQuery,
      response: { 200: ImportList, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    onRequest: authorizeTenantAccess(services)
  }, async (request) => {
    const { state, limit, cursor } = request.query
    const page = await services.jobs.store.list({ tenant: request.params.tenant, state, limit, cursor })
    const body: ImportList = { imports: page.jobs.map((job) => importStatus(job)) }
    if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor
    return body
  })

  typed.post('/v1/imports/:id/retry', {
    schema: {
      ...common,
      summary: 'Send a failed import job again from its first unsent chunk',
      params: ImportParams,
      response: { 202: ImportStatus, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    onRequest: authenticateCaller(services)
  }, async (request, reply) => {
    const job = await findVisibleJob(services, request.caller, request.params.id)
    return await retryJob(services, job, reply)
  })
}

async function retryJob (services: RelayServices, job: ImportJob, reply: FastifyReply): Promise<FastifyReply> {
  if (services.jobs.draining) {
    throw new RelayError('WFM_RELAY_SHUTTING_DOWN',
      'the relay is shutting down; retry the import on another replica or in a moment')
  }
  const result = await services.jobs.store.retry(job.id, Date.now())
  if (result === undefined) throw notFound(job.id)
  if (!result.retried) {
    throw new RelayError('WFM_RELAY_IMPORT_NOT_RETRYABLE',
      `import ${job.id} is ${result.job.state}; only failed imports can be retried`,
      { importId: job.id })
  }

  reply.log.info({ importId: job.id, tenant: job.tenant }, 'failed import job set to be sent again')
  services.jobs.wake()
  return await reply.code(202).header('location', importLocation(job.id)).send(importStatus(result.job))
}

async function findVisibleJob (services: RelayServices, caller: Caller | undefined, id: string): Promise<ImportJob> {
  if (caller === undefined) throw new Error('authenticateCaller did not run')
  const job = await services.jobs.store.get(id)
  if (job === undefined || !caller.tenants.has(job.tenant)) throw notFound(id)
  return job
}

function notFound (id: string): RelayError {
  return new RelayError('WFM_RELAY_NOT_FOUND',
    `import ${id} not found; it never existed, belongs to a tenant this API key may not write ` +
    'to, or passed its retention (jobs.retentionHours)')
}
