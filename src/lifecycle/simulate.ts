import type { JsonPath, ResourceId, Severity } from '../load/types.js';
import { POD_NAMESPACE, type Behaviour } from './command.js';
import type { ContainerModel, PodModel, ProbeModel } from './model.js';

export interface TimelineEvent {
  /** Seconds since the pod was scheduled. */
  t: number;
  /** The pod's status as `kubectl get pods` shows it. */
  status: string;
  container?: string;
  event: string;
}

export type FactId =
  | 'crashloop-exits-immediately'
  | 'init-container-never-completes'
  | 'init-waits-for-missing-service'
  | 'liveness-probe-never-succeeds'
  | 'readiness-never-ready'
  | 'prestop-exceeds-grace-period'
  | 'job-never-completes';

export interface Fact {
  id: FactId;
  path: JsonPath;
  message: string;
  severity?: Severity;
  key?: boolean;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodOutcome {
  /** The pod phase at the steady state (a crash-looping pod is still Running). */
  phase?: PodPhase;
  /** Steady status as `kubectl get pods` shows it: Running, CrashLoopBackOff, Init:0/2, Completed, … */
  status: string;
  ready: boolean;
  /** The steady state in words. */
  summary: string;
}

export interface PodTrace {
  resource: ResourceId;
  podPath: JsonPath;
  events: TimelineEvent[];
  outcome: PodOutcome;
  facts: Fact[];
}

/** found: a Service of that name is in the input; missing/partial: it is not (partial: no Service in that namespace at all). */
export type HostLookup = (host: string) => 'found' | 'missing' | 'partial' | 'external';

export interface SimulateOptions {
  /** How far to play the timeline, in seconds (default 600). */
  horizon?: number;
  lookupHost: HostLookup;
  /** The pod's namespace, shown where a script reads it from the service account. */
  namespace?: string;
}

// kubelet's crash-loop back-off: 10s, doubling, capped at 300s.
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
const BACKOFF_START = 10;
const BACKOFF_MAX = 300;
// The Job controller's pod failure back-off: 10s, doubling, capped at 6 minutes.
const JOB_BACKOFF_MAX = 360;
const BACKOFF_RESET = 600;

export function backoffDelay(restart: number, max = BACKOFF_MAX): number {
  return Math.min(BACKOFF_START * 2 ** restart, max);
}

export function formatSeconds(t: number): string {
  if (!Number.isFinite(t)) return '∞';
  const s = Math.round(t);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return m < 60 ? `${m}m${rest ? `${rest}s` : ''}` : `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}`;
}

/** Restart times of a container that runs `runFor` seconds per start, from `start`, within the horizon. */
export function restartTimes(
  start: number,
  runFor: number,
  horizon: number,
): { exits: number[]; starts: number[] } {
  const exits: number[] = [];
  const starts: number[] = [start];
  let t = start;
  for (let n = 0; n < 50; n++) {
    const exit = t + runFor;
    if (exit > horizon) break;
    exits.push(exit);
    t = exit + backoffDelay(n);
    if (t > horizon) break;
    starts.push(t);
  }
  return { exits, starts };
}

function listTimes(times: number[]): string {
  const shown = times.slice(0, 5).map(formatSeconds).join(', ');
  return times.length > 5 ? `${shown}, … (back-off capped at 5m)` : shown;
}

function describe(b: Behaviour): string {
  return b.what;
}

class Timeline {
  readonly events: TimelineEvent[] = [];
  add(t: number, status: string, event: string, container?: string): void {
    const e: TimelineEvent = { t, status, event };
    if (container !== undefined) e.container = container;
    this.events.push(e);
  }
  sorted(): TimelineEvent[] {
    return this.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
      .map(({ e }) => e);
  }
}

function pullNote(c: ContainerModel): string {
  if (c.pullPolicy === 'Always')
    return `pulls image "${c.image}" (imagePullPolicy Always: checked at the registry on every start)`;
  if (c.pullPolicy === 'Never')
    return `uses image "${c.image}" only if already on the node (imagePullPolicy Never)`;
  return `pulls image "${c.image}" if not present`;
}

/** Play one pod of the template through kubelet's lifecycle. */
export function simulatePod(pod: PodModel, options: SimulateOptions): PodTrace {
  const horizon = options.horizon ?? 600;
  const tl = new Timeline();
  const facts: Fact[] = [];
  const initCount = pod.init.length;
  tl.add(0, 'Pending', 'scheduled to a node');
  let t = 0;
  let stuck: PodOutcome | undefined;

  for (let i = 0; i < pod.init.length && !stuck; i++) {
    const c = pod.init[i];
    if (!c) continue;
    const status = `Init:${i}/${initCount}`;
    tl.add(t, status, pullNote(c), c.name);
    if (c.ref.role === 'sidecar') {
      tl.add(
        t,
        status,
        `sidecar started (${describe(c.behaviour)}); it keeps running beside the app`,
        c.name,
      );
      if (c.behaviour.kind === 'exits' && c.behaviour.seconds < BACKOFF_RESET)
        crashLoopFact(pod, c, facts, t, horizon, 'sidecar container');
      continue;
    }
    const result = runInit(pod, c, i, t, tl, facts, options, horizon);
    if ('stuck' in result) stuck = result.stuck;
    else t = result.t;
  }
  if (stuck)
    return {
      resource: pod.resource,
      podPath: pod.podPath,
      events: tl.sorted(),
      outcome: withPhase(stuck),
      facts,
    };

  if (initCount) tl.add(t, 'PodInitializing', 'all init containers completed');
  const outcome = pod.job ? runJob(pod, t, tl, facts, horizon) : runService(pod, t, tl, facts, horizon);
  terminationFacts(pod, facts);
  return {
    resource: pod.resource,
    podPath: pod.podPath,
    events: tl.sorted(),
    outcome: withPhase(outcome),
    facts,
  };
}

function withPhase(outcome: PodOutcome): PodOutcome {
  const s = outcome.status;
  const phase: PodPhase =
    s === 'Completed'
      ? 'Succeeded'
      : ['Error', 'Failed', 'DeadlineExceeded', 'Init:Error'].includes(s)
        ? 'Failed'
        : s.startsWith('Init:') || s === 'PodInitializing' || s === 'Pending'
          ? 'Pending'
          : 'Running';
  return { ...outcome, phase };
}

function runInit(
  pod: PodModel,
  c: ContainerModel,
  i: number,
  t: number,
  tl: Timeline,
  facts: Fact[],
  options: SimulateOptions,
  horizon: number,
): { t: number } | { stuck: PodOutcome } {
  const status = `Init:${i}/${pod.init.length}`;
  const b = c.behaviour;
  const name = c.name;
  if (b.kind === 'unknown') {
    tl.add(t, status, `started; assumed to complete (${b.what})`, name);
    return { t };
  }
  if (b.kind === 'exits' && b.code === 0) {
    tl.add(t + b.seconds, status, `completed (${b.what})`, name);
    return { t: t + b.seconds };
  }
  if (b.kind === 'exits') {
    const never = pod.restartPolicy === 'Never';
    const steady = never ? 'Init:Error' : 'Init:CrashLoopBackOff';
    tl.add(t + b.seconds, steady, `exited with code ${b.code} (${b.what})`, name);
    const consequence = never
      ? 'with restartPolicy Never the pod fails (Init:Error)'
      : `kubelet restarts it with back-off and the pod stays in Init:CrashLoopBackOff`;
    facts.push({
      id: 'init-container-never-completes',
      path: c.behaviourPath,
      message: `init container "${name}" ${b.what} and exits with code ${b.code}: ${consequence}, so the app containers never start`,
    });
    return {
      stuck: { status: steady, ready: false, summary: `init container "${name}" fails: ${consequence}` },
    };
  }
  if (b.kind === 'runs-forever') {
    tl.add(t, status, `started (${b.what}); it never exits`, name);
    facts.push({
      id: 'init-container-never-completes',
      path: c.behaviourPath,
      message: `init container "${name}" never exits (${b.what}): init containers must complete before the next one starts, so the pod stays in ${status} and its app containers never start`,
    });
    return {
      stuck: {
        status,
        ready: false,
        summary: `stuck in ${status}: init container "${name}" never exits (${b.what})`,
      },
    };
  }
  // waits-for a host
  const found = options.lookupHost(b.host);
  const host = b.host.replaceAll(POD_NAMESPACE, options.namespace ?? 'default');
  const target = `"${host}"${b.port !== undefined ? ` port ${b.port}` : ''}`;
  if (found === 'missing' || found === 'partial') {
    tl.add(t, status, `started; ${b.what}: waiting for ${target}`, name);
    const service = host.split('.')[0] ?? host;
    facts.push({
      id: 'init-waits-for-missing-service',
      path: c.behaviourPath,
      severity: found === 'partial' ? 'info' : 'warning',
      message: `init container "${name}" waits for ${target}, and no Service "${service}" is in the input: unless it exists in the cluster, the pod stays in ${status} forever (add the Service "${service}")`,
    });
    return {
      stuck: {
        status,
        ready: false,
        summary: `stuck in ${status}: init container "${name}" waits for "${host}", and no Service "${service}" is in the input`,
      },
    };
  }
  const via = found === 'found' ? 'a Service in the input' : 'an external name, assumed reachable';
  tl.add(t, status, `${b.what}: ${target} is ${via}`, name);
  return runInit(pod, { ...c, behaviour: b.then }, i, t, tl, facts, options, horizon);
}

function crashLoopFact(
  pod: PodModel,
  c: ContainerModel,
  facts: Fact[],
  t: number,
  horizon: number,
  role: string,
): void {
  if (c.behaviour.kind !== 'exits') return;
  const { starts } = restartTimes(t, c.behaviour.seconds, Math.max(horizon, 3600));
  const policy =
    c.ref.role === 'sidecar'
      ? 'as a sidecar (restartPolicy Always)'
      : `with restartPolicy ${pod.restartPolicy}`;
  facts.push({
    id: 'crashloop-exits-immediately',
    path: c.behaviourPath,
    message: `${role} "${c.name}" ${c.behaviour.what} (exit code ${c.behaviour.code}); ${policy} kubelet restarts it every time, so the pod goes into CrashLoopBackOff (restarts at ${listTimes(starts.slice(1))})`,
  });
}

interface ContainerRun {
  crashloop: boolean;
  ready: boolean;
  completed?: { code: number; at: number };
  restartsForever: boolean;
  neverEnds: boolean;
  unknown: boolean;
}

/** A long-running pod (Deployment, StatefulSet, …, or a bare Pod). */
function runService(pod: PodModel, t0: number, tl: Timeline, facts: Fact[], horizon: number): PodOutcome {
  const runs = pod.app.map((c) => runContainer(pod, c, t0, tl, facts, horizon));
  const crashing = pod.app.filter((_, i) => runs[i]?.crashloop);
  const restarting = pod.app.filter((_, i) => runs[i]?.restartsForever && !runs[i]?.crashloop);
  const notReady = pod.app.filter((_, i) => !runs[i]?.ready);
  const done = runs.every((r) => r.completed);
  if (crashing.length)
    return {
      status: 'CrashLoopBackOff',
      ready: false,
      summary: `CrashLoopBackOff: ${crashing.map((c) => `"${c.name}"`).join(', ')} keep exiting and being restarted`,
    };
  if (done && runs.length) {
    const failed = runs.some((r) => r.completed && r.completed.code !== 0);
    return {
      status: failed ? 'Error' : 'Completed',
      ready: false,
      summary: `all containers exited (${failed ? 'Failed' : 'Succeeded'})`,
    };
  }
  if (restarting.length)
    return {
      status: 'Running',
      ready: false,
      summary: `Running, but ${restarting.map((c) => `"${c.name}"`).join(', ')} keep being killed by the liveness probe and restarted`,
    };
  if (notReady.length) {
    const unknown = runs.some((r) => r.unknown);
    return {
      status: 'Running',
      ready: false,
      summary: `Running, never Ready: ${notReady.map((c) => `"${c.name}"`).join(', ')} never pass readiness${unknown ? ' (some behaviour unknown)' : ''}`,
    };
  }
  const assumed = runs.some((r) => r.unknown);
  return {
    status: 'Running',
    ready: true,
    summary: `Running and Ready${assumed ? ' (assuming the unpredictable containers keep running)' : ''}`,
  };
}

function probeDelay(p: ProbeModel | undefined): number {
  return p ? p.initialDelaySeconds + p.periodSeconds * (p.successThreshold - 1) : 0;
}

function runContainer(
  pod: PodModel,
  c: ContainerModel,
  t0: number,
  tl: Timeline,
  facts: Fact[],
  horizon: number,
): ContainerRun {
  const b = c.behaviour;
  const name = c.name;
  const run: ContainerRun = {
    crashloop: false,
    ready: false,
    restartsForever: false,
    neverEnds: false,
    unknown: b.kind === 'unknown',
  };
  tl.add(t0, 'Running', `${pullNote(c)}; started (${b.what})`, name);
  if (b.kind === 'exits') {
    const restarts = pod.restartPolicy === 'Always' || (pod.restartPolicy === 'OnFailure' && b.code !== 0);
    if (!restarts) {
      tl.add(t0 + b.seconds, b.code === 0 ? 'Completed' : 'Error', `exited with code ${b.code}`, name);
      run.completed = { code: b.code, at: t0 + b.seconds };
      return run;
    }
    if (b.seconds < BACKOFF_RESET) {
      // kubelet resets the back-off once a container has run 10 minutes: only quicker exits loop.
      const { exits, starts } = restartTimes(t0, b.seconds, horizon);
      exits.forEach((at, n) =>
        tl.add(
          at,
          'CrashLoopBackOff',
          `exited with code ${b.code}; back-off ${formatSeconds(backoffDelay(n))} before restart`,
          name,
        ),
      );
      starts.slice(1).forEach((at, n) => tl.add(at, 'Running', `restarted (restart #${n + 1})`, name));
      run.crashloop = true;
      if (!pod.job) crashLoopFact(pod, c, facts, t0, horizon, 'container');
      return run;
    }
    if (t0 + b.seconds <= horizon)
      tl.add(
        t0 + b.seconds,
        'Running',
        `exited with code ${b.code} after ${formatSeconds(b.seconds)}; restarted`,
        name,
      );
  }
  run.neverEnds = b.kind === 'runs-forever';
  const { startupProbe: startup, livenessProbe: liveness, readinessProbe: readiness } = c.probes;
  let started = t0;
  if (startup) {
    if (startup.outcome.result === 'fails') {
      const killAt = t0 + startup.initialDelaySeconds + startup.failureThreshold * startup.periodSeconds;
      tl.add(
        killAt,
        'Running',
        `startup probe failed ${startup.failureThreshold} times (${startup.outcome.why}); killed and restarted`,
        name,
      );
      run.restartsForever = true;
      return run;
    }
    if (startup.outcome.result === 'errors') {
      tl.add(
        t0,
        'Running',
        `startup probe errors (${startup.outcome.why}); the container never counts as started`,
        name,
      );
      return run;
    }
    started = t0 + probeDelay(startup);
    tl.add(
      started,
      'Running',
      startup.outcome.result === 'unknown' ? 'startup probe assumed to succeed' : 'startup probe succeeded',
      name,
    );
  }
  const readyAt = readiness ? started + probeDelay(readiness) : started;
  const readinessPasses =
    !readiness || readiness.outcome.result === 'succeeds' || readiness.outcome.result === 'unknown';
  if (liveness?.outcome.result === 'fails') {
    const runFor =
      started - t0 + liveness.initialDelaySeconds + liveness.failureThreshold * liveness.periodSeconds;
    const { exits, starts } = restartTimes(t0, runFor, horizon);
    if (readinessPasses && readyAt < t0 + runFor)
      tl.add(readyAt, 'Running', 'Ready (until the liveness probe kills it)', name);
    exits.forEach((at, n) =>
      tl.add(
        at,
        'CrashLoopBackOff',
        `liveness probe failed ${liveness.failureThreshold} times; killed, back-off ${formatSeconds(backoffDelay(n))}`,
        name,
      ),
    );
    starts.slice(1).forEach((at, n) => tl.add(at, 'Running', `restarted (restart #${n + 1})`, name));
    run.restartsForever = true;
    facts.push({
      id: 'liveness-probe-never-succeeds',
      path: liveness.causePath,
      message: `livenessProbe of container "${name}" never succeeds (${liveness.outcome.why}), so kubelet kills the container ${formatSeconds(runFor)} after each start (initialDelaySeconds ${liveness.initialDelaySeconds} + failureThreshold ${liveness.failureThreshold} × periodSeconds ${liveness.periodSeconds}) and restarts it with back-off: kills at ${listTimes(exits)}`,
    });
    return run;
  }
  if (readinessPasses) {
    const how = !readiness
      ? 'Ready (no readiness probe)'
      : readiness.outcome.result === 'unknown'
        ? 'readiness probe assumed to succeed: Ready'
        : 'readiness probe succeeded: Ready';
    tl.add(readyAt, 'Running', how, name);
    run.ready = true;
  } else if (readiness) {
    tl.add(
      started + readiness.initialDelaySeconds,
      'Running',
      `readiness probe ${readiness.outcome.result === 'errors' ? 'errors' : 'fails'} (${readiness.outcome.why}): not Ready`,
      name,
    );
    facts.push({
      id: 'readiness-never-ready',
      path: [...readiness.path],
      key: true,
      message: `readinessProbe of container "${name}" never succeeds (${readiness.outcome.why}), so the pod never becomes Ready and no Service sends it traffic${pod.resource.kind === 'Deployment' ? '; a rolling update waits on it forever' : ''}`,
    });
  }
  return run;
}

/** Job and CronJob pods: run to completion, retried up to backoffLimit. */
function runJob(pod: PodModel, t0: number, tl: Timeline, facts: Fact[], horizon: number): PodOutcome {
  const job = pod.job;
  if (!job) return { status: 'Unknown', ready: false, summary: '' };
  const behaviours = pod.app.map((c) => c.behaviour);
  for (const c of pod.app) tl.add(t0, 'Running', `${pullNote(c)}; started (${c.behaviour.what})`, c.name);
  const deadline = job.activeDeadlineSeconds;
  const forever = pod.app.find(
    (c) => c.behaviour.kind === 'runs-forever' || c.behaviour.kind === 'waits-for',
  );
  if (behaviours.some((b) => b.kind === 'unknown') && !forever)
    return {
      status: 'Running',
      ready: false,
      summary: 'the Job runs containers whose outcome kubelint cannot predict',
    };
  if (forever) {
    const end =
      deadline !== undefined
        ? `the Job is failed with DeadlineExceeded at activeDeadlineSeconds ${deadline}`
        : 'the Job never completes and its pod runs forever';
    if (deadline !== undefined)
      tl.add(deadline, 'Terminating', 'activeDeadlineSeconds reached: Job failed (DeadlineExceeded)');
    facts.push({
      id: 'job-never-completes',
      path: forever.behaviourPath,
      message: `container "${forever.name}" of this ${pod.resource.kind} never exits (${forever.behaviour.what}): ${end}`,
    });
    return {
      status: deadline !== undefined ? 'DeadlineExceeded' : 'Running',
      ready: false,
      summary: `never completes: container "${forever.name}" never exits`,
    };
  }
  const exits = behaviours.filter((b): b is Extract<Behaviour, { kind: 'exits' }> => b.kind === 'exits');
  const runFor = Math.max(0, ...exits.map((b) => b.seconds));
  const failing = pod.app.find((c) => c.behaviour.kind === 'exits' && c.behaviour.code !== 0);
  if (failing && failing.behaviour.kind === 'exits') {
    // Each failure is retried after the Job controller's back-off until backoffLimit is exceeded.
    let t = t0;
    for (let n = 0; n <= job.backoffLimit && t <= horizon; n++) {
      tl.add(
        t + runFor,
        'Error',
        `pod attempt ${n + 1} failed: "${failing.name}" exited with code ${failing.behaviour.code}`,
      );
      t += runFor + backoffDelay(n, JOB_BACKOFF_MAX);
    }
    tl.add(
      Math.min(t, horizon),
      'Failed',
      `Job failed: BackoffLimitExceeded (backoffLimit ${job.backoffLimit})`,
    );
    facts.push({
      id: 'job-never-completes',
      path: failing.behaviourPath,
      message: `container "${failing.name}" ${failing.behaviour.what} with exit code ${failing.behaviour.code}, so every pod of this ${pod.resource.kind} fails; after backoffLimit ${job.backoffLimit} retries the Job fails with BackoffLimitExceeded`,
    });
    return {
      status: 'Failed',
      ready: false,
      summary: `fails: "${failing.name}" exits with code ${failing.behaviour.code} (BackoffLimitExceeded)`,
    };
  }
  const waves = Math.ceil(job.completions / job.parallelism);
  const total = t0 + waves * runFor;
  if (deadline !== undefined && total > deadline) {
    const longest =
      pod.app.find((c) => c.behaviour.kind === 'exits' && c.behaviour.seconds === runFor) ?? pod.app[0];
    tl.add(deadline, 'Terminating', 'activeDeadlineSeconds reached: Job failed (DeadlineExceeded)');
    facts.push({
      id: 'job-never-completes',
      path: longest?.behaviourPath ?? job.specPath,
      message: `the Job needs ${formatSeconds(total)} (${waves} × ${formatSeconds(runFor)}: ${longest?.behaviour.what ?? ''}) but activeDeadlineSeconds is ${deadline}, so it always fails with DeadlineExceeded`,
    });
    return {
      status: 'DeadlineExceeded',
      ready: false,
      summary: `fails: activeDeadlineSeconds ${deadline} is shorter than the work`,
    };
  }
  tl.add(
    total,
    'Completed',
    `Job complete (${job.completions} completion${job.completions === 1 ? '' : 's'})`,
  );
  return { status: 'Completed', ready: false, summary: `Completed after ${formatSeconds(total)}` };
}

function terminationFacts(pod: PodModel, facts: Fact[]): void {
  const grace = pod.terminationGracePeriodSeconds;
  for (const c of [...pod.init, ...pod.app]) {
    const hook = c.preStop;
    if (!hook) continue;
    const b = hook.behaviour;
    const lasts = b.kind === 'runs-forever' ? Infinity : b.kind === 'exits' ? b.seconds : undefined;
    if (lasts === undefined || lasts <= grace) continue;
    facts.push({
      id: 'prestop-exceeds-grace-period',
      path: hook.path,
      message: `preStop hook of container "${c.name}" runs ${Number.isFinite(lasts) ? `${formatSeconds(lasts)}` : 'forever'} (${b.what}) but terminationGracePeriodSeconds is ${grace}: on deletion kubelet kills the container with SIGKILL after the grace period (plus a one-off 2s extension), cutting the hook and the app's own shutdown short`,
    });
  }
}
