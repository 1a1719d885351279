import type { JsonPath, ResourceId, Severity } from '../load/types.js';
import { POD_NAMESPACE, type Behaviour } from './command.js';
import {
  BACKOFF_RESET,
  JOB_BACKOFF_MAX,
  backoffDelay,
  formatSeconds,
  listTimes,
  restartTimes,
} from './backoff.js';
import type { ContainerModel, PodModel, ProbeModel } from './model.js';

export { backoffDelay, formatSeconds, restartTimes } from './backoff.js';

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

/**
 * found: a Service of that name is in the input (or built into every cluster); missing: it is not,
 * though its namespace has Services in the input; partial: the namespace has no Service in the input
 * at all, so the input looks partial; external: not a cluster name, no claim.
 */
export interface HostVerdict {
  verdict: 'found' | 'missing' | 'partial' | 'external';
  namespace?: string;
  service?: string;
}

export type HostLookup = (host: string) => HostVerdict;

export interface SimulateOptions {
  /** How far to play the timeline, in seconds (default 600). */
  horizon?: number;
  lookupHost: HostLookup;
  /** The pod's namespace, shown where a script reads it from the service account. */
  namespace?: string;
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

type Exits = Extract<Behaviour, { kind: 'exits' }>;

/** `exits at once with code 0`, `exits with code 1 after 30s`. */
function exitPhrase(b: Exits): string {
  return b.seconds === 0
    ? `exits at once with code ${b.code}`
    : `exits with code ${b.code} after ${formatSeconds(b.seconds)}`;
}

function pullNote(c: ContainerModel): string {
  if (c.pullPolicy === 'Always')
    return `pulls image "${c.image}" (imagePullPolicy Always: checked at the registry on every start)`;
  if (c.pullPolicy === 'Never')
    return `uses image "${c.image}" only if already on the node (imagePullPolicy Never)`;
  return `pulls image "${c.image}" if not present`;
}

interface Run {
  pod: PodModel;
  options: SimulateOptions;
  horizon: number;
  tl: Timeline;
  facts: Fact[];
}

/** Play one pod of the template through kubelet's lifecycle. */
export function simulatePod(pod: PodModel, options: SimulateOptions): PodTrace {
  const run: Run = { pod, options, horizon: options.horizon ?? 600, tl: new Timeline(), facts: [] };
  run.tl.add(0, 'Pending', 'scheduled to a node');
  const init = runInitContainers(run);
  let outcome: PodOutcome;
  if ('stuck' in init) {
    outcome = init.stuck;
    // Stuck waiting for a Service the input lacks: the cluster may have it, so play on as if the wait
    // ended (on a scratch timeline) to report what the pod does next.
    if (init.waiting)
      runAfterInit({
        ...run,
        tl: new Timeline(),
        options: { ...options, lookupHost: () => ({ verdict: 'found' }) },
      });
  } else outcome = runAfterInit(run, init);
  terminationFacts(run);
  return {
    resource: pod.resource,
    podPath: pod.podPath,
    events: run.tl.sorted(),
    outcome: withPhase(outcome),
    facts: run.facts,
  };
}

function runAfterInit(run: Run, done?: InitResult): PodOutcome {
  const init = done ?? runInitContainers(run);
  if ('stuck' in init) return init.stuck;
  if (run.pod.init.length) run.tl.add(init.t, 'PodInitializing', 'all init containers completed');
  const sidecars = init.sidecars.map((c) => runContainer(run, c, init.t, 'Always'));
  return run.pod.job ? runJob(run, init.t) : runService(run, init.t, sidecars);
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

/** Init containers strictly in order; sidecars (restartPolicy Always) start and keep running. */
type InitResult = { t: number; sidecars: ContainerModel[] } | { stuck: PodOutcome; waiting?: boolean };

function runInitContainers(run: Run): InitResult {
  const { pod, tl } = run;
  const sidecars: ContainerModel[] = [];
  let t = 0;
  for (let i = 0; i < pod.init.length; i++) {
    const c = pod.init[i];
    if (!c) continue;
    const status = `Init:${i}/${pod.init.length}`;
    tl.add(t, status, pullNote(c), c.name);
    if (c.ref.role === 'sidecar') {
      tl.add(t, status, `sidecar started (${c.behaviour.what}); it keeps running beside the app`, c.name);
      sidecars.push(c);
      continue;
    }
    const result = runInit(run, c, c.behaviour, status, t);
    if ('stuck' in result) return result;
    t = result.t;
  }
  return { t, sidecars };
}

function runInit(
  run: Run,
  c: ContainerModel,
  b: Behaviour,
  status: string,
  t: number,
): { t: number } | { stuck: PodOutcome; waiting?: boolean } {
  const { pod, tl, facts, options } = run;
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
      : 'kubelet restarts it with back-off and the pod stays in Init:CrashLoopBackOff';
    facts.push({
      id: 'init-container-never-completes',
      path: c.behaviourPath,
      message: `init container "${name}" (${b.what}) ${exitPhrase(b)}: ${consequence}, so the app containers never start`,
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
  // Waits for a host: blocked only while the Service is missing.
  const found = options.lookupHost(b.host);
  const host = b.host.replaceAll(POD_NAMESPACE, options.namespace ?? 'default');
  const target = `"${host}"${b.port !== undefined ? ` port ${b.port}` : ''}`;
  if (found.verdict === 'missing' || found.verdict === 'partial') {
    const service = `Service "${found.service ?? host}" in namespace "${found.namespace ?? options.namespace ?? 'default'}"`;
    const partial = found.verdict === 'partial';
    facts.push({
      id: 'init-waits-for-missing-service',
      path: c.behaviourPath,
      severity: partial ? 'info' : 'warning',
      message: `init container "${name}" waits for ${target}, and no ${service} is in the input: unless it exists in the cluster, the pod stays in ${status} forever`,
    });
    tl.add(t, status, `started; ${b.what}: waiting for ${target}`, name);
    return {
      waiting: true,
      stuck: {
        status,
        ready: false,
        summary: `stuck in ${status}: init container "${name}" waits for "${host}", and no ${service} is in the input`,
      },
    };
  }
  const via = found.verdict === 'found' ? 'a Service in the input' : 'an external name, assumed reachable';
  tl.add(t, status, `${b.what}: ${target} is ${via}`, name);
  return runInit(run, c, b.then, status, t);
}

function crashLoopFact(run: Run, c: ContainerModel, b: Exits, t: number, role: string): void {
  const { starts } = restartTimes(t, b.seconds, Math.max(run.horizon, 3600));
  const policy =
    c.ref.role === 'sidecar'
      ? 'as a sidecar (restartPolicy Always)'
      : `with restartPolicy ${run.pod.restartPolicy}`;
  run.facts.push({
    id: 'crashloop-exits-immediately',
    path: c.behaviourPath,
    message: `${role} "${c.name}" (${b.what}) ${exitPhrase(b)}; ${policy} kubelet restarts it every time, so the pod goes into CrashLoopBackOff (restarts at ${listTimes(starts.slice(1))})`,
  });
}

interface ContainerRun {
  crashloop: boolean;
  ready: boolean;
  completed?: { code: number; at: number };
  restartsForever: boolean;
  unknown: boolean;
}

/** A long-running pod (Deployment, StatefulSet, …, or a bare Pod). */
function runService(run: Run, t0: number, sidecarRuns: ContainerRun[]): PodOutcome {
  const { pod } = run;
  const appRuns = pod.app.map((c) => runContainer(run, c, t0, pod.restartPolicy));
  // `"a" keeps …`, `"a", "b" keep …`: the names with the verb agreeing.
  const which = (
    runs: ContainerRun[],
    cs: ContainerModel[],
    test: (r: ContainerRun) => boolean,
    verb: string,
  ): string => {
    const picked = cs.filter((_, i) => runs[i] && test(runs[i])).map((c) => `"${c.name}"`);
    return `${picked.join(', ')} ${picked.length === 1 ? `${verb}s` : verb}`;
  };
  const sidecars = pod.init.filter((c) => c.ref.role === 'sidecar');
  const all = [...appRuns, ...sidecarRuns];
  const allContainers = [...pod.app, ...sidecars];
  if (all.some((r) => r.crashloop))
    return {
      status: 'CrashLoopBackOff',
      ready: false,
      summary: `CrashLoopBackOff: ${which(all, allContainers, (r) => r.crashloop, 'keep')} exiting and being restarted`,
    };
  if (appRuns.length && appRuns.every((r) => r.completed)) {
    const failed = appRuns.some((r) => r.completed && r.completed.code !== 0);
    return {
      status: failed ? 'Error' : 'Completed',
      ready: false,
      summary: `all containers exited (${failed ? 'Failed' : 'Succeeded'})`,
    };
  }
  if (all.some((r) => r.restartsForever))
    return {
      status: 'Running',
      ready: false,
      summary: `Running, but ${which(all, allContainers, (r) => r.restartsForever, 'keep')} being killed by a probe and restarted`,
    };
  if (all.some((r) => !r.ready))
    return {
      status: 'Running',
      ready: false,
      summary: `Running, never Ready: ${which(all, allContainers, (r) => !r.ready, 'fail')} readiness`,
    };
  const assumed = all.some((r) => r.unknown);
  return {
    status: 'Running',
    ready: true,
    summary: `Running and Ready${assumed ? ' (assuming the unpredictable containers keep running)' : ''}`,
  };
}

/** Exits and restarts in the order they happen (an instant exit and the next start share a second). */
function addRestarts(
  tl: Timeline,
  name: string,
  starts: number[],
  exits: number[],
  exitEvent: (n: number) => string,
): void {
  exits.forEach((at, n) => {
    tl.add(at, 'CrashLoopBackOff', exitEvent(n), name);
    const next = starts[n + 1];
    if (next !== undefined) tl.add(next, 'Running', `restarted (restart #${n + 1})`, name);
  });
}

function probeDelay(p: ProbeModel | undefined): number {
  return p ? p.initialDelaySeconds + p.periodSeconds * (p.successThreshold - 1) : 0;
}

/** Messages claim what is certain; a port nobody declares fails only if nothing listens there undeclared. */
function probeSeverity(p: ProbeModel): Severity {
  return p.outcome.certain ? 'error' : 'warning';
}

function runContainer(
  run: Run,
  c: ContainerModel,
  t0: number,
  restartPolicy: PodModel['restartPolicy'],
): ContainerRun {
  const { tl, facts, pod } = run;
  const b = c.behaviour;
  const name = c.name;
  const role = c.ref.role === 'sidecar' ? 'sidecar container' : 'container';
  const result: ContainerRun = {
    crashloop: false,
    ready: false,
    restartsForever: false,
    unknown: b.kind === 'unknown',
  };
  if (c.ref.role !== 'sidecar') tl.add(t0, 'Running', `${pullNote(c)}; started (${b.what})`, name);
  if (b.kind === 'exits') {
    const restarts = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && b.code !== 0);
    if (!restarts) {
      tl.add(t0 + b.seconds, b.code === 0 ? 'Completed' : 'Error', `exited with code ${b.code}`, name);
      result.completed = { code: b.code, at: t0 + b.seconds };
      return result;
    }
    if (b.seconds < BACKOFF_RESET) {
      const { exits, starts } = restartTimes(t0, b.seconds, run.horizon);
      addRestarts(
        tl,
        name,
        starts,
        exits,
        (n) => `exited with code ${b.code}; back-off ${formatSeconds(backoffDelay(n))} before restart`,
      );
      result.crashloop = true;
      if (!pod.job || c.ref.role === 'sidecar') crashLoopFact(run, c, b, t0, role);
      return result;
    }
    // Runs 10 minutes or more: kubelet resets the back-off, so this is a slow restart, not a crash loop.
    if (t0 + b.seconds <= run.horizon)
      tl.add(
        t0 + b.seconds,
        'Running',
        `exited with code ${b.code} after ${formatSeconds(b.seconds)}; restarted`,
        name,
      );
  }
  const { startupProbe: startup, livenessProbe: liveness, readinessProbe: readiness } = c.probes;
  let started = t0;
  if (startup && (startup.outcome.result === 'fails' || startup.outcome.result === 'errors')) {
    startupFact(run, c, startup, t0, role);
    result.restartsForever = startup.outcome.result === 'fails';
    return result;
  }
  if (startup) {
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
    const { exits, starts } = restartTimes(t0, runFor, run.horizon);
    if (readinessPasses && readyAt < t0 + runFor)
      tl.add(readyAt, 'Running', 'Ready (until the liveness probe kills it)', name);
    addRestarts(
      tl,
      name,
      starts,
      exits,
      (n) =>
        `liveness probe failed ${liveness.failureThreshold} times; killed, back-off ${formatSeconds(backoffDelay(n))}`,
    );
    result.restartsForever = true;
    facts.push({
      id: 'liveness-probe-never-succeeds',
      path: liveness.causePath,
      severity: probeSeverity(liveness),
      message: `livenessProbe of ${role} "${name}" fails (${liveness.outcome.why}), so kubelet kills the container ${formatSeconds(runFor)} after each start (initialDelaySeconds ${liveness.initialDelaySeconds} + failureThreshold ${liveness.failureThreshold} × periodSeconds ${liveness.periodSeconds}) and restarts it with back-off: kills at ${listTimes(exits)}`,
    });
    return result;
  }
  if (readinessPasses) {
    const how = !readiness
      ? 'Ready (no readiness probe)'
      : readiness.outcome.result === 'unknown'
        ? 'readiness probe assumed to succeed: Ready'
        : 'readiness probe succeeded: Ready';
    tl.add(readyAt, 'Running', how, name);
    result.ready = true;
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
      message: `readinessProbe of ${role} "${name}" never succeeds (${readiness.outcome.why}), so the pod never becomes Ready and no Service sends it traffic${pod.resource.kind === 'Deployment' ? '; a rolling update waits on it forever' : ''}`,
    });
  }
  return result;
}

/** A startup probe that fails kills the container over and over; one that errors leaves it never started. */
function startupFact(run: Run, c: ContainerModel, startup: ProbeModel, t0: number, role: string): void {
  const { tl, facts } = run;
  if (startup.outcome.result === 'errors') {
    tl.add(
      t0,
      'Running',
      `startup probe errors (${startup.outcome.why}); the container never counts as started`,
      c.name,
    );
    facts.push({
      id: 'readiness-never-ready',
      path: [...startup.path],
      key: true,
      message: `startupProbe of ${role} "${c.name}" never succeeds (${startup.outcome.why}), so the container never counts as started, its readiness and liveness probes never run and the pod never becomes Ready`,
    });
    return;
  }
  const runFor = startup.initialDelaySeconds + startup.failureThreshold * startup.periodSeconds;
  const { exits } = restartTimes(t0, runFor, run.horizon);
  exits.forEach((at) =>
    tl.add(
      at,
      'CrashLoopBackOff',
      `startup probe failed ${startup.failureThreshold} times; killed and restarted`,
      c.name,
    ),
  );
  facts.push({
    id: 'liveness-probe-never-succeeds',
    path: startup.causePath,
    severity: probeSeverity(startup),
    message: `startupProbe of ${role} "${c.name}" fails (${startup.outcome.why}), so kubelet kills the container ${formatSeconds(runFor)} after each start and restarts it with back-off: kills at ${listTimes(exits)}`,
  });
}

/** What a Job container does once waits on hosts are resolved: a wait on a missing Service is unknown. */
function jobBehaviour(run: Run, b: Behaviour): Behaviour {
  if (b.kind !== 'waits-for') return b;
  const found = run.options.lookupHost(b.host).verdict;
  return found === 'found' || found === 'external'
    ? jobBehaviour(run, b.then)
    : { kind: 'unknown', what: b.what };
}

/** Job and CronJob pods: run to completion, retried up to backoffLimit. */
function runJob(run: Run, t0: number): PodOutcome {
  const { pod, tl, facts } = run;
  const job = pod.job;
  if (!job) return { status: 'Unknown', ready: false, summary: '' };
  const containers = pod.app.map((c) => ({ c, b: jobBehaviour(run, c.behaviour) }));
  for (const { c, b } of containers) tl.add(t0, 'Running', `${pullNote(c)}; started (${b.what})`, c.name);
  const deadline = job.activeDeadlineSeconds;
  const forever = containers.find(({ b }) => b.kind === 'runs-forever');
  if (forever) {
    const end =
      deadline !== undefined
        ? `the Job is failed with DeadlineExceeded at activeDeadlineSeconds ${deadline}`
        : 'the Job never completes and its pod runs forever';
    if (deadline !== undefined)
      tl.add(deadline, 'Terminating', 'activeDeadlineSeconds reached: Job failed (DeadlineExceeded)');
    facts.push({
      id: 'job-never-completes',
      path: forever.c.behaviourPath,
      message: `container "${forever.c.name}" of this ${pod.resource.kind} never exits (${forever.b.what}): ${end}`,
    });
    return {
      status: deadline !== undefined ? 'DeadlineExceeded' : 'Running',
      ready: false,
      summary: `never completes: container "${forever.c.name}" never exits`,
    };
  }
  if (containers.some(({ b }) => b.kind !== 'exits'))
    return {
      status: 'Running',
      ready: false,
      summary: 'the Job runs containers whose outcome kubelint cannot predict',
    };
  const exits = containers.flatMap(({ c, b }) => (b.kind === 'exits' ? [{ c, b }] : []));
  const runFor = Math.max(0, ...exits.map(({ b }) => b.seconds));
  const failing = exits.find(({ b }) => b.code !== 0);
  if (failing) {
    // Each failure is retried after the Job controller's back-off until backoffLimit is exceeded.
    let t = t0;
    for (let n = 0; n <= job.backoffLimit && t <= run.horizon; n++) {
      tl.add(
        t + runFor,
        'Error',
        `pod attempt ${n + 1} failed: "${failing.c.name}" exited with code ${failing.b.code}`,
      );
      t += runFor + backoffDelay(n, JOB_BACKOFF_MAX);
    }
    tl.add(
      Math.min(t, run.horizon),
      'Failed',
      `Job failed: BackoffLimitExceeded (backoffLimit ${job.backoffLimit})`,
    );
    facts.push({
      id: 'job-never-completes',
      path: failing.c.behaviourPath,
      message: `container "${failing.c.name}" (${failing.b.what}) ${exitPhrase(failing.b)}, so every pod of this ${pod.resource.kind} fails; after backoffLimit ${job.backoffLimit} retries the Job fails with BackoffLimitExceeded`,
    });
    return {
      status: 'Failed',
      ready: false,
      summary: `fails: "${failing.c.name}" exits with code ${failing.b.code} (BackoffLimitExceeded)`,
    };
  }
  const waves = Math.ceil(job.completions / job.parallelism);
  const total = t0 + waves * runFor;
  if (deadline !== undefined && total > deadline) {
    const longest = exits.find(({ b }) => b.seconds === runFor);
    tl.add(deadline, 'Terminating', 'activeDeadlineSeconds reached: Job failed (DeadlineExceeded)');
    facts.push({
      id: 'job-never-completes',
      path: longest?.c.behaviourPath ?? job.specPath,
      message: `the Job needs ${formatSeconds(total)} (${waves} × ${formatSeconds(runFor)} for ${longest?.b.what ?? 'its pods'}) but activeDeadlineSeconds is ${deadline}, so it always fails with DeadlineExceeded`,
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

// On deletion the grace period covers the preStop hook and the shutdown after SIGTERM together; a hook
// still running at its end gets a one-off 2s extension, then SIGKILL.
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
const PRESTOP_EXTENSION = 2;

function terminationFacts(run: Run): void {
  const grace = run.pod.terminationGracePeriodSeconds;
  for (const c of [...run.pod.init, ...run.pod.app]) {
    const hook = c.preStop;
    if (!hook) continue;
    const b = hook.behaviour;
    const lasts = b.kind === 'runs-forever' ? Infinity : b.kind === 'exits' ? b.seconds : undefined;
    if (lasts === undefined || lasts <= grace) continue;
    const duration = Number.isFinite(lasts) ? formatSeconds(lasts) : 'forever';
    const consequence =
      lasts <= grace + PRESTOP_EXTENSION
        ? `the hook finishes only within kubelet's one-off ${PRESTOP_EXTENSION}s extension, so the app gets SIGTERM at most ${formatSeconds(grace + PRESTOP_EXTENSION - lasts)} before SIGKILL and cannot shut down cleanly`
        : `the hook is still running when the grace period ends, so kubelet stops the container with a one-off ${PRESTOP_EXTENSION}s extension (SIGTERM, then SIGKILL): the hook is cut short and the app has at most ${PRESTOP_EXTENSION}s to shut down`;
    run.facts.push({
      id: 'prestop-exceeds-grace-period',
      path: hook.path,
      message: `preStop hook of container "${c.name}" runs ${duration} (${b.what}) but terminationGracePeriodSeconds is ${grace}: on deletion ${consequence}`,
    });
  }
}
