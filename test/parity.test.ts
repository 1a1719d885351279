import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';

// API-server parity: each case is a small manifest with the verdict the API server gives on
// `kubectl apply` (create) and the error it returns, taken from the validation source named in the
// comment (kubernetes/kubernetes pkg/apis/{core,apps,batch,networking}/validation/validation.go,
// apimachinery pkg/util/validation and pkg/api/validation) or the documentation page cited.
// kubelint must report an error-level finding exactly when the API server rejects, from the rule
// named in the case (the schema pass included), and no error at all otherwise.
// Manifests are written as JSON (which is YAML) so the cases stay compact and exact.

type Obj = Record<string, unknown>;

const container = (extra: Obj = {}): Obj => ({ name: 'web', image: 'nginx:1.27.3', ...extra });
const pod = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...metadata },
  spec: { containers: [container()], ...spec },
});
const workload = (kind: string, spec: Obj = {}, podSpec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'web', ...metadata },
  spec: {
    ...(kind === 'StatefulSet' ? { serviceName: 'web' } : {}),
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container()], ...podSpec } },
    ...spec,
  },
});
const jobPod = (extra: Obj = {}): Obj => ({
  restartPolicy: 'Never',
  containers: [{ name: 'export', image: 'ghcr.io/acme/export:1.0.3' }],
  ...extra,
});
const job = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'export', ...metadata },
  spec: { template: { spec: jobPod() }, ...spec },
});
const cronJob = (spec: Obj = {}, metadata: Obj = {}, jobSpec: Obj = {}): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'report', ...metadata },
  spec: {
    schedule: '0 3 * * *',
    jobTemplate: { spec: { template: { spec: jobPod({ restartPolicy: 'OnFailure' }) }, ...jobSpec } },
    ...spec,
  },
});
const service = (spec: Obj, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', ...metadata },
  spec: { selector: { app: 'web' }, ...spec },
});
const ingress = (port: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web' },
  spec: {
    rules: [
      {
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port } } }],
        },
      },
    ],
  },
});

interface Case {
  name: string;
  manifest: Obj;
  /** The rule that must report it; undefined when the API server accepts the manifest. */
  rule?: string;
  /** The API server's error (documentation of the verdict; a fragment is checked when `match`). */
  error?: string;
  /** A fragment of the API server's text that kubelint's message must quote. */
  match?: string;
}

const long = (n: number, ch = 'a'): string => ch.repeat(n);

