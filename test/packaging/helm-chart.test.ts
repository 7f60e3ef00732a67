import t from 'tap'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Ajv } from 'ajv'
import { parse, parseAllDocuments } from 'yaml'
import { sha256Hex } from '../../src/auth/api-keys.js'
import { parseConfigText } from '../../src/config/load.js'
import { RelayConfig } from '../../src/config/schema.js'
import {
  chartDir, chartFiles, hasValuePath, schemaPropertyPaths, templateValuePaths
} from './helpers/chart-checks.js'
import { isDict, type Dict } from './helpers/go-template/values.js'
import { chartDefaultValues, mergeValues, readYaml11, renderChart } from './helpers/helm-chart.js'

const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Dict
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)
const defaults = chartDefaultValues(chartDir)
const readValues = (file: string): Dict => readYaml11(readFileSync(join(chartDir, file), 'utf8')) as Dict
const ciValues = readValues('ci/tenants-values.yaml')
const autoscalingValues = readValues('ci/autoscaling-values.yaml')
const secretsDir = '/etc/wfm-relay/secrets'
const callersDir = '/etc/wfm-relay/callers'

/** The Secrets that ci/tenants-values.yaml names with existingSecret, as an operator would create them. */
const existingSecrets: Record<string, Record<string, string>> = {
  'acme-wfm-client': { 'client-secret': 'acme-secret\n' },
  'relay-caller-keys': {
    reports: `${sha256Hex('reports-key')}\n`,
    monitoring: `# rotation in progress\n${sha256Hex('monitoring-key-1')}\n${sha256Hex('monitoring-key-2')}\n`
  },
  'billing-api-keys': { 'key-sha256': sha256Hex('billing-key') }
}

/** Returns the schema errors of values merged over values.yaml, as "path: message" lines. */
function schemaErrors (override: Dict): string[] {
  if (validate(mergeValues(defaults, override))) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''}`)
}

/** Renders the chart and parses each manifest. */
function renderManifests (values: Dict): Dict[] {
  const manifests: Dict[] = []
  for (const [file, text] of renderChart(chartDir, { values })) {
    if (file === 'NOTES.txt') continue
    for (const document of parseAllDocuments(text, { version: '1.1' })) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message ?? ''}`)
      const manifest = document.toJS() as unknown
      if (isDict(manifest)) manifests.push(manifest)
    }
  }
  return manifests
}

/** Returns the manifest of a kind. For a kind the chart renders several of, give the name too. */
function manifestOf (manifests: Dict[], kind: string, name?: string): Dict | undefined {
  const matches = manifests.filter((manifest) =>
    manifest.kind === kind && (name === undefined || dig(manifest, 'metadata', 'name') === name))
  if (matches.length > 1) throw new Error(`${matches.length} manifests of kind ${kind}; pass a name`)
  return matches[0]
}

function kindsOf (manifests: Dict[]): string[] {
  return manifests.map((manifest) => String(manifest.kind)).sort()
}

/** Returns a Secret's data as text: a Secret the chart renders, or else one of existingSecrets. */
function secretData (manifests: Dict[], name: string): Record<string, string> {
  const rendered = manifestOf(manifests, 'Secret', name)
  if (rendered === undefined) {
    const existing = existingSecrets[name]
    if (existing === undefined) throw new Error(`Secret ${name} is neither rendered nor in existingSecrets`)
    return existing
  }
  const entries = Object.entries(rendered.data as Record<string, string>)
  return Object.fromEntries(entries.map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]))
}

/**
 * Writes the files of the Deployment's Secret volumes below root, each at its mount path, as the
 * kubelet would, and returns the ConfigMap's config.yaml with its paths moved below root.
 */
function mountedConfig (manifests: Dict[], root: string): string {
  const pod = dig(manifestOf(manifests, 'Deployment'), 'spec', 'template', 'spec')
  for (const mount of dig(pod, 'containers', 0, 'volumeMounts') as Dict[]) {
    const volume = (pod.volumes as Dict[]).find((candidate) => candidate.name === mount.name)
    if (!isDict(volume?.secret)) continue

    const data = secretData(manifests, String(volume.secret.secretName))
    for (const item of volume.secret.items as Array<{ key: string, path: string }>) {
      const value = data[item.key]
      if (value === undefined) throw new Error(`Secret ${String(volume.secret.secretName)} has no key ${item.key}`)
      const file = join(root, String(mount.mountPath), item.path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, value)
    }
  }
  const configText = String(dig(manifestOf(manifests, 'ConfigMap'), 'data', 'config.yaml'))
  return configText.replaceAll('/etc/wfm-relay/', `${root}/etc/wfm-relay/`)
}

