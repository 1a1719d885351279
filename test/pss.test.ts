import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import type { RuleSetting } from '../src/engine/index.js';
import { lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';

// The Pod Security Standards as rules: `pss-baseline` is the rules with meta.pss 'baseline',
// `pss-restricted` those plus the 'restricted' ones. Each control of
// https://kubernetes.io/docs/concepts/security/pod-security-standards/ gets a manifest that breaks
// only it; the levels must flag exactly the manifests pod-security-admission would reject.
const BASELINE = builtinRules.filter((r) => r.meta.pss === 'baseline').map((r) => r.id);
const RESTRICTED = [...BASELINE, ...builtinRules.filter((r) => r.meta.pss === 'restricted').map((r) => r.id)];

/** Only the given rules on, at warning. */
function lintWith(rules: readonly string[], text: string): Finding[] {
  const on = new Set(rules);
  const overrides = new Map<string, RuleSetting>(
    builtinRules.map((r) => [r.id, { severity: on.has(r.id) ? 'warning' : 'off', options: {} }]),
  );
  return lintTexts([{ path: 'pss.yaml', text }], { ruleOverrides: overrides }).findings.filter((f) =>
    on.has(f.ruleId),
  );
}

/** A pod that passes the restricted level; `patch` edits it into a violation of one control. */
interface Pod {
  spec: Record<string, unknown>;
  container: Record<string, unknown>;
  annotations?: Record<string, string>;
}

function restrictedPod(): Pod {
  return {
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
    container: {
      name: 'app',
      image: 'ghcr.io/acme/app:1.0.0',
      ports: [{ containerPort: 8080 }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  };
}

function manifest(pod: Pod): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(pod.annotations ? { annotations: pod.annotations } : {}) },
    spec: { ...pod.spec, containers: [pod.container] },
  };
  return JSON.stringify(doc, null, 2);
}

function containerSc(pod: Pod): Record<string, unknown> {
  return pod.container.securityContext as Record<string, unknown>;
}

function podSc(pod: Pod): Record<string, unknown> {
  return pod.spec.securityContext as Record<string, unknown>;
}

/** [control, rule expected to report it, edit]. */
const BASELINE_CONTROLS: [string, string, (p: Pod) => void][] = [
  ['HostProcess', 'host-process-container', (p) => (containerSc(p).windowsOptions = { hostProcess: true })],
  ['Host Namespaces: hostNetwork', 'host-namespace-shared', (p) => (p.spec.hostNetwork = true)],
  ['Host Namespaces: hostPID', 'host-namespace-shared', (p) => (p.spec.hostPID = true)],
  ['Host Namespaces: hostIPC', 'host-namespace-shared', (p) => (p.spec.hostIPC = true)],
  ['Privileged Containers', 'privileged-container', (p) => (containerSc(p).privileged = true)],
  [
    'Capabilities',
    'capability-beyond-baseline',
    (p) => (containerSc(p).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }),
  ],
  [
    'HostPath Volumes',
    'host-path-volume',
    (p) => (p.spec.volumes = [{ name: 'h', hostPath: { path: '/etc' } }]),
  ],
  ['Host Ports', 'host-port-set', (p) => (p.container.ports = [{ containerPort: 8080, hostPort: 8080 }])],
  [
    'AppArmor (field)',
    'apparmor-profile-disallowed',
    (p) => (containerSc(p).appArmorProfile = { type: 'Unconfined' }),
  ],
  [
    'AppArmor (annotation)',
    'apparmor-profile-disallowed',
    (p) => (p.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }),
  ],
  ['SELinux: type', 'selinux-options-disallowed', (p) => (podSc(p).seLinuxOptions = { type: 'spc_t' })],
  [
    'SELinux: user',
    'selinux-options-disallowed',
    (p) => (containerSc(p).seLinuxOptions = { user: 'system_u' }),
  ],
  ['/proc Mount Type', 'proc-mount-unmasked', (p) => (containerSc(p).procMount = 'Unmasked')],
  ['Seccomp', 'seccomp-profile-unconfined', (p) => (podSc(p).seccompProfile = { type: 'Unconfined' })],
  ['Sysctls', 'sysctl-unsafe', (p) => (podSc(p).sysctls = [{ name: 'kernel.msgmax', value: '65536' }])],
  [
    'Probes / Lifecycle Hooks',
    'probe-host-set',
    (p) => (p.container.livenessProbe = { tcpSocket: { host: '10.0.0.1', port: 8080 } }),
  ],
];

