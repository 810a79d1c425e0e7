{{/* Names and labels. */}}
{{- define "sqlite-rest.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sqlite-rest.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "sqlite-rest.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ include "sqlite-rest.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels; $component is "primary" or "follower". */}}
{{- define "sqlite-rest.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sqlite-rest.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "sqlite-rest.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The configuration both the primary and the followers share, as SQLITEREST_* variables. */}}
{{- define "sqlite-rest.commonEnv" -}}
{{- $v := .Values }}
{{- if eq $v.auth.mode "disabled" }}
- {name: SQLITEREST_AUTH_DISABLED, value: "true"}
{{- else }}
{{- if not $v.auth.existingSecret }}
{{- fail "auth.existingSecret: name the Secret holding the JWT secret or RSA public key (or set auth.mode: disabled for a local cluster)" }}
{{- end }}
- name: {{ ternary "SQLITEREST_AUTH_TOKEN_FILE" "SQLITEREST_AUTH_RSA_PUBLIC_KEY" (eq $v.auth.mode "hmac") }}
  value: /etc/sqlite-rest/auth/{{ $v.auth.secretKey }}
{{- end }}
{{- with $v.auth.audience }}
- {name: SQLITEREST_AUTH_AUDIENCE, value: {{ . | quote }}}
{{- end }}
{{- with $v.auth.roleClaim }}
- {name: SQLITEREST_AUTH_ROLE_CLAIM, value: {{ . | quote }}}
{{- end }}
{{- with $v.auth.defaultRole }}
- {name: SQLITEREST_AUTH_DEFAULT_ROLE, value: {{ . | quote }}}
{{- end }}
{{- if $v.security.policy }}
- {name: SQLITEREST_SECURITY_POLICY_FILE, value: /etc/sqlite-rest/policy/policy.yaml}
{{- else if $v.security.allowTables }}
- {name: SQLITEREST_SECURITY_ALLOW_TABLE, value: {{ join "," $v.security.allowTables | quote }}}
{{- end }}
{{- with $v.corsAllowedOrigins }}
- {name: SQLITEREST_CORS_ALLOWED_ORIGINS, value: {{ . | quote }}}
{{- end }}
{{- with $v.maxBodyBytes }}
- {name: SQLITEREST_MAX_BODY_BYTES, value: {{ . | quote }}}
{{- end }}
- {name: SQLITEREST_SHUTDOWN_TIMEOUT, value: {{ printf "%ds" (int $v.shutdownTimeoutSeconds) | quote }}}
{{- if ne (toString $v.logLevel) "" }}
- {name: SQLITEREST_LOG_LEVEL, value: {{ $v.logLevel | quote }}}
{{- end }}
{{- with $v.javaOpts }}
- {name: SQLITEREST_JAVA_OPTS, value: {{ . | quote }}}
{{- end }}
{{- with $v.replication.region }}
- {name: AWS_REGION, value: {{ . | quote }}}
{{- end }}
{{- with $v.replication.credentials.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ . }}, key: {{ $v.replication.credentials.accessKeyIdKey }}}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ . }}, key: {{ $v.replication.credentials.secretAccessKeyKey }}}}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Ports, probes, security and mounts of the sqlite-rest container (primary and followers). */}}
{{- define "sqlite-rest.containerCommon" -}}
image: {{ include "sqlite-rest.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - {name: http, containerPort: 8080}
  - {name: metrics, containerPort: 8081}
# /live answers as soon as the process serves; /ready only once the database is open (and, with
# replication, restored), and again 503 during shutdown
startupProbe:
  httpGet: {path: /live, port: metrics}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /live, port: metrics}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /ready, port: metrics}
  periodSeconds: 5
  failureThreshold: 2
resources: {{- toYaml .Values.resources | nindent 2 }}
securityContext: {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - {name: data, mountPath: /data}
  - {name: tmp, mountPath: /tmp}
{{- if ne .Values.auth.mode "disabled" }}
  - {name: auth, mountPath: /etc/sqlite-rest/auth, readOnly: true}
{{- end }}
{{- if .Values.security.policy }}
  - {name: policy, mountPath: /etc/sqlite-rest/policy, readOnly: true}
{{- end }}
{{- end }}

{{/* Pod-level settings and volumes shared by the primary and the followers (not the data volume). */}}
{{- define "sqlite-rest.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
securityContext: {{- toYaml .Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ add (mul 2 (int .Values.shutdownTimeoutSeconds)) 15 }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "sqlite-rest.commonVolumes" -}}
- name: tmp
  emptyDir: {}
{{- if ne .Values.auth.mode "disabled" }}
- name: auth
  secret:
    secretName: {{ .Values.auth.existingSecret }}
    items: [{key: {{ .Values.auth.secretKey }}, path: {{ .Values.auth.secretKey }}}]
{{- end }}
{{- if .Values.security.policy }}
- name: policy
  configMap:
    name: {{ include "sqlite-rest.fullname" . }}-policy
{{- end }}
{{- end }}

{{/* Pod annotations: Prometheus scraping and a checksum that rolls the pods when the policy changes. */}}
{{- define "sqlite-rest.podAnnotations" -}}
{{- if .Values.metrics.scrapeAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: "8081"
prometheus.io/path: /metrics
{{- end }}
{{- if .Values.security.policy }}
checksum/policy: {{ .Values.security.policy | sha256sum }}
{{- end }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}