function dig (value: unknown, ...path: Array<string | number>): any {
  return path.reduce<any>((current, key) => current?.[key], value)
}

t.test('chart plain yaml files parse', async (t) => {
  const yamlFiles = chartFiles().filter((file) => /\.ya?ml$/.test(file))
  const plain = yamlFiles.filter((file) => !readFileSync(join(chartDir, file), 'utf8').includes('{{'))
  t.same(plain, ['Chart.yaml', 'ci/autoscaling-values.yaml', 'ci/tenants-values.yaml', 'values.yaml'])
  for (const file of plain) {
    t.doesNotThrow(() => parse(readFileSync(join(chartDir, file), 'utf8'), { prettyErrors: true }), file)
  }
})

t.test('chart metadata matches the package', async (t) => {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8'))
  t.equal(chart.apiVersion, 'v2')
  t.equal(chart.name, 'wfm-relay')
  t.equal(chart.appVersion, packageJson.version)
})

t.test('chart values match the schema', async (t) => {
  t.same(schemaErrors({}), [], 'values.yaml')
  t.same(schemaErrors(ciValues), [], 'ci/tenants-values.yaml')
  t.same(schemaErrors(autoscalingValues), [], 'ci/autoscaling-values.yaml')
})

t.test('chart schema rejects bad values', async (t) => {
  const cases: Array<[string, Dict, string]> = [
    ['replica count as text', { replicaCount: 'two' }, '/replicaCount: must be integer'],
    ['unknown top-level key', { replicas: 2 }, ': must NOT have additional properties'],
    ['tenant name with a dot', { config: { tenants: { 'acme.evil': { clientId: 'x', clientSecret: { value: 's' } } } } },
      '/config/tenants: must NOT have additional properties'],
    ['tenant without a secret', { config: { tenants: { acme: { clientId: 'x' } } } },
      "/config/tenants/acme: must have required property 'clientSecret'"],
    ['secret as env reference', { config: { tenants: { acme: { clientId: 'x', clientSecret: { env: 'ACME' } } } } },
      '/config/tenants/acme/clientSecret: must match exactly one schema in oneOf'],
    ['secret value and existing secret', { config: { tenants: { acme: { clientId: 'x', clientSecret: { value: 's', existingSecret: 'n' } } } } },
      '/config/tenants/acme/clientSecret: must match exactly one schema in oneOf'],
    ['relative data directory', { config: { dataDir: 'data' } }, '/config/dataDir: must match pattern "^/"'],
    ['listen port 0', { config: { listen: { port: 0 } } }, '/config/listen/port: must be >= 1'],
    ['chunk size over 2 MB', { config: { wfm: { maxChunkBytes: 2_000_001 } } }, '/config/wfm/maxChunkBytes: must be <= 2000000'],
    ['short key digest', { config: { callers: [{ name: 'etl', keySha256: ['abc'], tenants: ['acme'] }] } },
      '/config/callers/0/keySha256/0: must match pattern "^[0-9a-f]{64}$"'],
    ['caller without digests', { config: { callers: [{ name: 'etl', tenants: ['acme'] }] } },
      '/config/callers/0: must match a schema in anyOf'],
    ['caller digests as file reference', { config: { callers: [{ name: 'etl', keySha256From: { file: '/k' }, tenants: ['acme'] }] } },
      '/config/callers/0/keySha256From: must match exactly one schema in oneOf'],
    ['caller digests value and existing secret',
      { config: { callers: [{ name: 'etl', keySha256From: { value: ['a'.repeat(64)], existingSecret: 'n' }, tenants: ['acme'] }] } },
      '/config/callers/0/keySha256From: must match exactly one schema in oneOf'],
    ['short digest in a caller secret', { config: { callers: [{ name: 'etl', keySha256From: { value: ['abc'] }, tenants: ['acme'] }] } },
      '/config/callers/0/keySha256From/value/0: must match pattern "^[0-9a-f]{64}$"'],
    ['caller secret with a name unfit for a folder',
      { config: { callers: [{ name: 'Nightly ETL', keySha256From: { existingSecret: 'n' }, tenants: ['acme'] }] } },
      '/config/callers/0/name: must match pattern "^[a-z0-9][a-z0-9-]{0,62}$"'],
    ['missing push url', { config: { wfm: { pushUrlTemplate: null } } }, "/config/wfm: must have required property 'pushUrlTemplate'"],
    ['unknown log level', { config: { logLevel: 'verbose' } }, '/config/logLevel: must be equal to one of the allowed values'],
    ['egress without ports', { networkPolicy: { egress: [{ cidr: '203.0.113.10/32' }] } },
      "/networkPolicy/egress/0: must have required property 'ports'"],
    ['image digest without algorithm', { image: { digest: '0123' } }, '/image/digest: must match pattern "^(sha256:[0-9a-f]{64})?$"']
  ]
  for (const [name, override, expected] of cases) {
    t.ok(schemaErrors(override).includes(expected), `${name}: ${schemaErrors(override).join('; ')}`)
  }

  const inlineCaller = { name: 'Nightly ETL', keySha256: ['a'.repeat(64)], tenants: ['acme'] }
  t.same(schemaErrors({ config: { callers: [inlineCaller] } }), [], 'any name for a caller with inline digests')
})

