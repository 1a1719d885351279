import { describe, expect, it } from 'vitest';
import { servingPortsOf } from '../src/k8s/ports.js';
import {
  closestTemplate,
  editDistance,
  formatSelector,
  matchesLabels,
  noMatchHint,
  parseLabelSelector,
  parseMapSelector,
  podTemplatesOf,
  templateIndexOf,
  templateRequirements,
  type Requirement,
  type RunContext,
} from '../src/k8s/selector.js';
import type { ManifestDoc } from '../src/load/types.js';
import { load } from './helpers.js';

const selector = (value: unknown): Requirement[] => {
  const reqs = parseLabelSelector(value);
  if (!reqs) throw new Error('malformed selector');
  return reqs;
};

describe('parseMapSelector (Service selectors)', () => {
  it('turns each pair into an equality requirement', () => {
    expect(parseMapSelector({ app: 'web', tier: 'frontend' })).toEqual([
      { key: 'app', operator: 'In', values: ['web'] },
      { key: 'tier', operator: 'In', values: ['frontend'] },
    ]);
    expect(parseMapSelector({})).toEqual([]);
  });

  it.each([[undefined], [null], ['app=web'], [{ app: true }], [{ matchLabels: { app: 'web' } }]])(
    'rejects %j',
    (value) => expect(parseMapSelector(value)).toBeUndefined(),
  );
});

describe('parseLabelSelector and matchesLabels', () => {
  const labels = { app: 'db', role: 'replica', tier: 'storage' };

  it.each([
    [{ matchLabels: { app: 'db' } }, true],
    [{ matchLabels: { app: 'db', role: 'primary' } }, false],
    [{ matchLabels: { app: 'db', zone: 'a' } }, false],
    [{ matchExpressions: [{ key: 'role', operator: 'In', values: ['primary', 'replica'] }] }, true],
    [{ matchExpressions: [{ key: 'role', operator: 'In', values: ['primary'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    [{ matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['replica'] }] }, false],
    [{ matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['primary'] }] }, true],
    // NotIn and DoesNotExist hold when the key is absent.
    [{ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }, false],
    // matchLabels AND matchExpressions.
    [{ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    // The empty selector matches everything; callers decide what it means for their kind.
    [{}, true],
    [{ matchLabels: {}, matchExpressions: [] }, true],
  ])('%j → %s', (value, expected) => {
    expect(matchesLabels(selector(value), labels)).toBe(expected);
  });

  it.each([
    [null],
    [[]],
    [{ matchLabels: { app: 1 } }],
    [{ matchExpressions: {} }],
    [{ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] }],
    [{ matchExpressions: [{ operator: 'Exists' }] }],
  ])('rejects malformed %j', (value) => {
    expect(parseLabelSelector(value)).toBeUndefined();
  });
});

describe('formatSelector', () => {
  it('uses kubectl syntax', () => {
    expect(
      formatSelector(
        selector({
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'track', operator: 'NotIn', values: ['canary'] },
            { key: 'release', operator: 'Exists' },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        }),
      ),
    ).toBe('app=web,tier in (a,b),track notin (canary),release,!legacy');
  });
});

describe('templateRequirements', () => {
  it('drops requirements on labels that controllers add to their pods', () => {
    const reqs = parseMapSelector({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }) ?? [];
    expect(templateRequirements(reqs)).toEqual([{ key: 'app', operator: 'In', values: ['db'] }]);
  });
});

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a, labels: {app: p, version: 1}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: a, labels: {app: not-the-pods}}
spec:
  template:
    metadata: {labels: {app: web, tier: front-end}}
    spec:
      initContainers:
        - {name: init, image: x, ports: [{name: init, containerPort: 1}]}
        - {name: proxy, image: x, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}
      containers: [{name: web, image: x, ports: [{name: http, containerPort: 80}, {containerPort: 53, protocol: UDP}]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj, namespace: b}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: pt, namespace: a}
