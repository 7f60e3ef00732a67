// Builds the whole relay as a Fastify instance from a resolved config. server.ts only starts it;
// tests build it directly.

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Dispatcher } from 'undici'
import type { RuntimeConfig } from './config/resolve.js'
import { createLogger } from './logging.js'
import { installBodyParsers } from './plugins/body-parsers.js'
import { installErrorHandlers } from './plugins/error-handler.js'
import { checkJsonBodyLimit, JsonMemoryBudget } from './plugins/json-memory.js'
import { installOpenApi } from './plugins/openapi.js'
import { serverTimeoutOptions } from './plugins/server-timeouts.js'
import { healthRoutes } from './routes/health.js'
import { historicalDataRoutes } from './routes/historical-data.js'
import { importRoutes } from './routes/imports.js'
import { metricsRoutes } from './routes/metrics.js'
import { tenantCheckRoutes } from './routes/tenant-check.js'
import { createServices, type RelayServices } from './services.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's shared services; server.ts uses them to apply a reloaded config. */
    relay: RelayServices
  }
}

export interface AppOptions {
  runtime: RuntimeConfig
  /** Defaults to a pino logger on stdout at the configured level. */
  logger?: Logger
  /** Defaults to an undici Agent owned and closed by the app. */
  dispatcher?: Dispatcher
  /** Heap bytes that parsed JSON bodies may take together; defaults to half the heap limit. */
  jsonHeapBudgetBytes?: number
}

export async function buildApp (options: AppOptions): Promise<FastifyInstance> {
  const { runtime } = options
  // Checked first, so that a config the heap cannot serve opens no store and no socket.
  const jsonBudget = new JsonMemoryBudget(options.jsonHeapBudgetBytes)
  checkJsonBodyLimit(runtime.config.limits.jsonBodyBytes, jsonBudget)
  const logger = options.logger ?? createLogger(runtime.config.logLevel)
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
    ...serverTimeoutOptions(runtime.config.server)
  })

  const services = await createServices(runtime, app.log, options.dispatcher)
  app.decorate('relay', services)
  app.addHook('onClose', async () => { await services.close() })
  // Recovery and the job worker start with the app, so jobs left by an earlier run resume.
  app.addHook('onReady', async () => { await services.jobs.start() })

  installErrorHandlers(app)
  await installBodyParsers(app, services, jsonBudget)
  await installOpenApi(app)
  await app.register(healthRoutes, { services })
  await app.register(historicalDataRoutes, { services })
  await app.register(importRoutes, { services })
  await app.register(tenantCheckRoutes, { services })
  await app.register(metricsRoutes, { metrics: services.metrics })
  return app
}