const CASES: Case[] = [
  // --- ValidateObjectMeta (apimachinery pkg/api/validation/objectmeta.go) and name functions ---
  // NameIsDNSSubdomain (Deployment via ValidateDeploymentName).
  {
    name: 'Deployment name with upper case and _',
    manifest: workload('Deployment', {}, {}, { name: 'Web_App' }),
    rule: 'invalid-metadata',
    error:
      'metadata.name: Invalid value: "Web_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters',
    match: 'a lowercase RFC 1123 subdomain must consist of',
  },
  { name: 'Deployment name with dots', manifest: workload('Deployment', {}, {}, { name: 'web-app.v2' }) },
  // ValidateServiceName = NameIsDNS1035Label.
  {
    name: 'Service name with a dot',
    manifest: service({ ports: [{ port: 80 }] }, { name: 'api.v2' }),
    rule: 'invalid-metadata',
    error:
      'metadata.name: Invalid value: "api.v2": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character',
    match: 'a DNS-1035 label must consist of',
  },
  {
    name: 'Service name starting with a digit',
    manifest: service({ ports: [{ port: 80 }] }, { name: '1st-api' }),
    rule: 'invalid-metadata',
    error: 'metadata.name: Invalid value: "1st-api": a DNS-1035 label must …',
  },
  // NameIsDNSSubdomain allows a leading digit and dots for ConfigMaps.
  {
    name: 'ConfigMap name with a leading digit and dots',
    manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '1st.config' }, data: { a: 'b' } },
  },
  // ValidateNamespaceName = NameIsDNSLabel.
  {
    name: 'Namespace name with a dot',
    manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.payments' } },
    rule: 'invalid-metadata',
    error: 'metadata.name: Invalid value: "team.payments": a lowercase RFC 1123 label must consist of …',
  },
  // ValidateRBACName = path.IsValidPathSegmentName.
  {
    name: 'ClusterRole name with /',
    manifest: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system/view' },
      rules: [],
    },
    rule: 'invalid-metadata',
    error: 'metadata.name: Invalid value: "system/view": may not contain \'/\'',
    match: "may not contain '/'",
  },
  {
    name: 'ClusterRole name with : and upper case',
    manifest: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:Aggregate-To-View' },
      rules: [],
    },
  },
  // Custom resources and tool configs: kubelint does not know their name rules (unknown-kind is info).
  {
    name: 'custom resource with an upper-case name',
    manifest: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'Widget_1' } },
  },
  {
    name: 'Kustomization without metadata',
    manifest: {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['deployment.yaml'],
    },
  },
  // ValidateObjectMetaAccessor: generateName with the name function in prefix mode.
  {
    name: 'generateName with upper case',
    manifest: job({}, { name: undefined, generateName: 'Export-' }),
    rule: 'invalid-metadata',
    error: 'metadata.generateName: Invalid value: "Export-": a lowercase RFC 1123 subdomain …',
  },
  // ValidateLabels: IsValidLabelValue (63 characters).
  {
    name: 'label value of 64 characters',
    manifest: pod({}, { labels: { commit: long(64, 'f') } }),
    rule: 'invalid-metadata',
    error: 'metadata.labels: Invalid value: "fff…": must be no more than 63 characters',
    match: 'must be no more than 63 characters',
  },
  { name: 'empty label value', manifest: pod({}, { labels: { tier: '' } }) },
  // ValidateLabels: IsQualifiedName on the key.
  {
    name: 'label key with a space',
    manifest: pod({}, { labels: { 'team name': 'data' } }),
    rule: 'invalid-metadata',
    error:
      "metadata.labels: Invalid value: \"team name\": name part must consist of alphanumeric characters, '-', '_' or '.'",
    match: 'name part must consist of alphanumeric characters',
  },
  { name: 'prefixed label key', manifest: pod({}, { labels: { 'app.kubernetes.io/name': 'web' } }) },
  {
    name: 'label value with a space',
    manifest: pod({}, { labels: { version: '2.0 beta' } }),
    rule: 'invalid-metadata',
    error:
      'metadata.labels: Invalid value: "2.0 beta": a valid label must be an empty string or consist of …',
  },
  // ValidateAnnotations: IsQualifiedName(strings.ToLower(key)).
  {
    name: 'annotation key with a space',
    manifest: pod({}, { annotations: { 'checksum/config map': 'x' } }),
    rule: 'invalid-metadata',
    error: 'metadata.annotations: Invalid value: "checksum/config map": name part must consist of …',
  },
  {
    name: 'annotation key with an upper-case prefix',
    manifest: pod({}, { annotations: { 'Example.COM/Owner': 'Platform Team' } }),
  },
  // ValidateAnnotationsSize: TotalAnnotationSizeLimitB = 256 KiB.
  {
    name: 'annotations over 256 KiB',
    manifest: pod({}, { annotations: { big: long(262144) } }),
    rule: 'invalid-metadata',
    error: 'metadata.annotations: Too long: may not be more than 262144 bytes',
    match: 'may not be more than 262144 bytes',
  },
  { name: 'annotations just under 256 KiB', manifest: pod({}, { annotations: { big: long(262141) } }) },
  // ValidatePodTemplateSpec validates the template's labels.
  {
    name: 'invalid pod template label',
    manifest: workload('Deployment', {
      template: { metadata: { labels: { app: 'web', 'x y': '1' } }, spec: { containers: [container()] } },
    }),
    rule: 'invalid-metadata',
    error: 'spec.template.labels: Invalid value: "x y": name part must consist of …',
  },

  // --- Pod spec (pkg/apis/core/validation: validateContainers, validateVolumes, …) ---
  {
    name: 'container name with upper case and _',
    manifest: pod({ containers: [container({ name: 'Web_Server' })] }),
    rule: 'invalid-container-name',
    error:
      'spec.containers[0].name: Invalid value: "Web_Server": a lowercase RFC 1123 label must consist of …',
    match: 'a lowercase RFC 1123 label must consist of',
  },
  {
    name: 'container name starting with a digit',
    manifest: pod({ containers: [container({ name: '2nd-sidecar' })] }),
  },
  {
    name: 'volume name with _',
    manifest: pod({ volumes: [{ name: 'html_content', emptyDir: {} }] }),
    rule: 'invalid-volume-name',
    error: 'spec.volumes[0].name: Invalid value: "html_content": a lowercase RFC 1123 label …',
  },
  // validateContainerPorts: IsValidPortName.
  {
    name: 'port name over 15 characters',
    manifest: pod({
      containers: [container({ ports: [{ name: 'metrics-endpoint', containerPort: 9090 }] })],
    }),
    rule: 'invalid-port-name',
    error:
      'spec.containers[0].ports[0].name: Invalid value: "metrics-endpoint": must be no more than 15 characters',
    match: 'must be no more than 15 characters',
  },
  {
    name: 'port name of 15 characters',
    manifest: pod({ containers: [container({ ports: [{ name: 'metrics-port-01', containerPort: 9090 }] })] }),
  },
  // ValidatePortNumOrName on httpGet.port: a string is a name.
  {
    name: 'probe port "80" as a string',
    manifest: pod({
      containers: [
        container({ ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { path: '/', port: '80' } } }),
      ],
    }),
    rule: 'invalid-port-name',
    error:
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "80": must contain at least one letter (a-z)',
    match: 'must contain at least one letter (a-z)',
  },
  // validateContainerPorts: containerPort 0 is Required, others IsValidPortNum.
  {
    name: 'containerPort 70000',
    manifest: pod({ containers: [container({ ports: [{ containerPort: 70000 }] })] }),
    rule: 'port-out-of-range',
    error:
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    match: 'must be between 1 and 65535, inclusive',
  },
  {
    name: 'containerPort 0',
    manifest: pod({ containers: [container({ ports: [{ containerPort: 0 }] })] }),
    rule: 'port-out-of-range',
    error: 'spec.containers[0].ports[0].containerPort: Required value',
  },
  // The JSON decoder refuses a string for an int32 field.
  {
    name: 'containerPort "80" as a string',
    manifest: pod({ containers: [container({ ports: [{ containerPort: '80' }] })] }),
    rule: 'schema-type',
    error:
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
  },
  // ValidateEnv: IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, GA in 1.34).
  {
    name: 'env var name with =',
    manifest: pod({ containers: [container({ env: [{ name: 'A=B', value: 'x' }] })] }),
    rule: 'invalid-env-var-name',
    error:
      'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    match: "printable ASCII characters other than '='",
  },
  {
    name: 'env var name starting with a digit (accepted since 1.32)',
    manifest: pod({ containers: [container({ env: [{ name: '1ST_VAR', value: 'x' }] })] }),
  },
  {
    name: 'env var name with dots',
    manifest: pod({ containers: [container({ env: [{ name: 'spring.profiles.active', value: 'prod' }] })] }),
  },
  // validateEnvVarValueFrom.
  {
    name: 'valueFrom with a value',
    manifest: pod({
      containers: [
        container({ env: [{ name: 'P', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }),
      ],
    }),
    rule: 'invalid-env-source',
    error:
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    match: 'may not be specified when `value` is not empty',
  },
  {
    name: 'valueFrom with no source',
    manifest: pod({ containers: [container({ env: [{ name: 'P', valueFrom: {} }] })] }),
    rule: 'invalid-env-source',
    error:
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
  },
  {
    name: 'valueFrom with two sources',
    manifest: pod({
      containers: [
        container({
          env: [
            {
              name: 'P',
              valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } },
            },
          ],
        }),
      ],
    }),
    rule: 'invalid-env-source',
    error:
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
  },
  // ValidateEnvFrom.
  {
    name: 'envFrom with both refs',
    manifest: pod({
      containers: [container({ envFrom: [{ configMapRef: { name: 'c' }, secretRef: { name: 's' } }] })],
    }),
    rule: 'invalid-env-source',
    error:
      'spec.containers[0].envFrom[0]: Invalid value: "": may not have more than one field specified at a time',
  },
  // validateContainers / validateInitContainers: names unique across the pod.
  {
    name: 'duplicate container name',
    manifest: pod({ containers: [container(), container()] }),
    rule: 'duplicate-container-name',
    error: 'spec.containers[1].name: Duplicate value: "web"',
  },
  {
    name: 'duplicate port name',
    manifest: pod({
      containers: [
        container({
          ports: [
            { name: 'http', containerPort: 80 },
            { name: 'http', containerPort: 81 },
          ],
        }),
      ],
    }),
    rule: 'duplicate-port-name',
    error: 'spec.containers[0].ports[1].name: Duplicate value: "http"',
  },
  // ValidateVolumeMounts: the name must be a volume.
  {
    name: 'volumeMount of a missing volume',
    manifest: pod({ containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }),
    rule: 'volume-mount-missing-volume',
    error: 'spec.containers[0].volumeMounts[0].name: Not found: "data"',
  },
  {
    name: 'duplicate mountPath',
    manifest: pod({
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ],
      containers: [
        container({
          volumeMounts: [
            { name: 'a', mountPath: '/data' },
            { name: 'b', mountPath: '/data' },
          ],
        }),
      ],
    }),
    rule: 'duplicate-mount-path',
    error: 'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
  },
  // ValidateResourceRequirements.
  {
    name: 'cpu request above limit',
    manifest: pod({
      containers: [container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })],
    }),
    rule: 'resource-request-exceeds-limit',
    error:
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  },
  // ParseQuantity: "GB" is not a suffix.
  {
    name: 'memory 1GB',
    manifest: pod({ containers: [container({ resources: { limits: { memory: '1GB' } } })] }),
    rule: 'schema-format',
    error: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  },
  // validateHandler / validateProbe.
  {
    name: 'probe with two handlers',
    manifest: pod({
      containers: [
        container({
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { path: '/', port: 80 }, tcpSocket: { port: 80 } },
        }),
      ],
    }),
    rule: 'probe-handler-count',
    error: 'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
  },
  {
    name: 'probe with zero thresholds (defaulted)',
    manifest: pod({
      containers: [
        container({
          ports: [{ containerPort: 80 }],
          readinessProbe: {
            tcpSocket: { port: 80 },
            periodSeconds: 0,
            failureThreshold: 0,
            successThreshold: 0,
          },
        }),
      ],
    }),
  },
  {
    name: 'liveness successThreshold 2',
    manifest: pod({
      containers: [
        container({
          ports: [{ containerPort: 80 }],
          livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
        }),
      ],
    }),
    rule: 'probe-threshold-invalid',
    error: 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
  },
  // validateInitContainers: probes are forbidden on init containers that are not sidecars.
  {
    name: 'init container with a readiness probe',
    manifest: pod({
      initContainers: [
        {
          name: 'init',
          image: 'busybox:1.36.1',
          command: ['true'],
          readinessProbe: { exec: { command: ['true'] } },
        },
      ],
    }),
    rule: 'init-container-readiness-probe',
    error:
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
  },
  {
    name: 'sidecar with a readiness probe',
    manifest: pod({
      initContainers: [
        {
          name: 'proxy',
          image: 'envoyproxy/envoy:v1.31.2',
          restartPolicy: 'Always',
          readinessProbe: { exec: { command: ['true'] } },
        },
      ],
    }),
  },

  // --- apps/v1 (pkg/apis/apps/validation) ---
  // ValidatePodTemplateSpecForReplicaSet.
  {
    name: 'Deployment selector does not match',
    manifest: workload('Deployment', { selector: { matchLabels: { app: 'api' } } }),
    rule: 'selector-template-mismatch',
    error:
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    match: '`selector` does not match template `labels`',
  },
  {
    name: 'Deployment empty selector',
    manifest: workload('Deployment', { selector: {} }),
    rule: 'selector-template-mismatch',
    error: 'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    match: 'empty selector is invalid for deployment',
  },
  {
    name: 'Deployment selector a subset of the labels',
    manifest: workload('Deployment', {
      template: {
        metadata: { labels: { app: 'web', tier: 'frontend' } },
        spec: { containers: [container()] },
      },
    }),
  },
  {
    name: 'Deployment restartPolicy OnFailure',
    manifest: workload('Deployment', {}, { restartPolicy: 'OnFailure' }),
    rule: 'restart-policy-not-always',
    error: 'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    match: 'supported values: "Always"',
  },
  // ValidateStatefulSetSpec checks the restart policy, though not the rest of the pod spec.
  {
    name: 'StatefulSet restartPolicy Never',
    manifest: workload('StatefulSet', {}, { restartPolicy: 'Never' }),
    rule: 'restart-policy-not-always',
    error: 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  },
  {
    name: 'StatefulSet empty selector',
    manifest: workload('StatefulSet', { selector: { matchLabels: {} } }),
    rule: 'selector-template-mismatch',
    error: 'spec.selector: Invalid value: …: empty selector is not valid for statefulset.',
  },
  // ValidateDaemonSetSpec.
  {
    name: 'DaemonSet selector does not match',
    manifest: workload('DaemonSet', {
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['agent'] }] },
    }),
    rule: 'selector-template-mismatch',
    error:
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
  },
  { name: 'ReplicaSet valid', manifest: workload('ReplicaSet') },
  // The JSON decoder and strict field validation.
  {
    name: 'Deployment replicas "3" as a string',
    manifest: workload('Deployment', { replicas: '3' }),
    rule: 'schema-type',
    error: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  },
  {
    name: 'Deployment unknown field',
    manifest: workload('Deployment', { replica: 3 }),
    rule: 'schema-unknown-field',
    error: 'strict decoding error: unknown field "spec.replica"',
  },
  {
    name: 'restartPolicy Sometimes',
    manifest: pod({ restartPolicy: 'Sometimes' }),
    rule: 'schema-enum',
    error:
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  },

  // --- batch/v1 (pkg/apis/batch/validation) ---
  {
    name: 'Job restartPolicy Always',
    manifest: job({ template: { spec: jobPod({ restartPolicy: 'Always' }) } }),
    rule: 'job-restart-policy-always',
    error: 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  },
  { name: 'Job without a selector', manifest: job() },
  // validateGeneratedSelector.
  {
    name: 'Job selector without manualSelector',
    manifest: job({
      selector: { matchLabels: { app: 'export' } },
      template: { metadata: { labels: { app: 'export' } }, spec: jobPod() },
    }),
    rule: 'selector-template-mismatch',
    error: 'spec.selector: Invalid value: …: `selector` not auto-generated',
    match: '`selector` not auto-generated',
  },
  {
    name: 'Job manualSelector matching its template',
    manifest: job({
      manualSelector: true,
      selector: { matchLabels: { app: 'export' } },
      template: { metadata: { labels: { app: 'export' } }, spec: jobPod() },
    }),
  },
  // validateJobSpec.
  {
    name: 'Job backoffLimit -1',
    manifest: job({ backoffLimit: -1 }),
    rule: 'invalid-job-spec',
    error: 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    match: 'must be greater than or equal to 0',
  },
  { name: 'Job parallelism 0', manifest: job({ parallelism: 0 }) },
  {
    name: 'Indexed Job without completions',
    manifest: job({ completionMode: 'Indexed' }),
    rule: 'invalid-job-spec',
    error: 'spec.completions: Required value: when completion mode is Indexed',
    match: 'when completion mode is Indexed',
  },
  {
    name: 'completionMode in lower case',
    manifest: job({ completionMode: 'indexed', completions: 3 }),
    rule: 'invalid-job-spec',
    error: 'spec.completionMode: Unsupported value: "indexed": supported values: "NonIndexed", "Indexed"',
  },
  {
    name: 'Indexed Job',
    manifest: job({
      completionMode: 'Indexed',
      completions: 5,
      parallelism: 2,
      backoffLimitPerIndex: 1,
      maxFailedIndexes: 2,
    }),
  },
  {
    name: 'backoffLimitPerIndex without Indexed',
    manifest: job({ backoffLimitPerIndex: 1 }),
    rule: 'invalid-job-spec',
    error: 'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    match: 'requires indexed completion mode',
  },
  // validateScheduleFormat: robfig/cron ParseStandard.
  {
    name: 'CronJob schedule with six fields',
    manifest: cronJob({ schedule: '0 0 3 * * *' }),
    rule: 'invalid-cron-schedule',
    error: 'spec.schedule: Invalid value: "0 0 3 * * *": expected exactly 5 fields, found 6: [0 0 3 * * *]',
    match: 'expected exactly 5 fields, found 6',
  },
  {
    name: 'CronJob day of week 7',
    manifest: cronJob({ schedule: '0 0 * * 7' }),
    rule: 'invalid-cron-schedule',
    error: 'spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7',
    match: 'end of range (7) above maximum (6)',
  },
  { name: 'CronJob @hourly', manifest: cronJob({ schedule: '@hourly' }) },
  { name: 'CronJob ranges, steps and names', manifest: cronJob({ schedule: '*/15 9-17 * jan-jun mon-fri' }) },
  { name: 'CronJob @every', manifest: cronJob({ schedule: '@every 1h30m' }) },
  {
    name: 'CronJob CRON_TZ in the schedule',
    manifest: cronJob({ schedule: 'CRON_TZ=UTC 0 3 * * *' }),
    rule: 'invalid-cron-schedule',
    error:
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    match: 'cannot use TZ or CRON_TZ in schedule',
  },
  // validateTimeZone: time.LoadLocation.
  {
    name: 'CronJob unknown timeZone',
    manifest: cronJob({ timeZone: 'Europe/Frankfurt' }),
    rule: 'invalid-cronjob-spec',
    error: 'spec.timeZone: Invalid value: "Europe/Frankfurt": unknown time zone Europe/Frankfurt',
    match: 'unknown time zone Europe/Frankfurt',
  },
  { name: 'CronJob timeZone Europe/Berlin', manifest: cronJob({ timeZone: 'Europe/Berlin' }) },
  {
    name: 'CronJob timeZone Local',
    manifest: cronJob({ timeZone: 'Local' }),
    rule: 'invalid-cronjob-spec',
    error:
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
  },
  // ValidateCronJobCreate: 63 - 11.
  {
    name: 'CronJob name of 53 characters',
    manifest: cronJob({}, { name: long(53, 'r') }),
    rule: 'invalid-cronjob-spec',
    error: 'metadata.name: Invalid value: "rrr…": must be no more than 52 characters',
    match: 'must be no more than 52 characters',
  },
  { name: 'CronJob name of 52 characters', manifest: cronJob({}, { name: long(52, 'r') }) },
  // ValidateJobTemplateSpec.
  {
    name: 'CronJob job template with a selector',
    manifest: cronJob({}, {}, { selector: { matchLabels: { app: 'report' } } }),
    rule: 'selector-template-mismatch',
    error: 'spec.jobTemplate.spec.selector: Invalid value: …: `selector` will be auto-generated',
    match: '`selector` will be auto-generated',
  },
  {
    name: 'CronJob concurrencyPolicy in lower case',
    manifest: cronJob({ concurrencyPolicy: 'forbid' }),
    rule: 'invalid-cronjob-spec',
    error:
      'spec.concurrencyPolicy: Unsupported value: "forbid": supported values: "Allow", "Forbid", "Replace"',
  },

  // --- Services (ValidateService, validateServicePort) ---
  {
    name: 'ClusterIP Service without ports',
    manifest: service({}),
    rule: 'invalid-service-spec',
    error: 'spec.ports: Required value',
  },
  { name: 'headless Service without ports', manifest: service({ clusterIP: 'None' }) },
  {
    name: 'ExternalName without externalName',
    manifest: service({ type: 'ExternalName', selector: undefined }),
    rule: 'invalid-service-spec',
    error: 'spec.externalName: Required value',
  },
  {
    name: 'ExternalName Service',
    manifest: service({ type: 'ExternalName', selector: undefined, externalName: 'db.example.com' }),
  },
  // The node port allocator (pkg/registry/core/service/portallocator): default range 30000-32767.
  {
    name: 'nodePort 8080',
    manifest: service({ type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }),
    rule: 'invalid-service-port',
    error:
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    match: 'provided port is not in the valid range',
  },
  { name: 'nodePort 30080', manifest: service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }) },
  {
    name: 'nodePort on a ClusterIP Service',
    manifest: service({ ports: [{ port: 80, nodePort: 30080 }] }),
    rule: 'invalid-service-port',
    error: "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    match: "may not be used when `type` is 'ClusterIP'",
  },
  {
    name: 'duplicate Service port',
    manifest: service({
      ports: [
        { name: 'a', port: 80 },
        { name: 'b', port: 80 },
      ],
    }),
    rule: 'invalid-service-port',
    error: 'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", Port:80, …}',
  },
  {
    name: 'same Service port on TCP and UDP',
    manifest: service({
      ports: [
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ],
    }),
  },
  {
    name: 'two Service ports, one unnamed',
    manifest: service({ ports: [{ name: 'http', port: 80 }, { port: 443 }] }),
    rule: 'invalid-service-port',
    error: 'spec.ports[1].name: Required value',
  },
  {
    name: 'duplicate Service port names',
    manifest: service({
      ports: [
        { name: 'http', port: 80 },
        { name: 'http', port: 81 },
      ],
    }),
    rule: 'invalid-service-port',
    error: 'spec.ports[1].name: Duplicate value: "http"',
  },
  {
    name: 'targetPort "8080" as a string',
    manifest: service({ ports: [{ port: 80, targetPort: '8080' }] }),
    rule: 'invalid-service-port',
    error: 'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    match: 'must contain at least one letter (a-z)',
  },
  { name: 'targetPort by name', manifest: service({ ports: [{ port: 80, targetPort: 'http' }] }) },
  {
    name: 'NodePort Service with clusterIP None',
    manifest: service({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }),
    rule: 'invalid-service-spec',
    error: 'spec.clusterIP: Invalid value: "None": may not be set to \'None\' for NodePort services',
    match: "may not be set to 'None' for NodePort services",
  },
  {
    name: 'unknown Service type',
    manifest: service({ type: 'Internal', ports: [{ port: 80 }] }),
    rule: 'invalid-service-spec',
    error:
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
  },

  // --- Ingress (pkg/apis/networking/validation: validateIngressBackend) ---
  {
    name: 'Ingress port with name and number',
    manifest: ingress({ name: 'http', number: 80 }),
    rule: 'invalid-ingress-backend',
    error: 'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    match: 'cannot set both port name & port number',
  },
  {
    name: 'Ingress port name "80"',
    manifest: ingress({ name: '80' }),
    rule: 'invalid-ingress-backend',
    error:
      'spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "80": must contain at least one letter (a-z)',
  },
  { name: 'Ingress port number', manifest: ingress({ number: 80 }) },
  {
    name: 'Ingress port with neither',
    manifest: ingress({}),
    rule: 'invalid-ingress-backend',
    error: 'spec.rules[0].http.paths[0].backend: Required value: port name or port number is required',
    match: 'port name or port number is required',
  },
];

