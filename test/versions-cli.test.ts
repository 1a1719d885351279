import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/load/types.js';

// The built CLI, as a user runs it: --kubernetes-version, kubernetesVersion in the config, --no-strict.

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function kubelint(args: string[], files: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'kubelint-versions-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const findings = r.status !== 2 && args.includes('json') ? (JSON.parse(r.stdout) as Finding[]) : [];
  return {
    code: r.status,
    stderr: r.stderr,
    findings: findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId}`),
    messages: findings.map((f) => f.message),
  };
}

// GA in 1.36; 1.34 serves it only as v1alpha1/v1beta1.
const MUTATING_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata: {name: add-label}
spec:
  failurePolicy: Fail
`;
// Served in 1.34 as v1alpha1; 1.36 serves PodCertificateRequest as certificates.k8s.io/v1beta1 only.
const POD_CERTIFICATE_REQUEST = `apiVersion: certificates.k8s.io/v1alpha1
kind: PodCertificateRequest
metadata: {name: req}
spec:
  signerName: example.com/pod-identity
  podName: web-0
  podUID: 7d3c5f8e-1b2a-4c3d-9e8f-0a1b2c3d4e5f
  serviceAccountName: web
  serviceAccountUID: 2f1e0d9c-8b7a-4654-3210-fedcba987654
  nodeName: node-1
  nodeUID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d
  pkixPublicKey: MCowBQYDK2VwAyEA
  proofOfPossession: c2lnbmF0dXJl
`;
const OLD_DEPLOYMENT = `apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27.3"}]
`;
const TYPO = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replica: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27.3"}]
`;

describe('kubelint --kubernetes-version', () => {
  const json = ['--format', 'json'];

  it('validates against the chosen version: a kind served by 1.36 but not 1.34', () => {
    expect(kubelint(['m.yaml', ...json], { 'm.yaml': MUTATING_POLICY }).findings).toEqual([]);
    const old = kubelint(['m.yaml', ...json, '--kubernetes-version', '1.34'], { 'm.yaml': MUTATING_POLICY });
    expect(old.code).toBe(0);
    expect(old.findings).toEqual(['1:13 unknown-kind']);
    expect(old.messages[0]).toContain('Kubernetes 1.34 has no MutatingAdmissionPolicy');
  });

  it('and a kind served by 1.34 but not 1.36', () => {
    const file = { 'm.yaml': POD_CERTIFICATE_REQUEST };
    expect(kubelint(['m.yaml', ...json, '--kubernetes-version', 'v1.34'], file).findings).toEqual([]);
    expect(kubelint(['m.yaml', ...json, '--kubernetes-version', '1.36'], file).findings).toEqual([
      '1:13 unknown-kind',
    ]);
  });

  it('an extensions/v1beta1 Deployment is removed-api-version for 1.34 (exit 1)', () => {
    const r = kubelint(['m.yaml', ...json, '--kubernetes-version', '1.34'], { 'm.yaml': OLD_DEPLOYMENT });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(['1:13 removed-api-version']);
    expect(r.messages).toEqual([
      'extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1 (target is 1.34)',
    ]);
  });

  it.each(['1.20', '1.35', 'banana'])(
    '--kubernetes-version %s without embedded schemas is a usage error (exit 2)',
    (v) => {
      const r = kubelint(['m.yaml', '--kubernetes-version', v], { 'm.yaml': OLD_DEPLOYMENT });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--kubernetes-version "${v}" has no embedded schemas (available: 1.32, 1.33, 1.34, 1.36)`,
      );
    },
  );

  it('kubernetesVersion in .kubelint.yaml selects the version, and the flag wins over it', () => {
    const files = { 'm.yaml': MUTATING_POLICY, '.kubelint.yaml': 'kubernetesVersion: "1.34"\n' };
    expect(kubelint(['m.yaml', ...json], files).findings).toEqual(['1:13 unknown-kind']);
    expect(kubelint(['m.yaml', ...json, '--kubernetes-version', '1.36'], files).findings).toEqual([]);
  });
});

describe('kubelint --no-strict', () => {
  it('reports an unknown field by default and not with --no-strict', () => {
    const strict = kubelint(['m.yaml', '--format', 'json'], { 'm.yaml': TYPO });
    expect(strict.code).toBe(1);
    expect(strict.findings).toEqual(['5:3 schema-unknown-field']);
    const lenient = kubelint(['m.yaml', '--format', 'json', '--no-strict'], { 'm.yaml': TYPO });
    expect(lenient.code).toBe(0);
    expect(lenient.findings).toEqual([]);
  });
});
