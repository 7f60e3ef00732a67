// GET /metrics in the Prometheus text format.

import type { FastifyInstance } from 'fastify'
import type { RelayMetrics } from '../metrics/relay-metrics.js'

export async function metricsRoutes (app: FastifyInstance, options: { metrics: RelayMetrics }): Promise<void> {
  const { registry } = options.metrics

  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      tags: ['operations'],
      produces: [registry.contentType],
      response: { 200: { type: 'string', description: 'Metrics in the Prometheus text format' } }
    },
    logLevel: 'warn'
  }, async (_request, reply) => {
    return await reply.type(registry.contentType).send(await registry.metrics())
  })
}
