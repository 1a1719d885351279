import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchemas } from '../scripts/gen-schemas.js';
import { ConfigError, lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';
import { SCHEMA_RULE_IDS } from '../src/schema/index.js';

const ROOT = join(import.meta.dirname, '..');
const SCHEMA_IDS = new Set<string>(SCHEMA_RULE_IDS);

function schemaFindings(
  text: string,
  options: { strict?: boolean; kubernetesVersion?: string } = {},
): string[] {
  const { findings } = lintTexts([{ path: 'm.yaml', text }], { cwd: tmpdir(), ...options });
  return findings
    .filter((f) => SCHEMA_IDS.has(f.ruleId))
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`);
}

const POD_SPEC = `
      containers:
        - name: app
          image: ghcr.io/acme/app:1.4.2
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          env:
            - {name: LOG_LEVEL, value: info}
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 1, memory: 1Gi, ephemeral-storage: 2G}
          readinessProbe:
            httpGet: {path: /ready, port: http}
          livenessProbe:
            tcpSocket: {port: 8080}
            initialDelaySeconds: 10
          volumeMounts:
            - {name: cache, mountPath: /cache}
      volumes:
        - name: cache
          emptyDir: {sizeLimit: 500Mi}`;

const VALID: Record<string, string> = {
  Deployment: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  annotations: {example.com/owner: team-a}
spec:
  replicas: 3
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
      initContainers:
        - {name: migrate, image: "ghcr.io/acme/migrate:1.0.0", command: [migrate, up]}
${POD_SPEC.slice(1)}`,
  StatefulSet: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
${POD_SPEC.slice(1)}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Gi}}`,
  DaemonSet: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [{operator: Exists}]
      hostNetwork: true
${POD_SPEC.slice(1)}`,
  Job: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 600
  template:
    spec:
      restartPolicy: OnFailure
${POD_SPEC.slice(1)}`,
  CronJob: `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: ghcr.io/acme/report:5.1.0
              resources: {limits: {cpu: 0.5, memory: 128974848}}`,
  Service: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}`,
  Ingress: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {name: http}}}`,
  ConfigMap: `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, creationTimestamp: null}
data:
  LOG_LEVEL: info
  app.properties: |
    a=1
binaryData:
  blob: aGVsbG8=`,
};

describe('schema pass: valid resources', () => {
  it.each(Object.keys(VALID))('a valid %s has no schema finding', (kind) => {
    expect(schemaFindings(VALID[kind]!)).toEqual([]);
  });
});

// Each case replaces one line of the valid Deployment and expects exactly one finding.
describe('schema pass: one finding per mistake, at the key or value', () => {
  const deployment = VALID.Deployment!;
  const cases: [string, string, string, string][] = [
    [
      'containerPort: "80"',
      '{name: http, containerPort: 8080, protocol: TCP}',
      '{name: http, containerPort: "80", protocol: TCP}',
      '25:43 schema-type spec.template.spec.containers[0].ports[0].containerPort must be an integer, got the string "80"',
    ],
    [
      'an unknown field under spec',
      '  replicas: 3',
      '  replicas: 3\n  replica: 2',
      '9:3 schema-unknown-field unknown field "spec.replica"; did you mean "replicas"?',
    ],
    [
      'replicas: "3"',
      '  replicas: 3',
      '  replicas: "3"',
      '8:13 schema-type spec.replicas must be an integer, got the string "3"',
    ],
    [
      'restartPolicy: Sometimes',
      '    spec:\n      affinity:',
      '    spec:\n      restartPolicy: Sometimes\n      affinity:',
      '14:22 schema-enum spec.template.spec.restartPolicy must be one of "Always", "OnFailure", "Never", got the string "Sometimes"',
    ],
    [
      'memory: 1GB',
      'limits: {cpu: 1, memory: 1Gi',
      'limits: {cpu: 1, memory: 1GB',
      '32:38 schema-format spec.template.spec.containers[0].resources.limits.memory must be a quantity such as "500m", "128Mi" or "2", got the string "1GB"',
    ],
  ];
  it.each(cases)('%s', (_name, from, to, expected) => {
    expect(deployment.includes(from)).toBe(true);
    expect(schemaFindings(deployment.replace(from, to))).toEqual([expected]);
  });

  it('a pod spec without containers: one schema-required at the spec key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Always\n';
    expect(schemaFindings(text)).toEqual(['4:1 schema-required missing required field "containers" in spec']);
  });

  it('collapses Quantity and IntOrString alternatives into one finding', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: a:1
      resources: {limits: {cpu: true}}
      readinessProbe: {httpGet: {port: [80]}}
`;
    expect(schemaFindings(text)).toEqual([
      '8:33 schema-type spec.containers[0].resources.limits.cpu must be a quantity (a number, or a string such as "500m" or "128Mi"), got the boolean true',
      '9:40 schema-type spec.containers[0].readinessProbe.httpGet.port must be an integer or a string, got a list',
    ]);
  });

  it('treats null and an empty enum as unset, like the API server', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p, creationTimestamp: null, labels: null}
spec:
  restartPolicy: ""
  containers: [{name: a, image: "a:1", imagePullPolicy: null}]
`;
    expect(schemaFindings(text)).toEqual([]);
  });

  it('checks formats: date-time, base64, int32', () => {
    const text = `apiVersion: v1
