// Liveness and readiness probes for Kubernetes.

import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'

const Status = Type.Object({ status: Type.String() })

export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { response: { 200: Status } }, logLevel: 'warn' }, async () => {
    return { status: 'ok' }
  })

  app.get('/readyz', { schema: { response: { 200: Status } }, logLevel: 'warn' }, async () => {
    return { status: 'ready' }
  })
}
