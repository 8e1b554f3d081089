{{/* The name of every object: the release's name, with the chart's unless it already contains it. */}}
{{- define "ssegate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The labels that select the gateway pods (Service, PodDisruptionBudget, NetworkPolicy, spread). */}}
{{- define "ssegate.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{- define "ssegate.labels" -}}
{{ include "ssegate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: ssegate
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The gateway's HTTP port in the container (server.port): streams, publish API, demo. */}}
{{- define "ssegate.httpContainerPort" -}}8080{{- end -}}

{{/* The longest a stream lives: ssegate.stream.timeout plus its 10 % jitter; no proxy timeout may be shorter. */}}
{{- define "ssegate.streamLifetimeSeconds" -}}
{{- $timeout := int .Values.stream.timeoutSeconds -}}
{{- add $timeout (div (add $timeout 9) 10) -}}
{{- end -}}

{{/* The timeout that proxies get: a stream's longest life plus a minute. */}}
{{- define "ssegate.proxyTimeoutSeconds" -}}
{{- add (include "ssegate.streamLifetimeSeconds" . | int) 60 -}}
{{- end -}}

{{/* preStop sleep + drain + 15 s for the rest of the shutdown (closing Redis, the JVM). */}}
{{- define "ssegate.terminationGracePeriodSeconds" -}}
{{- add .Values.drain.preStopSleepSeconds .Values.drain.gracePeriodSeconds 15 -}}
{{- end -}}

{{/* The public paths: streams, the publish API, and the demo page at / when it is on. */}}
{{- define "ssegate.publicPaths" -}}
{{- if .Values.demo.enabled -}}
["/"]
{{- else -}}
["/sse", "/api"]
{{- end -}}
{{- end -}}

{{/* Combinations of values that the schema cannot refuse. */}}
{{- define "ssegate.validate" -}}
{{- $broker := .Values.broker -}}
{{- if eq $broker.mode "embedded" -}}
{{- if or (ne (int .Values.replicaCount) 1) .Values.autoscaling.enabled .Values.keda.enabled -}}
{{- fail "broker.mode=embedded keeps events in one pod: set replicaCount=1, autoscaling.enabled=false and keda.enabled=false (or use Redis)" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled .Values.keda.enabled -}}
{{- fail "autoscaling.enabled and keda.enabled are both true: two autoscalers would fight over the Deployment; choose one" -}}
{{- end -}}
{{- if and .Values.tracing.enabled (not .Values.tracing.otlpEndpoint) -}}
{{- fail "tracing.enabled needs tracing.otlpEndpoint (an OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces)" -}}
{{- end -}}
{{- $idp := .Values.security.identityProvider -}}
{{- if and $idp.issuerUri $idp.jwkSetUri -}}
{{- fail "security.identityProvider: set issuerUri or jwkSetUri, not both" -}}
{{- end -}}
{{- if and (not .Values.security.anonymous) (not .Values.security.hmac.existingSecret) (not .Values.security.jwks.existingSecret) (not $idp.issuerUri) (not $idp.jwkSetUri) -}}
{{- fail "no token key: set security.hmac.existingSecret, security.jwks.existingSecret or security.identityProvider, or security.anonymous=true to serve without authentication (trials only)" -}}
{{- end -}}
{{- if and (eq $broker.mode "standalone") (not $broker.standalone.url) -}}
{{- fail "broker.mode=standalone needs broker.standalone.url (redis://host:6379)" -}}
{{- end -}}
{{- if and (eq $broker.mode "sentinel") (or (not $broker.sentinel.master) (not $broker.sentinel.nodes)) -}}
{{- fail "broker.mode=sentinel needs broker.sentinel.master and broker.sentinel.nodes" -}}
{{- end -}}
{{- if and (eq $broker.mode "cluster") (not $broker.cluster.nodes) -}}
{{- fail "broker.mode=cluster needs broker.cluster.nodes" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas is above autoscaling.maxReplicas" -}}
{{- end -}}
{{- if .Values.keda.enabled -}}
{{- if not .Values.keda.prometheusServerAddress -}}
{{- fail "keda.enabled needs keda.prometheusServerAddress (the Prometheus that scrapes the gateway)" -}}
{{- end -}}
{{- if gt (int .Values.keda.minReplicas) (int .Values.keda.maxReplicas) -}}
{{- fail "keda.minReplicas is above keda.maxReplicas" -}}
{{- end -}}
{{- end -}}
{{- $np := .Values.networkPolicy -}}
{{- if $np.enabled -}}
{{- if and (not $np.proxyNamespaceSelector) (not $np.proxyPodSelector) -}}
{{- fail "networkPolicy.enabled needs networkPolicy.proxyNamespaceSelector and/or proxyPodSelector (who may reach the streams)" -}}
{{- end -}}
{{- if and (not $np.prometheusNamespaceSelector) (not $np.prometheusPodSelector) -}}
{{- fail "networkPolicy.enabled needs networkPolicy.prometheusNamespaceSelector and/or prometheusPodSelector (who may read health and metrics)" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A NetworkPolicy peer from a namespace and a pod selector, either of which may be empty. */}}
{{- define "ssegate.networkPolicyPeer" -}}
{{- $peer := dict -}}
{{- with .namespaceSelector }}{{ $_ := set $peer "namespaceSelector" . }}{{ end -}}
{{- with .podSelector }}{{ $_ := set $peer "podSelector" . }}{{ end -}}
{{- toYaml (list $peer) -}}
{{- end -}}

{{/* Removing a pod makes its clients reconnect: scale down slowly, one pod at a time (HPA and KEDA). */}}
{{- define "ssegate.scaleDownBehavior" -}}
scaleDown:
  stabilizationWindowSeconds: 300
  policies:
    - type: Pods
      value: 1
      periodSeconds: 120
{{- end -}}
