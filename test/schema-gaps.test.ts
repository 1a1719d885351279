import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';

function findings(text: string): string[] {
  return lintTexts([{ path: 'm.yaml', text }], { cwd: tmpdir() }).findings.map(
    (f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`,
  );
}

describe('a required field set to null', () => {
  it('containers: null is schema-required, as the API server reports "Required value"', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: null
  initContainers: null
`;
    expect(findings(text)).toEqual([
      '5:15 schema-required required field "containers" in spec is null, which the API server reads as unset (spec.containers: Required value)',
    ]);
  });

  it('is found at any depth and in flow style; a null number is unset without claiming "Required value"', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
        - {name: ~, image: "nginx:1.27.3", ports: [{containerPort: null}]}
`;
    expect(findings(text)).toEqual([
      '10:18 schema-required required field "name" in spec.template.spec.containers[0] is null, which the API server reads as unset (spec.template.spec.containers[0].name: Required value)',
      '10:68 schema-required required field "containerPort" in spec.template.spec.containers[0].ports[0] is null, which the API server reads as unset',
    ]);
  });

  it('optional fields and map values set to null stay unset, with no finding', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: c, labels: null, annotations: {a: null}}
data: null
`;
    expect(findings(text)).toEqual([]);
  });
});

describe('an unparseable quantity', () => {
  it('is one schema-format finding, not also resource-request-exceeds-limit', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: nginx:1.27.3
      resources:
        requests: {cpu: 1x, memory: 64Mi}
        limits: {cpu: 2, memory: 2gi}
`;
    expect(findings(text)).toEqual([
      '9:25 schema-format spec.containers[0].resources.requests.cpu must be a quantity such as "500m", "128Mi" or "2", got the string "1x"',
      '10:34 schema-format spec.containers[0].resources.limits.memory must be a quantity such as "500m", "128Mi" or "2", got the string "2gi"',
    ]);
  });
});
