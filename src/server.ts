// Starts the relay: load and check the config, build the app, listen, reload the config when
// its files change or on SIGHUP, and stop cleanly on SIGTERM or SIGINT. A bad config at start
// stops the process with a message naming the key.

import { buildApp } from './app.js'
import { configPathFromEnv, loadConfigFile } from './config/load.js'
import { ConfigReloader } from './config/reloader.js'
import { createLogger } from './logging.js'

async function main (): Promise<void> {
  const configPath = configPathFromEnv(process.env)
  const runtime = await loadConfigFile(configPath, process.env)
  const logger = createLogger(runtime.config.logLevel)
  const app = await buildApp({ runtime, logger })

  const { host, port } = runtime.config.listen
  const address = await app.listen({ host, port })
  logger.info({ address, configPath, tenants: [...runtime.tenants.keys()] }, 'wfm-relay started')

  const reloader = new ConfigReloader({
    configPath,
    env: process.env,
    logger,
    apply: (next) => app.relay.applyRuntime(next)
  })
  reloader.watch(runtime)
  process.on('SIGHUP', () => { void reloader.reload('SIGHUP') })

  const stop = (signal: string): void => {
    logger.info({ signal }, 'wfm-relay stopping')
    reloader.close()
    const graceMs = app.relay.runtime.config.shutdownGraceMs
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown grace period over; exiting')
      process.exit(1)
    }, graceMs)
    timer.unref()
    // Readiness fails and uploads are rejected at once. The job worker finishes its requests in
    // flight and leaves the rest for the next start, but is cut off shortly before the grace ends.
    const drainMs = Math.max(0, graceMs - Math.min(2_000, graceMs / 5))
    app.relay.jobs.drain(drainMs).then(async () => await app.close()).then(() => {
      logger.info('wfm-relay stopped')
    }, (error: unknown) => {
      logger.error({ err: error }, 'error while stopping')
      process.exitCode = 1
    })
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

main().catch((error: unknown) => {
  // The logger may not exist yet, so a start-up failure goes to stderr as one plain line.
  process.stderr.write(`wfm-relay failed to start: ${(error as Error).message}\n`)
  process.exit(1)
})
