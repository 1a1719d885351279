import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';
import { commandBehaviour, scriptBehaviour } from '../src/lifecycle/index.js';
import { simulateDocs, type Simulation } from '../src/lifecycle/run.js';
import { load } from './helpers.js';

function simulate(text: string, horizon?: number): Simulation[] {
  return simulateDocs(load(text).docs, { horizon });
}

function lifecycleFindings(text: string): [string, number, string][] {
  return lintTexts([{ path: 'x.yaml', text }])
    .findings.filter((f) => !['latest-tag-implicit-pull', 'probe-port-not-exposed'].includes(f.ruleId))
    .map((f) => [f.ruleId, f.range.start.line, f.severity]);
}

// https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#init-containers-in-use
const MYAPP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
`;
const MYAPP_SERVICES = `---
apiVersion: v1
kind: Service
metadata:
  name: myservice
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: mydb
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9377
`;

// https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
function probePod(probe: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: goproxy
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 80
${probe}`;
}

describe('lifecycle: the Kubernetes docs scenarios', () => {
  it('myapp-pod alone is stuck in Init:0/2, waiting for myservice', () => {
    const [sim] = simulate(MYAPP_POD);
    expect(sim?.outcome.status).toBe('Init:0/2');
    expect(sim?.outcome.summary).toBe(
      'stuck in Init:0/2: init container "init-myservice" waits for "myservice.default.svc.cluster.local", and no Service "myservice" in namespace "default" is in the input',
    );
    // The input has no Service at all: it looks partial, so the finding is informational.
    expect(lifecycleFindings(MYAPP_POD)).toEqual([['init-waits-for-missing-service', 15, 'info']]);
  });

  it('myapp-pod runs once both Services are in the input', () => {
    const [sim] = simulate(MYAPP_POD + MYAPP_SERVICES);
    expect(sim?.outcome).toMatchObject({ status: 'Running', ready: true });
    expect(sim?.events.map((e) => e.status)).toContain('PodInitializing');
    expect(lifecycleFindings(MYAPP_POD + MYAPP_SERVICES)).toEqual([]);
  });

  it('with only one Service present, waits for the other with a warning', () => {
    const text = MYAPP_POD + MYAPP_SERVICES.split('---').slice(0, 2).join('---');
    expect(simulate(text)[0]?.outcome.status).toBe('Init:1/2');
    expect(lifecycleFindings(text)).toEqual([['init-waits-for-missing-service', 18, 'warning']]);
  });

  it('echo SUCCESS under restartPolicy Always ends in CrashLoopBackOff with back-off 10s, 20s, 40s…', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: echo}
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: ["echo", "SUCCESS"]
`;
    const [sim] = simulate(text);
    expect(sim?.outcome.status).toBe('CrashLoopBackOff');
    const restarts = sim?.events.filter((e) => e.event.startsWith('restarted')).map((e) => e.t);
    expect(restarts?.slice(0, 5)).toEqual([10, 30, 70, 150, 310]);
    expect(
      lintTexts([{ path: 'x.yaml', text }]).findings.map((f) => [f.ruleId, f.range.start.line, f.message]),
    ).toEqual([
      [
        'crashloop-exits-immediately',
        8,
        'container "c" ("echo SUCCESS") exits at once with code 0; with restartPolicy Always kubelet restarts it every time, so the pod goes into CrashLoopBackOff (restarts at 10s, 30s, 1m10s, 2m30s, 5m10s, … (back-off capped at 5m))',
      ],
    ]);
  });

  it('a tcpSocket liveness probe on 8080 while the container listens on 80 kills it at 1 + 3 × 3 = 10s, then again with back-off', () => {
    const text = probePod(`    livenessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 1
      periodSeconds: 3
`);
    const [sim] = simulate(text);
    const kills = sim?.events.filter((e) => e.event.startsWith('liveness probe failed')).map((e) => e.t);
    expect(kills?.slice(0, 3)).toEqual([10, 30, 60]);
    expect(sim?.outcome).toMatchObject({ status: 'Running', ready: false });
    const findings = lifecycleFindings(text);
    // containerPort is informational: the kill is certain only if nothing listens on 8080 undeclared.
    expect(findings).toEqual([['liveness-probe-never-succeeds', 13, 'warning']]);
  });

  it('a readiness probe on the declared port makes the pod Ready', () => {
    const text = probePod(`    readinessProbe:
      tcpSocket:
        port: 80
      initialDelaySeconds: 5
      periodSeconds: 10
`);
    const [sim] = simulate(text);
    expect(sim?.outcome).toMatchObject({ status: 'Running', ready: true });
    expect(sim?.events.find((e) => e.event.includes('Ready'))?.t).toBe(5);
    expect(lifecycleFindings(text)).toEqual([]);
  });

  it('a readiness probe on an undeclared port never becomes Ready', () => {
    const text = probePod(`    readinessProbe:
      httpGet: {path: /healthz, port: 8081}
`);
    expect(simulate(text)[0]?.outcome).toMatchObject({ status: 'Running', ready: false });
    expect(lifecycleFindings(text)).toEqual([['readiness-never-ready', 11, 'warning']]);
  });

  it('the pi Job (perl bpi(2000), restartPolicy Never) completes', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;
    expect(simulate(text)[0]?.outcome.status).toBe('Completed');
    expect(lifecycleFindings(text)).toEqual([]);
  });
});

describe('lifecycle: other outcomes', () => {
  it('an init container that never exits blocks the pod', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      initContainers:
      - {name: setup, image: "busybox:1.36", command: ["sh", "-c", "tail -f /dev/null"]}
      containers:
      - {name: app, image: "nginx:1.27"}
`;
    expect(simulate(text)[0]?.outcome.status).toBe('Init:0/1');
    expect(lifecycleFindings(text)).toEqual([['init-container-never-completes', 10, 'error']]);
  });

  it('a Job whose container never exits never completes; activeDeadlineSeconds fails it', () => {
    const job = (extra: string, command: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
${extra}  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - {name: w, image: "busybox:1.36", command: ${command}}
`;
    expect(lifecycleFindings(job('', '["sleep", "infinity"]'))).toEqual([
      ['job-never-completes', 9, 'error'],
    ]);
    const deadline = job('  activeDeadlineSeconds: 60\n', '["sleep", "120"]');
    expect(simulate(deadline)[0]?.outcome.status).toBe('DeadlineExceeded');
    expect(lifecycleFindings(deadline)).toEqual([['job-never-completes', 10, 'error']]);
    expect(lifecycleFindings(job('  activeDeadlineSeconds: 600\n', '["sleep", "120"]'))).toEqual([]);
    const failing = job('  backoffLimit: 2\n', '["sh", "-c", "exit 3"]');
    expect(simulate(failing)[0]?.outcome.status).toBe('Failed');
    expect(lifecycleFindings(failing)).toEqual([['job-never-completes', 10, 'error']]);
  });

  it('a preStop sleep longer than the grace period is cut short', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 20
  containers:
  - name: app
    image: nginx:1.27
    lifecycle:
      preStop:
        exec: {command: ["sleep", "45"]}
`;
    expect(lifecycleFindings(text)).toEqual([['prestop-exceeds-grace-period', 11, 'warning']]);
    expect(lifecycleFindings(text.replace('"45"', '"15"'))).toEqual([]);
  });

  it('a database image without its required password env exits and crash-loops', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: postgres
        image: postgres:16
`;
    expect(lifecycleFindings(text)).toEqual([['crashloop-exits-immediately', 12, 'error']]);
    const withPassword =
      text + '        env: [{name: POSTGRES_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: pw}}}]\n';
    expect(lifecycleFindings(withPassword)).toEqual([]);
  });
});

describe('command classifier: unknown makes no claim', () => {
  it.each([
    [['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']],
    [['python', 'app.py']],
    [['java', '-jar', '/app/app.jar']],
    [['node', 'server.js']],
    [['/bin/sh', '-c', 'exec gunicorn -b 0.0.0.0:8000 app:app']],
    [['sh', '-c', 'python manage.py migrate && exec python manage.py runserver']],
    [['sh', '-c', 'if [ -f /x ]; then echo a; fi']],
    [['sh', '-c', 'sleep $DELAY']],
    [['sh', '-c', 'while true; do sync-once || exit 1; sleep 60; done']],
    [['sh', '/scripts/run.sh']],
    [['/manager', '--leader-elect']],
  ])('%j is unknown', (command) => {
    expect(commandBehaviour({ command })?.kind).toBe('unknown');
  });

  it('unknown app containers produce no lifecycle finding', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      initContainers:
      - {name: migrate, image: "ghcr.io/acme/app:1.0", command: ["python", "manage.py", "migrate"]}
      containers:
      - {name: app, image: "ghcr.io/acme/app:1.0", command: ["gunicorn", "app:app"], ports: [{containerPort: 8000}]}
      - {name: worker, image: "ghcr.io/acme/app:1.0"}
`;
    expect(lifecycleFindings(text)).toEqual([]);
    expect(simulate(text)[0]?.outcome).toMatchObject({ status: 'Running', ready: true });
  });

  it.each([
    ['echo hello', 'exits', 0],
    ['exit 3', 'exits', 3],
    ['echo a; sleep 5; echo b', 'exits', 0],
    ['set -e; false; sleep infinity', 'exits', 1],
    ['sleep infinity', 'runs-forever', undefined],
    ['tail -f /dev/null', 'runs-forever', undefined],
    ['while true; do echo tick; sleep 5; done', 'runs-forever', undefined],
    ['until nc -z db 5432; do sleep 1; done', 'waits-for', undefined],
    ['while ! wget -q -O- http://api:8080/healthz; do sleep 2; done; echo ok', 'waits-for', undefined],
  ])('%j → %s', (script, kind, code) => {
    const b = scriptBehaviour(script);
    expect(b.kind).toBe(kind);
    if (code !== undefined && b.kind === 'exits') expect(b.code).toBe(code);
  });

  it('reads the waited-for host and port', () => {
    expect(scriptBehaviour('until nc -z -w 1 db.data 5432; do sleep 1; done')).toMatchObject({
      host: 'db.data',
      port: 5432,
    });
    expect(scriptBehaviour('until curl -fs http://api:8080/ready; do sleep 1; done')).toMatchObject({
      host: 'api',
      port: 8080,
    });
  });
});

