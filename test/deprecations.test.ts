import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiLifecycles, compareVersions, deprecatedIn, removedIn } from '../src/k8s/api-lifecycle.js';
import { lintTexts } from '../src/index.js';
import { defaultKubernetesVersion, embeddedVersions, schemaIndex } from '../src/schema/index.js';

function findings(text: string, options: { kubernetesVersion?: string; cwd?: string; path?: string } = {}) {
  const { path = 'm.yaml', cwd = tmpdir(), ...rest } = options;
  return lintTexts([{ path, text }], { cwd, ...rest }).findings.map(
    (f) => `${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId} ${f.message}`,
  );
}

const OLD_DEPLOYMENT = `apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27.3"}]
`;

const BETA_DEVICE_CLASS = `apiVersion: resource.k8s.io/v1beta1
kind: DeviceClass
metadata: {name: gpu.example.com}
spec: {}
`;

describe('compareVersions', () => {
  it('compares minors numerically, with or without "v"', () => {
    expect(compareVersions('1.9', '1.16')).toBeLessThan(0);
    expect(compareVersions('1.16', '1.9')).toBeGreaterThan(0);
    expect(compareVersions('v1.34', '1.34')).toBe(0);
    expect(compareVersions('1.34', '1.34.2')).toBeLessThan(0);
    expect(compareVersions('2.0', '1.36')).toBeGreaterThan(0);
  });
});

