// Liveness and readiness probes for Kubernetes.

import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { RelayServices } from '../services.js'

const Status = Type.Object({ status: Type.String() })

export async function healthRoutes (app: FastifyInstance, options: { services: RelayServices }): Promise<void> {
  const { jobs } = options.services

  app.get('/healthz', { schema: { response: { 200: Status } }, logLevel: 'warn' }, async () => {
    return { status: 'ok' }
  })

  // Fails first when a shutdown begins, so load balancers stop sending uploads before the
  // listener closes.
  app.get('/readyz', { schema: { response: { 200: Status, 503: Status } }, logLevel: 'warn' }, async (_request, reply) => {
    if (jobs.draining) return await reply.code(503).send({ status: 'shutting down' })
    return { status: 'ready' }
  })
}
