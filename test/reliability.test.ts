import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';

const RULES = join(import.meta.dirname, '..', 'rules');

/** The findings of one rule (enabled even when off by default) on a rule's invalid.yaml. */
function findingsOf(id: string, file = 'invalid.yaml'): Finding[] {
  const path = join(RULES, id, file);
  const rule = builtinRules.find((r) => r.id === id);
  const ruleOverrides = new Map([[id, { severity: rule?.meta.severity ?? 'warning', options: {} }]]);
  return lintTexts([{ path, text: readFileSync(path, 'utf8') }], { ruleOverrides }).findings.filter(
    (f) => f.ruleId === id,
  );
}

const messages = (id: string): string[] => findingsOf(id).map((f) => f.message);

describe('reliability rules say what is true of the manifest', () => {
  it('pdb-blocks-eviction rounds percentages up and names the selected workloads', () => {
    const m = messages('pdb-blocks-eviction');
    expect(m[0]).toMatch(/^maxUnavailable 0 allows no voluntary eviction/);
    expect(m[1]).toMatch(
      /^minAvailable 3 is not less than the 3 pods selected by "app=api" \(Deployment "api"\)/,
    );
    expect(m[2]).toMatch(/^minAvailable "90%" \(3 of 3, rounded up\) is not less than the 3 pods/);
    expect(m[3]).toMatch(/^minAvailable "100%" keeps every selected pod available/);
    expect(findingsOf('pdb-blocks-eviction')[1]?.related?.[0]?.message).toBe(
      'Deployment "api" selected by the budget',
    );
  });

  it('rolling-update-invalid applies the API server defaults before judging', () => {
    const m = messages('rolling-update-invalid');
    expect(m).toHaveLength(6);
    expect(m[0]).toContain('may not be 0 when `maxSurge` is 0');
    expect(m[0]).toContain('maxUnavailable 0 and maxSurge "0%"');
    expect(m[1]).toContain("may not be specified when strategy `type` is 'Recreate'");
    expect(m[2]).toContain('must not be greater than 100%');
    expect(m[3]).toContain('maxSurge: Invalid value: "5": a valid percent string');
    expect(m[4]).toContain('maxSurge (not set, defaults to 0)');
    expect(m[5]).toContain('may not be set when maxUnavailable is non-zero');
  });

  it('missing-resource-requests counts a limit as the request', () => {
    const m = messages('missing-resource-requests');
    expect(m[0]).toMatch(/^init container "migrate" requests no cpu and memory/);
    expect(m[1]).toMatch(/^container "web" requests no memory /);
    expect(m[2]).toMatch(/^container "cache" requests no memory /);
  });

  it('single-replica tells a StatefulSet rollout from a Deployment one', () => {
    const m = messages('single-replica');
    expect(m[0]).toBe(
      'Deployment "api" runs one pod (spec.replicas is 1): a node drain, an eviction or a crash leaves it with no pod serving until a replacement is scheduled and ready',
    );
    expect(m[1]).toContain(
      'spec.replicas is not set and defaults to 1): every rollout (the controller deletes',
    );
  });

  it('pdb-missing names the namespace it looked in', () => {
    expect(messages('pdb-missing')).toEqual([
      expect.stringContaining(
        'Deployment "api" runs 3 replicas, but no PodDisruptionBudget in the input selects its pods in namespace "shop"',
      ),
      expect.stringContaining(
        'StatefulSet "web" runs 2 replicas, but no PodDisruptionBudget in the input selects its pods in namespace "staging"',
      ),
    ]);
  });

  it('liveness-equals-readiness points at both probes', () => {
    const [first] = findingsOf('liveness-equals-readiness');
    expect(first?.range.start.line).toBe(17);
    expect(first?.related?.[0]?.range.start.line).toBe(19);
  });
});
