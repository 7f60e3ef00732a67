// Settings of every relay process the bench starts: the Node flags of the container image unless
// --relay-node-flags overrides them, and the relay's default per-tenant job limit unless
// --jobs-per-tenant sets one.

import { JobsConfig } from '../../src/config/schema.js'
import { readImageNodeFlags } from './image-node-flags.js'
import { projectFile } from './project-files.js'

export interface RelaySettings {
  /** Node flags of the relay child process only. The bench process runs without them. */
  nodeFlags: string[]
  nodeFlagsSource: 'Dockerfile CMD' | '--relay-node-flags'
  /** The relay's jobs.maxConcurrentJobsPerTenant. */
  jobsPerTenant: number
  /** The relay's jobs.maxConcurrentJobs, which caps jobsPerTenant. */
  maxConcurrentJobs: number
  /** 'relay default' leaves both job limits out of the relay config. */
  jobsSource: 'relay default' | '--jobs-per-tenant'
}

const jobLimits = JobsConfig.properties
export const defaultJobsPerTenant = Number(jobLimits.maxConcurrentJobsPerTenant.default)
const defaultMaxConcurrentJobs = Number(jobLimits.maxConcurrentJobs.default)

/** The range the relay's config schema accepts for jobs.maxConcurrentJobsPerTenant. */
export const jobsPerTenantRange = {
  min: Number(jobLimits.maxConcurrentJobsPerTenant.minimum),
  max: Number(jobLimits.maxConcurrentJobsPerTenant.maximum)
}

export async function resolveRelaySettings (
  options: { relayNodeFlags?: string[], jobsPerTenant?: number }
): Promise<RelaySettings> {
  const nodeFlags = options.relayNodeFlags ?? await readImageNodeFlags(projectFile('Dockerfile'))
  const nodeFlagsSource = options.relayNodeFlags === undefined ? 'Dockerfile CMD' : '--relay-node-flags'
  if (options.jobsPerTenant === undefined) {
    return {
      nodeFlags,
      nodeFlagsSource,
      jobsPerTenant: defaultJobsPerTenant,
      maxConcurrentJobs: defaultMaxConcurrentJobs,
      jobsSource: 'relay default'
    }
  }

  // The process-wide limit is raised with the per-tenant one, because the bench has one tenant
  // and would otherwise get at most the default maxConcurrentJobs whatever --jobs-per-tenant sets.
  return {
    nodeFlags,
    nodeFlagsSource,
    jobsPerTenant: options.jobsPerTenant,
    maxConcurrentJobs: Math.max(options.jobsPerTenant, defaultMaxConcurrentJobs),
    jobsSource: '--jobs-per-tenant'
  }
}

/** Returns the `jobs` section of the relay config: none for the relay's defaults. */
export function jobsConfigSection (settings: RelaySettings): Record<string, number> | undefined {
  if (settings.jobsSource === 'relay default') return undefined
  return { maxConcurrentJobsPerTenant: settings.jobsPerTenant, maxConcurrentJobs: settings.maxConcurrentJobs }
}

/** Describes the flags for the report, such as "--max-old-space-size=256 (from Dockerfile CMD)". */
export function describeNodeFlags (settings: RelaySettings): string {
  const flags = settings.nodeFlags.length === 0 ? 'none' : settings.nodeFlags.join(' ')
  return `${flags} (from ${settings.nodeFlagsSource})`
}