template:
  metadata: {labels: {app: web}}
  spec: {containers: [{name: c, image: x}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r, namespace: b}
spec:
  template:
    spec: {containers: [{name: c, image: x}]}
---
# A built-in group's kind that has no pod template is no workload, whatever its spec holds.
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: b}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: s, namespace: b}
    spec:
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: c, image: x}]}
`;

/** A rule context's index, namespaces and run memo, as the engine gives them. */
function runContext(docs: readonly ManifestDoc[]): RunContext {
  const memo = new Map<string, unknown>();
  return {
    index: docs,
    namespaceOf: (d) => d.resource?.namespace ?? 'default',
    memo: <T>(key: string, compute: () => T): T => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}

describe('podTemplatesOf', () => {
  const docs: ManifestDoc[] = load(MANIFESTS).docs;
  const ctx = runContext(docs);
  const templates = podTemplatesOf(ctx);

  it('yields every pod template that runs pods, with its labels and their path', () => {
    expect(templates.map((t) => [t.kind, t.name, t.labels, t.labelsPath])).toEqual([
      // A non-string label value is a schema error, not a label.
      ['Pod', 'p', { app: 'p' }, ['metadata', 'labels']],
      ['Deployment', 'd', { app: 'web', tier: 'front-end' }, ['spec', 'template', 'metadata', 'labels']],
      ['CronJob', 'cj', { app: 'report' }, ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']],
      // A custom workload shaped like a Deployment; a PodTemplate object runs no pods, nor does an
      // Ingress (a built-in kind) however it is shaped.
      ['Rollout', 'r', {}, ['spec', 'template', 'metadata', 'labels']],
      ['StatefulSet', 's', { app: 'web' }, ['spec', 'template', 'metadata', 'labels']],
    ]);
    expect(templates[1]?.pod.path).toEqual(['spec', 'template', 'spec']);
  });

  it('is computed once per run', () => {
    expect(podTemplatesOf(ctx)).toBe(templates);
    expect(podTemplatesOf(runContext(docs))).not.toBe(templates);
  });

  it('matches selectors through the index, in document order', () => {
    const index = templateIndexOf(ctx);
    const names = (reqs: Requirement[], ns: string): (string | undefined)[] =>
      index.matching(reqs, ns).map((t) => t.name);
    expect(names(selector({ matchLabels: { app: 'web' } }), 'a')).toEqual(['d']);
    expect(names(selector({ matchLabels: { app: 'web' } }), 'b')).toEqual(['s']);
    expect(
      names(selector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'report'] }] }), 'b'),
    ).toEqual(['cj', 's']);
    expect(names(selector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }), 'b')).toEqual([
      'cj',
      's',
    ]);
    expect(
      names(selector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }), 'b'),
    ).toEqual(['cj', 'r']);
    expect(names(selector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }), 'b')).toEqual([
      'r',
    ]);
    expect(names(selector({ matchLabels: { app: 'web', tier: 'back-end' } }), 'a')).toEqual([]);
    expect(names(selector({ matchLabels: { app: 'web' } }), 'nowhere')).toEqual([]);
  });

  it('finds the closest template of a namespace, and a match in another namespace', () => {
    const ns = (d: ManifestDoc): string => d.resource?.namespace ?? 'default';
    const inA = templates.filter((t) => ns(t.doc) === 'a');
    const frontend = parseMapSelector({ app: 'web', tier: 'frontend' }) ?? [];
    expect(closestTemplate(frontend, inA)?.template.name).toBe('d');
    // A single differing value must look like a typo to count as close.
    expect(closestTemplate(parseMapSelector({ app: 'webb' }) ?? [], inA)?.template.name).toBe('d');
    expect(closestTemplate(parseMapSelector({ app: 'billing' }) ?? [], inA)).toBeUndefined();

    const index = templateIndexOf(ctx);
    const hint = noMatchHint(frontend, 'a', index, 'a Service');
    expect(hint.text).toBe(' (closest: Deployment "d" has tier="front-end")');
    expect(hint.related[0]?.path).toEqual(['spec', 'template', 'metadata', 'labels', 'tier']);

    const elsewhere = noMatchHint(parseMapSelector({ app: 'report' }) ?? [], 'a', index, 'a Service');
    expect(elsewhere.text).toBe(
      ' (CronJob "cj" in namespace "b" matches, but a Service selects pods of its own namespace only)',
    );
  });

  it('finds a template differing by typos only through the index', () => {
    const hint = noMatchHint(parseMapSelector({ app: 'webb' }) ?? [], 'a', templateIndexOf(ctx), 'a Service');
    expect(hint.text).toBe(' (closest: Deployment "d" has app="web")');
    expect(
      noMatchHint(parseMapSelector({ app: 'billing' }) ?? [], 'a', templateIndexOf(ctx), 'a Service').text,
    ).toBe('');
  });

  it('compares a bounded number of templates, and then says "a near match" instead of "closest"', () => {
    const deployment = (i: number, tier: string): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}}\nspec: {template: {metadata: {labels: {app: web, tier: ${tier}}}, spec: {containers: [{name: c, image: x}]}}}\n`;
    const few = load([1, 2, 3].map((i) => deployment(i, `tier${i}`)).join('---\n')).docs;
    const many = load(Array.from({ length: 100 }, (_, i) => deployment(i, `tier${i}`)).join('---\n')).docs;
    const wanted = parseMapSelector({ app: 'web', tier: 'tier2x' }) ?? [];
    expect(noMatchHint(wanted, 'default', templateIndexOf(runContext(few)), 'a Service').text).toBe(
      ' (closest: Deployment "d2" has tier="tier2")',
    );
    // All 100 share app=web and fail tier: only the first ones are compared.
    const near = templateIndexOf(runContext(many)).nearMatchCandidates(wanted, 'default');
    expect(near.complete).toBe(false);
    expect(near.templates.length).toBeLessThan(100);
    expect(noMatchHint(wanted, 'default', templateIndexOf(runContext(many)), 'a Service').text).toMatch(
      /^ \(a near match: Deployment "d\d+" has tier="tier\d+"\)$/,
    );
  });

  it('lists the ports of app containers and sidecars, with their protocol', () => {
    const deployment = templates[1];
    expect(
      deployment &&
        servingPortsOf(deployment.pod).map((p) => [p.containerName, p.name, p.containerPort, p.protocol]),
    ).toEqual([
      ['proxy', 'proxy', 15001, 'TCP'],
      ['web', 'http', 80, 'TCP'],
      ['web', undefined, 53, 'UDP'],
    ]);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['web', 'web', 0],
    ['frontend', 'front-end', 1],
    ['migrate', 'migrations', 4],
    ['kitten', 'sitting', 3],
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
