// Resolves an upload's parameters from the query (or multipart fields), the tenant's defaults
// and the chosen profile, and rejects combinations that cannot work.

import { v4 as uuidv4 } from 'uuid'
import { Value } from '@sinclair/typebox/value'
import type { ProfileConfig } from '../config/schema.js'
import type { TenantSettings } from '../config/tenant-settings.js'
import { RelayError } from '../errors.js'
import { UploadQuery } from '../routes/schemas.js'

const defaultIntervalSeconds = 900
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/u

export interface UploadParameters {
  pushToken: string
  /** The pushToken when the caller chose it; undefined when the relay generated one. */
  callerPushToken?: string
  sourceId: string
  intervalSeconds: number
  profileName?: string
  profile?: ProfileConfig
  dryRun: boolean
}

export function resolveUploadParameters (
  tenant: TenantSettings,
  profiles: Readonly<Record<string, ProfileConfig>>,
  query: UploadQuery
): UploadParameters {
  const sourceId = query.sourceId ?? tenant.sourceId
  if (sourceId === undefined) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      `sourceId is missing: tenant "${tenant.name}" has no default sourceId, so pass ` +
      '?sourceId=<ACD name>')
  }
  if (sourceId.trim() === '' || controlCharacters.test(sourceId)) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      'sourceId must be a non-empty ACD name without control characters')
  }

  const profile = query.profile === undefined ? undefined : findProfile(profiles, query.profile)
  const callerPushToken = query.pushToken?.toLowerCase()
  return {
    pushToken: callerPushToken ?? uuidv4(),
    callerPushToken,
    sourceId,
    intervalSeconds: query.interval ?? profile?.interval ?? defaultIntervalSeconds,
    profileName: query.profile,
    profile,
    dryRun: query.dryRun ?? false
  }
}

function findProfile (profiles: Readonly<Record<string, ProfileConfig>>, name: string): ProfileConfig {
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined
  if (profile === undefined) {
    const known = Object.keys(profiles)
    const hint = known.length > 0 ? `known profiles: ${known.join(', ')}` : 'no profiles are configured'
    throw new RelayError('WFM_RELAY_PROFILE_NOT_FOUND', `profile "${name}" is not configured; ${hint}`)
  }
  return profile
}

/**
 * Merges multipart form fields into the query. A field and a query parameter of the same name
 * must agree, because silently preferring one would hide a caller's mistake.
 */
export function mergeFormFields (query: UploadQuery, fields: Record<string, string>): UploadQuery {
  const merged: Record<string, unknown> = { ...query }
  for (const [name, text] of Object.entries(fields)) {
    if (!Object.hasOwn(UploadQuery.properties, name)) {
      throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
        `unknown form field "${name}"; fields may be ${Object.keys(UploadQuery.properties).join(', ')}`)
    }
    const value = Value.Convert(UploadQuery.properties[name as keyof UploadQuery], text)
    if (merged[name] !== undefined && merged[name] !== value) {
      throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
        `form field "${name}" and query parameter "${name}" differ; send it once`)
    }
    merged[name] = value
  }

  const problem = Value.Errors(UploadQuery, merged).First()
  if (problem !== undefined) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      `invalid form field ${problem.path.slice(1)}: ${problem.message}`)
  }
  return merged as UploadQuery
}
