{{- define "stevedore.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "stevedore.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "stevedore.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "stevedore.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "stevedore.labels" -}}
app.kubernetes.io/name: {{ include "stevedore.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "stevedore.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stevedore.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "stevedore.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stevedore.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "stevedore.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The rules the operator needs in every namespace it watches (kept in one place for Role and ClusterRole): exactly
the verbs it uses. e2e ChartRbacE2E runs the operator as this chart's ServiceAccount and fails on a permission
missing here and on one granted here that no scenario uses.
*/}}
{{- define "stevedore.namespacedRules" -}}
# Its own resources: read through informers; it writes their status, by server-side apply.
- apiGroups: ["ecs.stevedore.dev"]
  resources: ["taskdefinitions", "ecsservices", "ecsclusters", "ecstasks"]
  verbs: ["list", "watch"]
- apiGroups: ["ecs.stevedore.dev"]
  resources: ["taskdefinitions/status", "ecsservices/status", "ecsclusters/status", "ecstasks/status"]
  verbs: ["patch"]
# A service's pre-deploy tasks (spec.preDeployTask): server-side apply creates them, and sets desiredStatus STOPPED
# on one that timed out.
- apiGroups: ["ecs.stevedore.dev"]
  resources: ["ecstasks"]
  verbs: ["create", "patch"]
# An auto scaled service made without a count gets its minimum (one merge patch of spec.desiredCount).
- apiGroups: ["ecs.stevedore.dev"]
  resources: ["ecsservices"]
  verbs: ["patch"]
# Workloads and the Kubernetes Service: server-side apply (patch, and create when absent); deleted when the service
# no longer wants them (REPLICA <-> DAEMON, a capacity provider dropped, no container port left).
- apiGroups: ["apps"]
  resources: ["deployments", "daemonsets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Service auto scaling: one HorizontalPodAutoscaler per autoscaled service, on the EcsService's scale subresource.
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# The AWS Load Balancer Controller's TargetGroupBindings, one per target group of a service's loadBalancers: used
# only where the cluster serves the kind (API discovery tells, open to every user). Server-side apply creates them,
# a replace (patch) restores them, and they are deleted with their target group.
- apiGroups: ["elbv2.k8s.aws"]
  resources: ["targetgroupbindings"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Task definition revisions: created (after a server-side dry run), labelled INACTIVE, deleted by retention.
- apiGroups: ["apps"]
  resources: ["controllerrevisions"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Task roles: server-side apply; garbage collection deletes them with their service.
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["list", "watch", "create", "patch"]
# Observed for status.
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["list", "watch"]
# Pods: observed for status; standalone tasks (EcsTask) are bare pods, created once per task and deleted by
# StopTask, when an essential container exited, and when a stopped task's retention ends.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "create", "delete"]
# A family's revision counter: read from the API server, created, then updated with optimistic concurrency.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The namespace the ECS endpoint serves: ecsApi.namespace, else the one watched namespace, else the release's. */}}
{{- define "stevedore.ecsApiNamespace" -}}
{{- if .Values.ecsApi.namespace -}}
{{- .Values.ecsApi.namespace -}}
{{- else if eq (len .Values.watchNamespaces) 1 -}}
{{- first .Values.watchNamespaces -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}
