import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, parseImageReference } from '../src/k8s/image.js';
import { formatPath } from '../src/k8s/object.js';
import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../src/k8s/pod.js';

describe('image references', () => {
  it.each([
    ['nginx', { repository: 'nginx' }, 'Always'],
    ['nginx:latest', { repository: 'nginx', tag: 'latest' }, 'Always'],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }, 'IfNotPresent'],
    ['library/nginx:1.27-alpine', { repository: 'library/nginx', tag: '1.27-alpine' }, 'IfNotPresent'],
    ['registry.local:5000/team/app', { registry: 'registry.local:5000', repository: 'team/app' }, 'Always'],
    [
      'registry.local:5000/team/app:2.0',
      { registry: 'registry.local:5000', repository: 'team/app', tag: '2.0' },
      'IfNotPresent',
    ],
    ['localhost/app:v1', { registry: 'localhost', repository: 'app', tag: 'v1' }, 'IfNotPresent'],
    [
      `nginx@sha256:${'a'.repeat(64)}`,
      { repository: 'nginx', digest: `sha256:${'a'.repeat(64)}` },
      'IfNotPresent',
    ],
    // The API server's defaulting looks at the tag only: latest with a digest is still Always.
    [
      `nginx:latest@sha256:${'b'.repeat(64)}`,
      { repository: 'nginx', tag: 'latest', digest: `sha256:${'b'.repeat(64)}` },
      'Always',
    ],
  ])('%s', (image, expected, policy) => {
    const ref = parseImageReference(image);
    expect(ref).toEqual(expected);
    expect(defaultPullPolicy(ref!)).toBe(policy);
  });

  it.each(['', 'Nginx', 'nginx:', 'nginx@sha256:xyz', ' nginx', 'a//b'])('rejects %j', (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});

describe('pod templates and containers', () => {
  const spec = {
    initContainers: [{ name: 'a' }, { name: 'b', restartPolicy: 'Always' }],
    containers: [{ name: 'c' }],
    ephemeralContainers: [{ name: 'd' }],
  };

  it('finds the pod spec of every workload kind, CronJob through its job template', () => {
    const wrap: Record<string, unknown> = {
      Pod: { spec },
      PodTemplate: { template: { spec } },
      CronJob: { spec: { jobTemplate: { spec: { template: { spec } } } } },
    };
    for (const kind of WORKLOAD_KINDS) {
      const object = wrap[kind] ?? { spec: { template: { spec } } };
      expect(podSpecOf(kind, object)?.spec, kind).toBe(spec);
    }
    expect(podSpecOf('Service', { spec })).toBeUndefined();
    expect(podSpecOf('Deployment', { spec: { template: { spec: 'nope' } } })).toBeUndefined();
  });

  it('gives every container its role and path', () => {
    const pod = podSpecOf('Deployment', { spec: { template: { spec } } })!;
    expect(containersOf(pod).map((c) => [c.name, c.role, formatPath(c.path)])).toEqual([
      ['a', 'init', 'spec.template.spec.initContainers[0]'],
      ['b', 'sidecar', 'spec.template.spec.initContainers[1]'],
      ['c', 'app', 'spec.template.spec.containers[0]'],
      ['d', 'ephemeral', 'spec.template.spec.ephemeralContainers[0]'],
    ]);
  });

  it('formats odd keys the way they must be quoted', () => {
    expect(formatPath(['metadata', 'annotations', 'kubelint.dev/ignore', 0])).toBe(
      'metadata.annotations["kubelint.dev/ignore"][0]',
    );
  });
});