t.test('chart template value paths exist', async (t) => {
  const used = templateValuePaths()
  for (const path of used) t.ok(hasValuePath(defaults, path), `.Values.${path} is in values.yaml`)

  for (const key of Object.keys(defaults)) {
    t.ok([...used].some((path) => path === key || path.startsWith(`${key}.`)), `${key} is used by a template`)
  }
})

t.test('chart config schema follows the relay schema', async (t) => {
  // The chart replaces clientSecret and keySha256From with its Secret references, and everything
  // else is the relay's.
  const stopAt = new Set(['tenants.*.clientSecret', 'callers.[].keySha256From'])
  const chartConfig = dig(schema, 'properties', 'config')
  t.same(schemaPropertyPaths(chartConfig, stopAt), schemaPropertyPaths(RelayConfig, stopAt))
})

t.test('chart default render', async (t) => {
  const manifests = renderManifests({})
  t.same(kindsOf(manifests), ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount'])

  const configText = String(dig(manifestOf(manifests, 'ConfigMap'), 'data', 'config.yaml'))
  const runtime = parseConfigText(configText, 'ConfigMap', {})
  t.same(runtime.config.listen, { host: '0.0.0.0', port: 8080 })
  t.equal(runtime.config.dataDir, '/var/lib/wfm-relay')

  const deployment = manifestOf(manifests, 'Deployment')
  const pod = dig(deployment, 'spec', 'template', 'spec')
  const container = dig(pod, 'containers', 0)
  t.equal(dig(deployment, 'spec', 'template', 'metadata', 'annotations', 'checksum/config'),
    createHash('sha256').update(configText.replace(/\n$/, '')).digest('hex'))
  t.same(pod.securityContext, {
    fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' }
  })
  t.same(container.securityContext, {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' }
  })
  t.same(container.livenessProbe.httpGet, { path: '/healthz', port: 'http' })
  t.same(container.readinessProbe.httpGet, { path: '/readyz', port: 'http' })
  t.same(container.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }])
  t.same(container.env, [{ name: 'WFM_RELAY_CONFIG', value: '/etc/wfm-relay/config/config.yaml' }])
  t.same(container.volumeMounts, [
    { name: 'config', mountPath: '/etc/wfm-relay/config', readOnly: true },
    { name: 'data', mountPath: '/var/lib/wfm-relay' }
  ])
  t.same(pod.volumes[1], { name: 'data', emptyDir: { sizeLimit: '10Gi' } })
  t.same(container.lifecycle, { preStop: { exec: { command: ['sleep', '5'] } } })
  t.equal(dig(deployment, 'spec', 'replicas'), 1)
  t.equal(dig(deployment, 'spec', 'strategy'), undefined, 'rolling update by default')
})