/** Controls only the restricted level has: the pod passes baseline. */
const RESTRICTED_CONTROLS: [string, string, (p: Pod) => void][] = [
  [
    'Volume Types',
    'volume-type-disallowed',
    (p) => (p.spec.volumes = [{ name: 'n', nfs: { server: 'nfs', path: '/x' } }]),
  ],
  [
    'Privilege Escalation',
    'privilege-escalation-allowed',
    (p) => delete containerSc(p).allowPrivilegeEscalation,
  ],
  ['Running as Non-root', 'run-as-non-root-not-required', (p) => delete podSc(p).runAsNonRoot],
  ['Running as Non-root user', 'run-as-user-root', (p) => (containerSc(p).runAsUser = 0)],
  ['Seccomp', 'seccomp-profile-not-set', (p) => delete podSc(p).seccompProfile],
  ['Capabilities: drop ALL', 'capabilities-not-minimal', (p) => delete containerSc(p).capabilities],
  [
    'Capabilities: add',
    'capabilities-not-minimal',
    (p) => (containerSc(p).capabilities = { drop: ['ALL'], add: ['CHOWN'] }),
  ],
  [
    '/proc Mount Type in a user namespace',
    'proc-mount-unmasked-user-namespace',
    (p) => {
      p.spec.hostUsers = false;
      containerSc(p).procMount = 'Unmasked';
    },
  ],
];

describe('Pod Security Standards rules', () => {
  it('every rule with a pss level is a security rule', () => {
    for (const r of builtinRules.filter((r) => r.meta.pss)) expect(r.meta.category, r.id).toBe('security');
    expect(BASELINE.length).toBeGreaterThanOrEqual(12);
    expect(RESTRICTED.length - BASELINE.length).toBeGreaterThanOrEqual(7);
  });

  it('a fully restricted-compliant pod passes every pss rule', () => {
    expect(lintWith(RESTRICTED, manifest(restrictedPod()))).toEqual([]);
  });

  it('a restricted-compliant CronJob with init and sidecar containers passes every pss rule', () => {
    const sc = '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}';
    const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/report: runtime/default
        spec:
          restartPolicy: OnFailure
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
            sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "80"}]
            seLinuxOptions: {level: "s0:c1,c2"}
          initContainers:
            - {name: init, image: "busybox:1.36.1", securityContext: ${sc}}
            - {name: proxy, image: "envoyproxy/envoy:v1.31.2", restartPolicy: Always, securityContext: ${sc}}
          containers:
            - name: report
              image: ghcr.io/acme/report:5.1.0
              securityContext: ${sc}
              volumeMounts: [{name: data, mountPath: /data}, {name: creds, mountPath: /creds}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: data}}
            - {name: creds, projected: {sources: [{secret: {name: creds}}]}}
`;
    expect(lintWith(RESTRICTED, text)).toEqual([]);
  });

  describe.each(BASELINE_CONTROLS)('baseline control %s', (_control, ruleId, edit) => {
    const pod = restrictedPod();
    edit(pod);
    const text = manifest(pod);

    it(`is flagged by pss-baseline, by ${ruleId}`, () => {
      const findings = lintWith(BASELINE, text);
      expect(findings.map((f) => f.ruleId)).toContain(ruleId);
    });

    it('is reported once under pss-restricted (restricted rules do not repeat the baseline finding)', () => {
      expect(lintWith(RESTRICTED, text).map((f) => f.ruleId)).toEqual([ruleId]);
    });
  });

  describe.each(RESTRICTED_CONTROLS)('restricted control %s', (_control, ruleId, edit) => {
    const pod = restrictedPod();
    edit(pod);
    const text = manifest(pod);

    it('passes pss-baseline', () => {
      expect(lintWith(BASELINE, text)).toEqual([]);
    });

    it(`is flagged by pss-restricted, by ${ruleId} alone`, () => {
      expect(lintWith(RESTRICTED, text).map((f) => f.ruleId)).toEqual([ruleId]);
    });
  });

  it('the default pod (nothing set) passes baseline and fails restricted on the four required fields', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.0.0
`;
    expect(lintWith(BASELINE, text)).toEqual([]);
    expect(
      lintWith(RESTRICTED, text)
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual([
      'capabilities-not-minimal',
      'privilege-escalation-allowed',
      'run-as-non-root-not-required',
      'seccomp-profile-not-set',
    ]);
  });

  it('messages follow pod-security-admission: reason, then which container must set what', () => {
    const pod = restrictedPod();
    delete containerSc(pod).allowPrivilegeEscalation;
    const [finding] = lintWith(RESTRICTED, manifest(pod));
    expect(finding?.message).toMatch(
      /^allowPrivilegeEscalation != false \(container "app" must set securityContext\.allowPrivilegeEscalation=false\), which Pod Security "restricted" forbids/,
    );
  });
});