kind: Secret
metadata: {name: s, creationTimestamp: yesterday}
data: {password: "not base64!"}
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports: [{port: 3000000000}]
`;
    expect(schemaFindings(text)).toEqual([
      '3:40 schema-format metadata.creationTimestamp must be an RFC 3339 date-time such as "2025-01-31T12:00:00Z", got the string "yesterday"',
      '4:18 schema-format data.password must be base64-encoded data, got the string "not base64!"',
      '10:18 schema-format spec.ports[0].port must be a 32-bit integer (-2147483648 to 2147483647), got the number 3000000000',
    ]);
  });

  it('--no-strict accepts unknown fields', () => {
    const text = deployment.replace('  replicas: 3', '  replicas: 3\n  replica: 2');
    expect(schemaFindings(text, { strict: false })).toEqual([]);
  });
});

describe('schema pass: kinds and versions', () => {
  it('a kind without a schema is an info finding, never a crash', () => {
    const text = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {anything: [1, 2]}
---
apiVersion: autoscaling/v3
kind: HorizontalPodAutoscaler
metadata: {name: h}
`;
    const findings = lintTexts([{ path: 'm.yaml', text }], { cwd: tmpdir() }).findings;
    expect(
      findings.map((f) => [f.ruleId, f.severity, `${f.range.start.line}:${f.range.start.column}`]),
    ).toEqual([
      ['unknown-kind', 'info', '2:7'],
      ['unknown-kind', 'info', '6:13'],
    ]);
    expect(findings[1]?.message).toBe(
      'Kubernetes 1.36 has no HorizontalPodAutoscaler in autoscaling/v3, so it is not validated (served as "autoscaling/v1", "autoscaling/v2")',
    );
  });

  it('validates against the selected Kubernetes version', () => {
    const text = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata: {name: p}
spec: {failurePolicy: Fail}
`;
    expect(schemaFindings(text, { kubernetesVersion: '1.36' })).toEqual([]);
    expect(schemaFindings(text, { kubernetesVersion: '1.34' })).toEqual([
      '1:13 unknown-kind Kubernetes 1.34 has no MutatingAdmissionPolicy in admissionregistration.k8s.io/v1, so it is not validated (served as "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1")',
    ]);
  });

  it('reads kubernetesVersion from the config and rejects versions without schemas', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-schema-'));
    const text =
      'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingAdmissionPolicy\nmetadata: {name: p}\n';
    writeFileSync(join(dir, '.kubelint.yaml'), 'kubernetesVersion: "1.34"\n');
    const lintIn = (): Finding[] => lintTexts([{ path: join(dir, 'm.yaml'), text }], { cwd: dir }).findings;
    expect(lintIn().map((f) => f.ruleId)).toEqual(['unknown-kind']);
    writeFileSync(join(dir, '.kubelint.yaml'), 'kubernetesVersion: "1.20"\n');
    expect(lintIn).toThrow(ConfigError);
  });

  it('schema findings are configured like rules', () => {
    const text = VALID.Deployment!.replace('  replicas: 3', '  replicas: "3"');
    const findings = lintTexts([{ path: 'm.yaml', text }], {
      cwd: tmpdir(),
      ruleOverrides: new Map([['schema-type', { severity: 'warning', options: {} }]]),
    }).findings;
    expect(findings.filter((f) => f.ruleId === 'schema-type').map((f) => f.severity)).toEqual(['warning']);
  });
});

// Fixtures and examples are real manifests: the schema pass finds nothing in them but these, on purpose.
const INTENDED = new Set([
  'rules/hpa-target-missing/valid.yaml unknown-kind', // an Argo Rollout (a CRD)
  'rules/service-selector-matches-nothing/valid.yaml unknown-kind', // an Argo Rollout
  'rules/probe-port-not-exposed/valid.yaml schema-type', // a named gRPC port: a schema error, not the rule's
  'rules/resource-request-exceeds-limit/invalid.yaml schema-format', // unparseable quantities, which that rule leaves to the schema pass
]);

describe('schema pass over examples/ and rule fixtures', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push(path);
    }
  };
  walk('examples');
  walk('rules');
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const unexpected = schemaFindings(text).filter((f) => !INTENDED.has(`${file} ${f.split(' ')[1]}`));
    expect(unexpected).toEqual([]);
  });
});

describe('npm run schemas', () => {
  it(
    'regenerates schemas/ exactly from node_modules (no drift, no network)',
    { timeout: 180_000 },
    async () => {
      const generated = await generateSchemas();
      for (const [path, text] of generated)
        expect(readFileSync(join(ROOT, 'schemas', path), 'utf8'), path).toBe(text);
      // Kept by hand, not generated: deprecations.json (schemas/DEPRECATIONS.md) and the config's
      // schema (kubelint-config.schema.json).
      const handWritten = new Set(['deprecations.json', 'kubelint-config.schema.json']);
      const onDisk = readdirSync(join(ROOT, 'schemas'), { recursive: true, encoding: 'utf8' }).filter(
        (p) => p.endsWith('.json') && !handWritten.has(p),
      );
      expect(onDisk.sort()).toEqual([...generated.keys()].sort());
    },
  );
});