t.test('chart render with every option', async (t) => {
  const manifests = renderManifests(ciValues)
  t.same(kindsOf(manifests), [
    'ConfigMap', 'Deployment', 'NetworkPolicy', 'PersistentVolumeClaim', 'Secret', 'Secret', 'Service',
    'ServiceAccount', 'ServiceMonitor'
  ])

  // The relay reads the secrets from files in the Secret volumes; here a temporary folder stands
  // for the mounts.
  const runtime = parseConfigText(mountedConfig(manifests, t.testdir()), 'ConfigMap', {})
  const secret = manifestOf(manifests, 'Secret', 'relay-wfm-relay-client-secrets')

  t.same([...runtime.tenants.keys()], ['acme', 'globex'])
  t.equal(runtime.tenants.get('acme')?.clientSecret, 'acme-secret')
  t.equal(runtime.tenants.get('globex')?.clientSecret, 'globex-client-secret-for-tests')
  t.equal(runtime.tenants.get('globex')?.tokenUrl,
    'https://sso.example.com/auth/realms/globex-prod/protocol/openid-connect/token')
  t.equal(runtime.tenants.get('globex')?.maxChunkBytes, 1_500_000)
  t.equal(runtime.upstream.maxAttempts, 3)
  t.same(runtime.callers.map((caller) => caller.name), ['nightly-etl', 'reports', 'monitoring', 'billing', 'acme-portal'])
  t.ok(runtime.config.profiles.hihix, 'profile passed through')

  const deployment = manifestOf(manifests, 'Deployment')
  const pod = dig(deployment, 'spec', 'template', 'spec')
  t.same(pod.volumes.slice(1, 3), [
    {
      name: 'tenant-secret-acme',
      secret: { secretName: 'acme-wfm-client', defaultMode: 0o440, items: [{ key: 'client-secret', path: 'client-secret' }] }
    },
    {
      name: 'tenant-secret-globex',
      secret: { secretName: 'relay-wfm-relay-client-secrets', defaultMode: 0o440, items: [{ key: 'globex', path: 'client-secret' }] }
    }
  ])
  t.same(pod.volumes.at(-1), { name: 'data', persistentVolumeClaim: { claimName: 'relay-wfm-relay-data' } })
  t.same(dig(pod, 'containers', 0, 'volumeMounts').slice(1, 3), [
    { name: 'tenant-secret-acme', mountPath: `${secretsDir}/acme`, readOnly: true },
    { name: 'tenant-secret-globex', mountPath: `${secretsDir}/globex`, readOnly: true }
  ])
  t.same(dig(deployment, 'spec', 'strategy'), { type: 'Recreate' }, 'the old pod releases the claim first')
  t.same(Object.keys(dig(secret, 'data')), ['globex'], 'only chart-managed secrets are in the Secret')
  t.equal(dig(manifestOf(manifests, 'ServiceMonitor'), 'spec', 'endpoints', 0, 'path'), '/metrics')
})

t.test('chart caller key secrets', async (t) => {
  const manifests = renderManifests(ciValues)
  const runtime = parseConfigText(mountedConfig(manifests, t.testdir()), 'ConfigMap', {})
  const digests = Object.fromEntries(runtime.callers.map((caller) =>
    [caller.name, caller.keyDigests.map((digest) => digest.toString('hex'))]))
  t.same(digests, {
    'nightly-etl': ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    reports: [sha256Hex('reports-key')],
    monitoring: [sha256Hex('monitoring-key-1'), sha256Hex('monitoring-key-2')],
    billing: [sha256Hex('billing-key')],
    'acme-portal': ['60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752', sha256Hex('foo'), sha256Hex('bar')]
  }, 'inline digests, digests from existing Secrets and from the chart\'s Secret')

  const config = parse(String(dig(manifestOf(manifests, 'ConfigMap'), 'data', 'config.yaml')))
  t.same(config.callers[4], {
    keySha256: ['60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752'],
    keySha256From: { file: `${callersDir}/acme-portal/key-sha256` },
    name: 'acme-portal',
    tenants: ['acme']
  }, 'inline digests stay next to the file reference')

  const secret = manifestOf(manifests, 'Secret', 'relay-wfm-relay-caller-keys')
  t.same(secretData(manifests, 'relay-wfm-relay-caller-keys'), { 'acme-portal': `${sha256Hex('foo')}\n${sha256Hex('bar')}\n` })
  t.same(dig(secret, 'metadata', 'labels', 'app.kubernetes.io/instance'), 'relay')

  const pod = dig(manifestOf(manifests, 'Deployment'), 'spec', 'template', 'spec')
  const volume = (name: string, secretName: string, key: string): Dict => ({
    name: `caller-keys-${name}`,
    secret: { secretName, defaultMode: 0o440, items: [{ key, path: 'key-sha256' }] }
  })
  t.same(pod.volumes.slice(3, -1), [
    volume('reports', 'relay-caller-keys', 'reports'),
    volume('monitoring', 'relay-caller-keys', 'monitoring'),
    volume('billing', 'billing-api-keys', 'key-sha256'),
    volume('acme-portal', 'relay-wfm-relay-caller-keys', 'acme-portal')
  ], 'one volume a caller; the key defaults to the caller\'s name')
  t.same(dig(pod, 'containers', 0, 'volumeMounts').slice(3, -1), ['reports', 'monitoring', 'billing', 'acme-portal']
    .map((name) => ({ name: `caller-keys-${name}`, mountPath: `${callersDir}/${name}`, readOnly: true })))
})

t.test('chart network policy', async (t) => {
  const policy = manifestOf(renderManifests(ciValues), 'NetworkPolicy')
  t.same(dig(policy, 'spec', 'egress'), [
    { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    {
      to: [{ ipBlock: { cidr: '198.51.100.0/24' } }],
      ports: [{ port: 443, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }]
    },
    {
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }
      }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]
    }
  ])
  t.same(dig(policy, 'spec', 'ingress'), [{
    ports: [{ port: 'http', protocol: 'TCP' }],
    from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'etl' } } }]
  }])
})