const errorsOf = (manifest: Obj): Finding[] => {
  const text = JSON.stringify(manifest, null, 1);
  return lintTexts([{ path: 'case.yaml', text }], {
    configFile: undefined,
    cwd: import.meta.dirname,
  }).findings.filter((f) => f.severity === 'error' && !f.suppressed);
};

describe('API-server parity', () => {
  it('has at least 60 cases, both verdicts, and only known rules', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(CASES.filter((c) => c.rule).length).toBeGreaterThan(30);
    expect(CASES.filter((c) => !c.rule).length).toBeGreaterThan(20);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    const known = new Set([
      ...builtinRules.map((r) => r.id),
      'schema-type',
      'schema-unknown-field',
      'schema-enum',
      'schema-format',
      'schema-required',
    ]);
    for (const c of CASES) if (c.rule) expect(known.has(c.rule), c.rule).toBe(true);
  });

  it.each(CASES.map((c) => [c.rule ? 'reject' : 'accept', c.name, c] as const))(
    '%s: %s',
    (_verdict, _name, c) => {
      const errors = errorsOf(c.manifest);
      if (!c.rule) {
        expect(errors.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
        return;
      }
      const fromRule = errors.filter((f) => f.ruleId === c.rule);
      expect(
        fromRule.length,
        `${c.rule} reports; got ${errors.map((f) => f.ruleId).join(', ') || 'no error'}`,
      ).toBeGreaterThan(0);
      if (c.match) expect(fromRule.map((f) => f.message).join('\n')).toContain(c.match);
    },
  );
});

// The valid examples of the Kubernetes documentation's workload and networking pages, reproduced
// under test/fixtures/k8s-docs/ with their source URL: the API server accepts every one, so no
// correctness rule (schema pass included) may report an error on them.
describe('Kubernetes documentation examples', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'k8s-docs');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const categoryOf = new Map(builtinRules.map((r) => [r.id, r.meta.category]));

  it('holds at least a dozen examples, each citing its page', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files)
      expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^# https:\/\/kubernetes\.io\/docs\//);
  });

  it.each(files)('%s has no correctness error', (file) => {
    const path = join(dir, file);
    const findings = lintTexts([{ path, text: readFileSync(path, 'utf8') }], {
      configFile: undefined,
      cwd: dir,
    }).findings;
    const errors = findings.filter(
      (f) => f.severity === 'error' && (categoryOf.get(f.ruleId) ?? 'correctness') === 'correctness',
    );
    expect(errors.map((f) => `${f.range.start.line}: ${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
