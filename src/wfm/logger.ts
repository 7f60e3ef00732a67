// The logging methods the WFM client layer calls. Both a pino Logger and Fastify's request
// logger fit this type. pino's whole BaseLogger would not, because FastifyBaseLogger (Fastify 5)
// has no msgPrefix.

import type { BaseLogger } from 'pino'

export type WfmLogger = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>