t.test('chart config change rolls pods', async (t) => {
  const checksum = (values: Dict, name = 'checksum/config'): unknown => {
    const deployment = manifestOf(renderManifests(values), 'Deployment')
    return dig(deployment, 'spec', 'template', 'metadata', 'annotations', name)
  }
  t.not(checksum({ config: { logLevel: 'debug' } }), checksum({}))
  t.equal(checksum({ replicaCount: 3 }), checksum({}), 'other values leave it unchanged')
  t.equal(checksum({ rollOnConfigChange: false }), undefined)

  const callerKeys = (digest: string): Dict =>
    ({ config: { callers: [{ name: 'etl', keySha256From: { value: [digest] }, tenants: ['acme'] }] } })
  const [first, second] = [callerKeys('a'.repeat(64)), callerKeys('b'.repeat(64))]
  t.not(checksum(first, 'checksum/caller-keys'), checksum(second, 'checksum/caller-keys'), 'a digest in the chart\'s Secret')
  t.equal(checksum(first), checksum(second), 'the config only names the digest file')
})

t.test('chart render with autoscaling', async (t) => {
  const manifests = renderManifests(autoscalingValues)
  t.same(kindsOf(manifests), [
    'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'ServiceAccount'
  ])
  const deployment = manifestOf(manifests, 'Deployment')
  const template = dig(deployment, 'spec', 'template')
  t.equal(dig(deployment, 'spec', 'replicas'), undefined, 'the autoscaler owns the replica count')
  t.same(dig(manifestOf(manifests, 'HorizontalPodAutoscaler'), 'spec', 'minReplicas'), 2)
  t.same(dig(manifestOf(manifests, 'PodDisruptionBudget'), 'spec', 'maxUnavailable'), 1)
  t.equal(template.metadata.annotations, undefined, 'no checksums with rollOnConfigChange off')
  t.equal(dig(template, 'spec', 'containers', 0, 'lifecycle'), undefined, 'no pre-stop pause')
  t.same(dig(template, 'spec', 'volumes', 2), { name: 'data', emptyDir: {} })
})

t.test('chart secret volume names', async (t) => {
  const longName = `a${'b'.repeat(61)}c`
  const values = { config: { tenants: { [longName]: { clientId: 'x', clientSecret: { existingSecret: 's' } } } } }
  t.same(schemaErrors(values), [])
  const volume = dig(manifestOf(renderManifests(values), 'Deployment'), 'spec', 'template', 'spec', 'volumes', 1)
  const expected = `tenant-secret-${createHash('sha256').update(longName).digest('hex').slice(0, 16)}`
  t.equal(volume.name, expected, 'a long tenant name is hashed into a 63-character label')
  t.ok(volume.name.length <= 63)
})

t.test('chart caller volume names', async (t) => {
  const longName = `a${'b'.repeat(61)}c`
  const values = { config: { callers: [{ name: longName, keySha256From: { existingSecret: 's' }, tenants: ['acme'] }] } }
  t.same(schemaErrors(values), [])
  const volumes = dig(manifestOf(renderManifests(values), 'Deployment'), 'spec', 'template', 'spec', 'volumes')
  const expected = `caller-keys-${createHash('sha256').update(longName).digest('hex').slice(0, 16)}`
  t.equal(volumes[1].name, expected, 'a long caller name is hashed into a 63-character label')
})

t.test('chart caller names unique', async (t) => {
  const caller = { name: 'etl', keySha256From: { existingSecret: 's' }, tenants: ['acme'] }
  t.throws(() => renderChart(chartDir, { values: { config: { callers: [caller, caller] } } }),
    /config\.callers: two callers with keySha256From are named "etl"/)
  const inline = { name: 'etl', keySha256: ['a'.repeat(64)], tenants: ['acme'] }
  t.doesNotThrow(() => renderChart(chartDir, { values: { config: { callers: [caller, inline] } } }),
    'a caller with inline digests needs no folder')
})

t.test('chart persistence needs one replica', async (t) => {
  const message = /one relay process must own a data directory/
  t.throws(() => renderChart(chartDir, { values: { persistence: { enabled: true }, replicaCount: 2 } }), message)
  t.throws(() => renderChart(chartDir, { values: { persistence: { enabled: true }, autoscaling: { enabled: true } } }), message)
  t.doesNotThrow(() => renderChart(chartDir, { values: { persistence: { enabled: true } } }))
})