describe('schemas/deprecations.json', () => {
  const apis = [...apiLifecycles().values()];
  const newest = embeddedVersions().at(-1)!;
  const minor = /^1\.\d+$/;

  it('covers the guide: workloads, Ingress, PSP, CronJob, HPA, flow control, … and lists each apiVersion/kind once', () => {
    expect(apis.length).toBe(apiLifecycles().size);
    for (const key of [
      'extensions/v1beta1 Deployment',
      'apps/v1beta1 StatefulSet',
      'apps/v1beta2 DaemonSet',
      'extensions/v1beta1 Ingress',
      'extensions/v1beta1 NetworkPolicy',
      'extensions/v1beta1 PodSecurityPolicy',
      'networking.k8s.io/v1beta1 IngressClass',
      'policy/v1beta1 PodSecurityPolicy',
      'policy/v1beta1 PodDisruptionBudget',
      'batch/v1beta1 CronJob',
      'autoscaling/v2beta1 HorizontalPodAutoscaler',
      'autoscaling/v2beta2 HorizontalPodAutoscaler',
      'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
      'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration',
      'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema',
      'storage.k8s.io/v1beta1 StorageClass',
      'storage.k8s.io/v1beta1 CSIStorageCapacity',
      'rbac.authorization.k8s.io/v1beta1 RoleBinding',
      'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
      'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
      'discovery.k8s.io/v1beta1 EndpointSlice',
      'events.k8s.io/v1beta1 Event',
      'node.k8s.io/v1beta1 RuntimeClass',
      'certificates.k8s.io/v1beta1 CertificateSigningRequest',
      'coordination.k8s.io/v1beta1 Lease',
      'scheduling.k8s.io/v1beta1 PriorityClass',
    ])
      expect(apiLifecycles().has(key), key).toBe(true);
  });

  it.each(apis.map((a) => [`${a.apiVersion} ${a.kind}`, a] as const))('%s is well-formed', (_key, api) => {
    for (const v of [api.deprecated, api.removed, api.replacementSince]) if (v) expect(v).toMatch(minor);
    // Alpha lifecycles may name a deprecation and no removal; every other entry has a removal.
    if (!/alpha\d+$/.test(api.apiVersion)) expect(api.removed).toBeDefined();
    if (api.deprecated && api.removed) expect(compareVersions(api.deprecated, api.removed)).toBeLessThan(0);
    if (api.guide) expect(api.guide).toMatch(/^#[a-z0-9-]+$/);
    // No replacement apiVersion: either the entry says what to use instead, or there is none yet, i.e.
    // the newest embedded version serves the kind in no stable (vN) apiVersion.
    if (api.replacement === null) {
      if (!api.instead) {
        const stable = Object.keys(schemaIndex(newest).kinds).filter(
          (key) => key.endsWith(` ${api.kind}`) && /^(?:[a-z0-9.-]+\/)?v\d+ /.test(key),
        );
        expect(stable).toEqual([]);
      }
    }
    // The replacement is what users should write today: the newest embedded version serves it.
    else expect(schemaIndex(newest).kinds[`${api.replacement} ${api.kind}`], api.replacement).toBeDefined();
    // A scheduled removal is still in the future, so the newest version still serves the apiVersion.
    if (api.scheduled) {
      expect(compareVersions(api.removed!, newest)).toBeGreaterThan(0);
      expect(schemaIndex(newest).kinds[`${api.apiVersion} ${api.kind}`]).toBeDefined();
    }
  });

  // Deprecation releases from the APIs' prerelease lifecycles (zz_generated.prerelease-lifecycle.go),
  // which is what the API server's warning names; see schemas/DEPRECATIONS.md.
  it.each([
    ['apiregistration.k8s.io/v1beta1 APIService', '1.19', '1.22'],
    ['authentication.k8s.io/v1beta1 TokenReview', '1.19', '1.22'],
    ['authorization.k8s.io/v1beta1 LocalSubjectAccessReview', '1.19', '1.22'],
    ['authorization.k8s.io/v1beta1 SelfSubjectAccessReview', '1.19', '1.22'],
    ['authorization.k8s.io/v1beta1 SelfSubjectRulesReview', '1.19', '1.22'],
    ['authorization.k8s.io/v1beta1 SubjectAccessReview', '1.19', '1.22'],
    ['coordination.k8s.io/v1beta1 Lease', '1.19', '1.22'],
    ['events.k8s.io/v1beta1 Event', '1.22', '1.25'],
    ['resource.k8s.io/v1beta1 DeviceClass', '1.35', '1.38'],
    ['resource.k8s.io/v1beta2 ResourceClaim', '1.36', '1.39'],
    ['storage.k8s.io/v1beta1 VolumeAttributesClass', '1.34', '1.37'],
    ['networking.k8s.io/v1beta1 IPAddress', '1.34', '1.37'],
    ['networking.k8s.io/v1beta1 ServiceCIDR', '1.34', '1.37'],
    ['coordination.k8s.io/v1beta1 LeaseCandidate', '1.36', '1.39'],
    ['certificates.k8s.io/v1beta1 ClusterTrustBundle', '1.36', '1.39'],
    ['certificates.k8s.io/v1alpha1 ClusterTrustBundle', '1.34', '1.37'],
    ['authentication.k8s.io/v1alpha1 SelfSubjectReview', '1.29', undefined],
    ['storagemigration.k8s.io/v1alpha1 StorageVersionMigration', '1.33', undefined],
    ['coordination.k8s.io/v1alpha2 LeaseCandidate', '1.35', undefined],
  ])('%s: the lifecycle says deprecated in %s, removed in %s', (key, deprecated, removed) => {
    const api = apiLifecycles().get(key);
    expect(api?.deprecated).toBe(deprecated);
    expect(api?.removed).toBe(removed);
  });

  it('apps/v1beta1 never had a ReplicaSet type: the guide lists it, with no deprecation release to name', () => {
    const api = apiLifecycles().get('apps/v1beta1 ReplicaSet');
    expect(api).toMatchObject({ removed: '1.16', replacement: 'apps/v1', guide: '#replicaset-v116' });
    expect(api?.deprecated).toBeUndefined();
  });

  it('removedIn and deprecatedIn split the timeline at the release boundaries', () => {
    expect(removedIn('1.16', 'extensions/v1beta1', 'Deployment')?.replacement).toBe('apps/v1');
    expect(removedIn('1.15', 'extensions/v1beta1', 'Deployment')).toBeUndefined();
    expect(deprecatedIn('1.15', 'extensions/v1beta1', 'Deployment')?.deprecated).toBe('1.8');
    expect(deprecatedIn('1.16', 'extensions/v1beta1', 'Deployment')).toBeUndefined();
    expect(deprecatedIn('1.7', 'extensions/v1beta1', 'Deployment')).toBeUndefined();
    // 1.9 < 1.16 numerically: a string comparison would call 1.9 the later release.
    expect(removedIn('1.9', 'apps/v1beta2', 'Deployment')).toBeUndefined();
    expect(deprecatedIn('1.9', 'apps/v1beta2', 'Deployment')).toBeDefined();
    expect(removedIn('1.32', 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')).toBeDefined();
    expect(removedIn('1.36', 'apps/v1', 'Deployment')).toBeUndefined();
    expect(removedIn('1.36', 'extensions/v1beta1', 'Widget')).toBeUndefined();
  });
});

describe('removed-api-version and deprecated-api-version', () => {
  it('an extensions/v1beta1 Deployment is removed-api-version for 1.34, and nothing else about its apiVersion', () => {
    expect(findings(OLD_DEPLOYMENT, { kubernetesVersion: '1.34' })).toEqual([
      '1:13 error removed-api-version extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1 (target is 1.34)',
    ]);
  });

  it('a removed apiVersion whose stale schema the client still ships is not validated either', () => {
    const text = `apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
kind: PriorityLevelConfiguration
metadata: {name: low}
spec: {type: Limited, limited: {assuredConcurrencyShares: "many"}}
`;
    for (const kubernetesVersion of ['1.32', '1.34', '1.36'])
      expect(findings(text, { kubernetesVersion })).toEqual([
        `1:13 error removed-api-version flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration was removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1 (target is ${kubernetesVersion})`,
      ]);
  });

  it('unknown-kind does not offer a removed apiVersion as one the version serves', () => {
    const text = 'apiVersion: flowcontrol.apiserver.k8s.io/v2\nkind: FlowSchema\nmetadata: {name: f}\n';
    // The 1.34 client still ships the v1beta3 model, but Kubernetes 1.32 stopped serving it.
    expect(schemaIndex('1.34').kinds['flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema']).toBeDefined();
    expect(findings(text, { kubernetesVersion: '1.34' })).toEqual([
      '1:13 info unknown-kind Kubernetes 1.34 has no FlowSchema in flowcontrol.apiserver.k8s.io/v2, so it is not validated (served as "flowcontrol.apiserver.k8s.io/v1")',
    ]);
  });

  it('PodSecurityPolicy names what to use instead, as it has no replacement apiVersion', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n';
    expect(findings(text, { kubernetesVersion: '1.33' })).toEqual([
      '1:13 error removed-api-version policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25; use Pod Security Admission (pod-security.kubernetes.io namespace labels) or a third-party admission webhook instead (target is 1.33)',
    ]);
  });

  it('deprecated-api-version depends on the target: served and deprecated in 1.36, not yet deprecated in 1.34', () => {
    expect(findings(BETA_DEVICE_CLASS, { kubernetesVersion: '1.36' })).toEqual([
      '1:13 warning deprecated-api-version resource.k8s.io/v1beta1 DeviceClass is deprecated since Kubernetes 1.35 and is scheduled for removal in 1.38; use resource.k8s.io/v1 (target is 1.36)',
    ]);
    expect(findings(BETA_DEVICE_CLASS, { kubernetesVersion: '1.34' })).toEqual([]);
    expect(findings(BETA_DEVICE_CLASS)).toEqual(findings(BETA_DEVICE_CLASS, { kubernetesVersion: '1.36' }));
    expect(defaultKubernetesVersion()).toBe('1.36');
  });

  it('storage.k8s.io/v1beta1 VolumeAttributesClass is deprecated from 1.34, when storage.k8s.io/v1 became available', () => {
    const text = `apiVersion: storage.k8s.io/v1beta1
kind: VolumeAttributesClass
metadata: {name: gold}
driverName: pd.csi.storage.gke.io
parameters: {iops: "3000"}
`;
    expect(findings(text, { kubernetesVersion: '1.36' })).toEqual([
      '1:13 warning deprecated-api-version storage.k8s.io/v1beta1 VolumeAttributesClass is deprecated since Kubernetes 1.34 and is scheduled for removal in 1.37; use storage.k8s.io/v1 (target is 1.36)',
    ]);
    expect(findings(text, { kubernetesVersion: '1.33' })).toEqual([]);
  });

  it('a beta API deprecated by its default lifecycle with no successor says it has no replacement', () => {
    const text = `apiVersion: coordination.k8s.io/v1beta1
kind: LeaseCandidate
metadata: {name: kube-controller-manager-a, namespace: kube-system}
spec: {leaseName: kube-controller-manager, binaryVersion: "1.36.0", strategy: OldestEmulationVersion}
`;
    expect(findings(text, { kubernetesVersion: '1.36' })).toEqual([
      '1:13 warning deprecated-api-version coordination.k8s.io/v1beta1 LeaseCandidate is deprecated since Kubernetes 1.36 and is scheduled for removal in 1.39; it has no replacement (target is 1.36)',
    ]);
    expect(findings(text, { kubernetesVersion: '1.34' })).toEqual([]);
  });

  it('claims no removal it cannot source: authentication.k8s.io/v1beta1 SelfSubjectReview stays valid', () => {
    // Only a merge-conflicted vendored lifecycle dates its removal (1.33), while the 1.33–1.36 schema
    // sets still carry it: a wrong removal would make a served API an error.
    const text = 'apiVersion: authentication.k8s.io/v1beta1\nkind: SelfSubjectReview\nmetadata: {name: me}\n';
    for (const kubernetesVersion of ['1.32', '1.33', '1.36'])
      expect(findings(text, { kubernetesVersion })).toEqual([]);
  });

  it('an alpha apiVersion whose lifecycle names no removal is deprecated with no removal release', () => {
    const text =
      'apiVersion: authentication.k8s.io/v1alpha1\nkind: SelfSubjectReview\nmetadata: {name: me}\n';
    expect(findings(text, { kubernetesVersion: '1.36' })).toEqual([
      '1:13 warning deprecated-api-version authentication.k8s.io/v1alpha1 SelfSubjectReview is deprecated since Kubernetes 1.29; use authentication.k8s.io/v1 (target is 1.36)',
    ]);
  });

  it('rules see the kubernetesVersion of the config that governs the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-versions-'));
    writeFileSync(join(dir, '.kubelint.yaml'), 'kubernetesVersion: "1.34"\n');
    const path = join(dir, 'm.yaml');
    expect(findings(BETA_DEVICE_CLASS, { cwd: dir, path })).toEqual([]);
    expect(findings(OLD_DEPLOYMENT, { cwd: dir, path }).map((f) => f.split(' (target')[1])).toEqual([
      ' is 1.34)',
    ]);
    // --kubernetes-version wins over the config.
    expect(findings(BETA_DEVICE_CLASS, { cwd: dir, path, kubernetesVersion: '1.36' })).toHaveLength(1);
  });
});
