import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';

function findings(ruleId: string, options: Record<string, unknown>, text: string): string[] {
  return lintTexts([{ path: 'o.yaml', text }], {
    ruleOverrides: new Map([[ruleId, { severity: 'warning', options }]]),
  })
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);
}

const pod = (container: string): string => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - ${container}
`;

describe('image-registry-not-allowed options', () => {
  const text = pod(`{name: app, image: "ghcr.io/acme-evil/api:1.0"}`);

  it('reports nothing without allowedRegistries, or with an empty list', () => {
    expect(findings('image-registry-not-allowed', {}, text)).toEqual([]);
    expect(findings('image-registry-not-allowed', { allowedRegistries: [] }, text)).toEqual([]);
  });

  it('matches a host/path prefix on whole path components', () => {
    expect(findings('image-registry-not-allowed', { allowedRegistries: ['ghcr.io/acme'] }, text)).toEqual([
      'image "ghcr.io/acme-evil/api:1.0" of container "app" comes from "ghcr.io", which is not in allowedRegistries (ghcr.io/acme)',
    ]);
    expect(findings('image-registry-not-allowed', { allowedRegistries: ['ghcr.io'] }, text)).toEqual([]);
  });

  it('says when an image without a registry comes from Docker Hub, and accepts its aliases', () => {
    const hub = pod(`{name: app, image: "grafana/grafana:11.2.2"}`);
    expect(findings('image-registry-not-allowed', { allowedRegistries: ['quay.io'] }, hub)).toEqual([
      'image "grafana/grafana:11.2.2" of container "app" names no registry, so it is pulled from Docker Hub (docker.io), which is not in allowedRegistries (quay.io)',
    ]);
    expect(
      findings('image-registry-not-allowed', { allowedRegistries: ['index.docker.io/grafana'] }, hub),
    ).toEqual([]);
    expect(
      findings('image-registry-not-allowed', { allowedRegistries: ['docker.io/library'] }, hub),
    ).toHaveLength(1);
  });
});

describe('host-port-set options', () => {
  const text = pod(
    `{name: app, image: "nginx:1.27.3", ports: [{containerPort: 80, hostPort: 80}, {containerPort: 81, hostPort: 8081}]}`,
  );

  it('allowedHostPorts lists host ports that are not reported', () => {
    expect(findings('host-port-set', {}, text)).toHaveLength(2);
    expect(findings('host-port-set', { allowedHostPorts: [80] }, text)).toEqual([
      'hostPort (container "app" uses hostPort 8081), which Pod Security "baseline" forbids: the port is opened on the node itself, bypassing NetworkPolicies on the pod network, and only one such pod fits on each node',
    ]);
  });
});
