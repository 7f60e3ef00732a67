{{/*
Shared names, labels and the relay config. test/packaging/helm-chart.test.ts renders these
templates with a small Go-template emulation, so they use only the functions listed in
helm/wfm-relay/README.md.
*/}}

{{/* Chart name, at most 63 characters because Kubernetes labels are limited to that. */}}
{{- define "wfm-relay.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name used for every object of the release. */}}
{{- define "wfm-relay.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "wfm-relay.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "wfm-relay.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "wfm-relay.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wfm-relay.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wfm-relay.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "wfm-relay.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "wfm-relay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wfm-relay.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wfm-relay.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Folder of the mounted client secrets: <folder>/<tenant>/client-secret. Each tenant's folder is
a volume of its own, so the relay's config reloader, which watches the folder of each secret
file, sees the `..data` symlink that Kubernetes swaps there when the Secret changes.
*/}}
{{- define "wfm-relay.secretsDir" -}}
/etc/wfm-relay/secrets
{{- end }}

{{/* Volume name of a tenant's secret: a DNS label of at most 63 characters. */}}
{{- define "wfm-relay.tenantSecretVolume" -}}
{{- if le (len .) 49 }}
{{- printf "tenant-secret-%s" . }}
{{- else }}
{{- printf "tenant-secret-%s" (sha256sum . | trunc 16) }}
{{- end }}
{{- end }}

{{/* Name of the Secret the chart creates for tenants whose clientSecret is {value: ...}. */}}
{{- define "wfm-relay.clientSecretsName" -}}
{{- printf "%s-client-secrets" (include "wfm-relay.fullname" .) }}
{{- end }}

{{/*
Folder of the mounted caller key digests: <folder>/<caller>/key-sha256. Each caller with
keySha256From has a volume of its own, for the same reason as the tenant secrets.
*/}}
{{- define "wfm-relay.callerKeysDir" -}}
/etc/wfm-relay/callers
{{- end }}

{{/* Volume name of a caller's key digests: a DNS label of at most 63 characters. */}}
{{- define "wfm-relay.callerKeysVolume" -}}
{{- if le (len .) 51 }}
{{- printf "caller-keys-%s" . }}
{{- else }}
{{- printf "caller-keys-%s" (sha256sum . | trunc 16) }}
{{- end }}
{{- end }}

{{/* Name of the Secret the chart creates for callers whose keySha256From is {value: [...]}. */}}
{{- define "wfm-relay.callerKeysName" -}}
{{- printf "%s-caller-keys" (include "wfm-relay.fullname" .) }}
{{- end }}

{{/*
The relay's config.yaml: .Values.config with each tenant's clientSecret and each caller's
keySha256From replaced by a file reference to the mounted Secret. The callers are a deep copy,
because set changes a map in place and the other templates read the original values. toYaml
sorts the keys, which the relay does not mind.
*/}}
{{- define "wfm-relay.config" -}}
{{- $config := omit .Values.config "tenants" "callers" }}
{{- $tenants := dict }}
{{- range $name, $tenant := .Values.config.tenants }}
{{- $secretFile := printf "%s/%s/client-secret" (include "wfm-relay.secretsDir" $) $name }}
{{- $_ := set $tenants $name (set (omit $tenant "clientSecret") "clientSecret" (dict "file" $secretFile)) }}
{{- end }}
{{- $_ := set $config "tenants" $tenants }}
{{- $callers := deepCopy .Values.config.callers }}
{{- range $callers }}
{{- if hasKey . "keySha256From" }}
{{- $keyFile := printf "%s/%s/key-sha256" (include "wfm-relay.callerKeysDir" $) .name }}
{{- $_ := set . "keySha256From" (dict "file" $keyFile) }}
{{- end }}
{{- end }}
{{- $_ := set $config "callers" $callers }}
{{- toYaml $config }}
{{- end }}
