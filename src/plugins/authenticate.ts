// Checks the caller's API key and its right to write to the tenant named in the path. It runs
// as an onRequest hook, before any body is read, so an unknown caller costs no parsing.

import type { FastifyReply, FastifyRequest } from 'fastify'
import { bearerKey, findCaller } from '../auth/api-keys.js'
import type { Caller } from '../config/resolve.js'
import type { TenantSettings } from '../config/tenant-settings.js'
import { RelayError } from '../errors.js'
import type { RelayServices } from '../services.js'

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller
    tenant?: TenantSettings
  }
}

export function authorizeTenantAccess (services: RelayServices) {
  return async function authorize (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const caller = authenticate(request, reply, services)
    const name = (request.params as { tenant?: string }).tenant ?? ''
    const tenant = services.runtime.tenants.get(name)
    if (tenant === undefined) {
      throw new RelayError('WFM_RELAY_TENANT_NOT_FOUND',
        `tenant "${name}" is not configured on this relay; check the tenant name in the URL`)
    }
    if (!caller.tenants.has(name)) {
      throw new RelayError('WFM_RELAY_FORBIDDEN',
        `caller "${caller.name}" may not write to tenant "${name}"; ask the relay's operator ` +
        'to add the tenant to this caller')
    }

    request.caller = caller
    request.tenant = tenant
    request.log = request.log.child({ caller: caller.name, tenant: name })
  }
}

/** Checks the API key only, for routes whose tenant is known after a lookup (import ids). */
export function authenticateCaller (services: RelayServices) {
  return async function authenticateOnly (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const caller = authenticate(request, reply, services)
    request.caller = caller
    request.log = request.log.child({ caller: caller.name })
  }
}

function authenticate (request: FastifyRequest, reply: FastifyReply, services: RelayServices): Caller {
  const key = bearerKey(request.headers.authorization)
  if (key === undefined) {
    void reply.header('WWW-Authenticate', 'Bearer')
    throw new RelayError('WFM_RELAY_UNAUTHORIZED',
      'missing API key; send the header "Authorization: Bearer <api key>"')
  }
  const caller = findCaller(key, services.runtime.callers)
  if (caller === undefined) {
    void reply.header('WWW-Authenticate', 'Bearer error="invalid_token"')
    throw new RelayError('WFM_RELAY_UNAUTHORIZED',
      'unknown API key; check the key or ask the relay\'s operator for one')
  }
  return caller
}
