{{/* The release's name prefix: the release name when it already says toolgate, else <release>-toolgate. */}}
{{- define "toolgate.fullname" -}}
{{- if contains "toolgate" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-toolgate" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "toolgate.operator.name" -}}{{ include "toolgate.fullname" . }}-operator{{- end -}}
{{- define "toolgate.gateway.name" -}}{{ include "toolgate.fullname" . }}-gateway{{- end -}}

{{- /* The Secret of the identity-token keys: the user's, else the one the chart creates. */ -}}
{{- define "toolgate.identity.secret" -}}{{ .Values.identity.existingSecret | default (printf "%s-identity-keys" (include "toolgate.fullname" .)) }}{{- end -}}

{{- /* Where workers fetch the identity keys: the JWKS Service, on the pods' own port number. */ -}}
{{- define "toolgate.gateway.jwksUrl" -}}
{{- printf "http://%s-jwks.%s.svc.%s:%d/.well-known/jwks.json" (include "toolgate.gateway.name" .) .Release.Namespace .Values.cluster.domain (.Values.gateway.jwksPort | int) -}}
{{- end -}}

{{/* The McpGateway of this installation: the operator compiles for it, the gateway reports to it. */}}
{{- define "toolgate.mcpGateway" -}}{{ include "toolgate.fullname" . }}{{- end -}}

{{/* The operator writes this ConfigMap; its name is fixed in the operator (ToolgateNames). */}}
{{- define "toolgate.gateway.configMap" -}}toolgate-gateway-config{{- end -}}

{{- define "toolgate.labels" -}}
app.kubernetes.io/part-of: toolgate
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Labels of pod templates besides their selector labels. */}}
{{- define "toolgate.podLabels" -}}
app.kubernetes.io/part-of: toolgate
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Operator pods. */}}
{{- define "toolgate.operator.selectorLabels" -}}
app.kubernetes.io/name: toolgate-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Gateway pods. app.kubernetes.io/name=toolgate-gateway is what worker NetworkPolicies admit; the
instance label keeps two installations apart (passed to the operator as --gateway-pod-labels).
*/}}
{{- define "toolgate.gateway.selectorLabels" -}}
app.kubernetes.io/name: toolgate-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "toolgate.image" -}}
{{- $root := index . 0 -}}
{{- $repository := index . 1 -}}
{{- $tag := $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if $root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $root.Values.image.registry) $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* k=v,k=v from a map, in key order. */}}
{{- define "toolgate.labelList" -}}
{{- $pairs := list -}}
{{- range $k, $v := . -}}{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