describe('lifecycle: review cases', () => {
  const pod = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;

  it('knows the Services every cluster has', () => {
    const text = pod(`  initContainers:
  - {name: w, image: "busybox:1.36", command: ["sh", "-c", "until nslookup kubernetes.default.svc.cluster.local; do sleep 2; done"]}
  containers:
  - {name: app, image: "nginx:1.27"}
`);
    expect(lifecycleFindings(text)).toEqual([]);
    expect(simulate(text)[0]?.outcome.status).toBe('Running');
  });

  it('a Job that waits for a Service in the input and then finishes completes', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: migrate, image: "busybox:1.36", command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done; echo migrated"]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {ports: [{port: 5432}]}
`;
    expect(simulate(text)[0]?.outcome.status).toBe('Completed');
    expect(lifecycleFindings(text)).toEqual([]);
  });

  it("counts a stock server image's default port even when other ports are declared", () => {
    const text = pod(`  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 8080}]
    livenessProbe: {tcpSocket: {port: 80}}
`);
    expect(lifecycleFindings(text)).toEqual([]);
  });

  it('still reports what follows a wait on a Service the input lacks', () => {
    const text = pod(`  initContainers:
  - {name: w, image: "busybox:1.36", command: ["sh", "-c", "until nslookup cache; do sleep 2; done"]}
  containers:
  - {name: app, image: "busybox:1.36", command: ["echo", "done"]}
`);
    expect(simulate(text)[0]?.outcome.status).toBe('Init:0/1');
    expect(lifecycleFindings(text)).toEqual([
      ['init-waits-for-missing-service', 6, 'info'],
      ['crashloop-exits-immediately', 8, 'error'],
    ]);
  });

  it("checks sidecars' probes, failing startup probes and exec probes that time out", () => {
    const text = pod(`  initContainers:
  - name: proxy
    image: ghcr.io/acme/proxy:1.0
    restartPolicy: Always
    ports: [{containerPort: 15001}]
    readinessProbe: {httpGet: {port: 15020}}
  containers:
  - name: app
    image: ghcr.io/acme/app:1.0
    ports: [{containerPort: 8080}]
    startupProbe: {exec: {command: ["sh", "-c", "exit 1"]}}
  - name: worker
    image: ghcr.io/acme/app:1.0
    ports: [{containerPort: 9090}]
    livenessProbe: {exec: {command: ["sleep", "5"]}}
`);
    expect(lifecycleFindings(text)).toEqual([
      ['readiness-never-ready', 10, 'warning'],
      ['liveness-probe-never-succeeds', 15, 'error'],
      ['liveness-probe-never-succeeds', 19, 'error'],
    ]);
  });

  it('says when a preStop hook ends inside the 2s extension', () => {
    const text = pod(`  containers:
  - name: app
    image: nginx:1.27
    lifecycle: {preStop: {exec: {command: ["sleep", "31"]}}}
`);
    const [finding] = lintTexts([{ path: 'x.yaml', text }]).findings.filter(
      (f) => f.ruleId === 'prestop-exceeds-grace-period',
    );
    expect(finding?.message).toContain(
      "finishes only within kubelet's one-off 2s extension, so the app gets SIGTERM at most 1s before SIGKILL",
    );
  });
});
