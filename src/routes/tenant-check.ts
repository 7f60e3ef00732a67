// GET /v1/tenants/{tenant}/check: fetches a token for the tenant and reports whether it works,
// when it expires and whether it carries the push role, without pushing data.

import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { authorizeTenantAccess } from '../plugins/authenticate.js'
import type { RelayServices } from '../services.js'
import { pushRole, readTokenClaims } from '../wfm/token-claims.js'
import { ErrorBody, TenantParams } from './schemas.js'

const TenantCheck = Type.Object({
  tenant: Type.String(),
  realm: Type.String(),
  tokenUrl: Type.String(),
  pushUrl: Type.String(),
  token: Type.Object({
    obtained: Type.Boolean(),
    format: Type.Union([Type.Literal('jwt'), Type.Literal('opaque')]),
    expiresAt: Type.Optional(Type.String({ description: 'From the token\'s exp claim' })),
    roles: Type.Array(Type.String(), { description: 'Roles of the wfm-forecasting-app client' }),
    hasPushRole: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'Whether the token carries WFM_HISTORICAL_DATA_PUSH; null for opaque tokens'
    })
  })
}, { description: 'The tenant\'s credentials work' })

export async function tenantCheckRoutes (app: FastifyInstance, options: { services: RelayServices }): Promise<void> {
  const { services } = options

  app.withTypeProvider<TypeBoxTypeProvider>().get('/v1/tenants/:tenant/check', {
    schema: {
      summary: 'Check a tenant\'s client credentials',
      description: 'Fetches a token from the tenant\'s identity provider (or uses the cached one) ' +
        'and reports its expiry and roles. Sends nothing to the WFM.',
      tags: ['operations'],
      security: [{ apiKey: [] }],
      params: TenantParams,
      response: { 200: TenantCheck, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    onRequest: authorizeTenantAccess(services)
  }, async (request) => {
    const tenant = request.tenant
    if (tenant === undefined) throw new Error('authorizeTenantAccess did not run')

    const accessToken = await services.tokens.forTenant(tenant).getToken()
    const claims = readTokenClaims(accessToken)
    request.log.info({ hasPushRole: claims?.roles.includes(pushRole) }, 'tenant check passed')
    return {
      tenant: tenant.name,
      realm: tenant.realm,
      tokenUrl: tenant.tokenUrl,
      pushUrl: tenant.pushUrl,
      token: {
        obtained: true,
        format: claims === undefined ? 'opaque' as const : 'jwt' as const,
        expiresAt: claims?.expiresAt,
        roles: claims?.roles ?? [],
        hasPushRole: claims === undefined ? null : claims.roles.includes(pushRole)
      }
    }
  })
}
