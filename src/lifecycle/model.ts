import { defaultPullPolicy, parseImageReference, type PullPolicy } from '../k8s/image.js';
import { isObject, type JsonObject } from '../k8s/object.js';
import { containersOf, isJobKind, podSpecOf, type ContainerRef } from '../k8s/pod.js';
import type { JsonPath, ResourceId } from '../load/types.js';
import { commandBehaviour, type Behaviour } from './command.js';
import { imageBehaviour, knownImagePort } from './images.js';

export type ProbeField = 'startupProbe' | 'livenessProbe' | 'readinessProbe';
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** How a probe will go: succeeds, fails (counts failures), errors (kubelet discards the result), unknown. */
export interface ProbeOutcome {
  result: 'succeeds' | 'fails' | 'errors' | 'unknown';
  why: string;
  /**
   * A failure is certain for an exec probe we can predict; for a port nobody declares it holds only
   * if the app listens on no undeclared port (containerPort is informational).
   */
  certain?: boolean;
}

export interface ProbeModel {
  field: ProbeField;
  path: JsonPath;
  /** Path of the most specific node explaining the outcome (the port, the exec command). */
  causePath: JsonPath;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
  outcome: ProbeOutcome;
}

export interface ContainerModel {
  ref: ContainerRef;
  name: string;
  image: string;
  pullPolicy: PullPolicy | undefined;
  behaviour: Behaviour;
  /** Path to what decides the behaviour: command, args, or image. */
  behaviourPath: JsonPath;
  probes: Partial<Record<ProbeField, ProbeModel>>;
  preStop?: { behaviour: Behaviour; path: JsonPath };
}

export interface JobModel {
  backoffLimit: number;
  activeDeadlineSeconds?: number;
  completions: number;
  parallelism: number;
  specPath: JsonPath;
}

export interface PodModel {
  resource: ResourceId;
  podPath: JsonPath;
  restartPolicy: RestartPolicy;
  restartPolicyPath: JsonPath;
  terminationGracePeriodSeconds: number;
  init: ContainerModel[];
  app: ContainerModel[];
  job?: JobModel;
}

// Defaults the API server applies (SetDefaults_Probe, SetDefaults_PodSpec, SetDefaults_Job).
const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1,
};
const DEFAULT_GRACE_SECONDS = 30;
const DEFAULT_BACKOFF_LIMIT = 6;

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function declaredPorts(c: JsonObject): { byName: Map<string, number>; numbers: Set<number> } {
  const byName = new Map<string, number>();
  const numbers = new Set<number>();
  for (const p of Array.isArray(c.ports) ? c.ports : []) {
    if (!isObject(p) || typeof p.containerPort !== 'number') continue;
    numbers.add(p.containerPort);
    if (typeof p.name === 'string') byName.set(p.name, p.containerPort);
  }
  return { byName, numbers };
}

/** Ports known to be listened on, with where we know it from: declared, or a stock image's default. */
type Listening = Map<number, string>;

/**
 * The ports a container listens on, as far as we know: its declared containerPorts, plus the default
 * port of a well-known server image run with its stock configuration; undefined when unknown.
 */
function listeningPorts(c: JsonObject): Listening | undefined {
  const known: Listening = new Map([...declaredPorts(c).numbers].map((p) => [p, 'declared']));
  const port = knownImagePort(c.image);
  const stock = c.command === undefined && c.args === undefined && !Array.isArray(c.volumeMounts);
  if (port !== undefined && stock && !known.has(port))
    known.set(port, `default of image "${String(c.image)}"`);
  return known.size ? known : undefined;
}

function describeListening(ports: Listening): string {
  return [...ports].map(([p, origin]) => `${p} (${origin})`).join(', ');
}

function behaviourOf(ref: ContainerRef): { behaviour: Behaviour; path: JsonPath } {
  const c = ref.container;
  const fromCommand = commandBehaviour(c);
  if (fromCommand) return { behaviour: fromCommand, path: [...ref.path, 'command'] };
  return { behaviour: imageBehaviour(c), path: [...ref.path, c.args !== undefined ? 'args' : 'image'] };
}

function probeOutcome(
  probe: JsonObject,
  path: JsonPath,
  c: JsonObject,
  podListening: Listening | undefined,
  timeoutSeconds: number,
): { outcome: ProbeOutcome; causePath: JsonPath } {
  if (isObject(probe.exec)) {
    const b = commandBehaviour({ command: probe.exec.command });
    const causePath = [...path, 'exec', 'command'];
    if (b?.kind === 'exits' && b.seconds > timeoutSeconds)
      return {
        outcome: {
          result: 'fails',
          why: `${b.what} takes ${b.seconds}s, over timeoutSeconds ${timeoutSeconds}`,
          certain: true,
        },
        causePath,
      };
    if (b?.kind === 'exits' && b.code === 0)
      return { outcome: { result: 'succeeds', why: `${b.what} exits 0` }, causePath };
    if (b?.kind === 'exits')
      return {
        outcome: { result: 'fails', why: `${b.what} exits with code ${b.code}`, certain: true },
        causePath,
      };
    return { outcome: { result: 'unknown', why: 'the exec command is not predictable' }, causePath };
  }
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const action = probe[handler];
    if (!isObject(action)) continue;
    const causePath = [...path, handler, 'port'];
    if (action.host !== undefined)
      return { outcome: { result: 'unknown', why: 'the probe checks another host' }, causePath };
    let port = action.port;
    if (typeof port === 'string' && /^\d+$/.test(port)) port = Number(port);
    if (typeof port === 'string') {
      const resolved = declaredPorts(c).byName.get(port);
      if (resolved === undefined)
        return {
          outcome: {
            result: 'errors',
            why: `the container has no port named "${port}", so kubelet cannot resolve it`,
          },
          causePath,
        };
      port = resolved;
    }
    if (typeof port !== 'number') return { outcome: { result: 'unknown', why: 'no port' }, causePath };
    if (!podListening)
      return { outcome: { result: 'unknown', why: 'the listening ports are unknown' }, causePath };
    const origin = podListening.get(port);
    if (origin)
      return { outcome: { result: 'succeeds', why: `port ${port} is listened on (${origin})` }, causePath };
    return {
      outcome: {
        result: 'fails',
        why: `nothing in the pod is known to listen on port ${port} (known: ${describeListening(podListening)})`,
        certain: false,
      },
      causePath,
    };
  }
  return { outcome: { result: 'unknown', why: 'no handler' }, causePath: path };
}

function containerModel(ref: ContainerRef, podListening: Listening | undefined): ContainerModel {
  const c = ref.container;
  const image = typeof c.image === 'string' ? c.image : '';
  const explicit = c.imagePullPolicy;
  const parsed = parseImageReference(image);
  const pullPolicy =
    explicit === 'Always' || explicit === 'IfNotPresent' || explicit === 'Never'
      ? explicit
      : parsed
        ? defaultPullPolicy(parsed)
        : undefined;
  const { behaviour, path } = behaviourOf(ref);
  const probes: ContainerModel['probes'] = {};
  for (const field of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
    const probe = c[field];
    if (!isObject(probe)) continue;
    const probePath = [...ref.path, field];
    const timeoutSeconds = num(probe.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds);
    const { outcome, causePath } = probeOutcome(probe, probePath, c, podListening, timeoutSeconds);
    probes[field] = {
      field,
      path: probePath,
      causePath,
      initialDelaySeconds: num(probe.initialDelaySeconds, PROBE_DEFAULTS.initialDelaySeconds),
      periodSeconds: num(probe.periodSeconds, PROBE_DEFAULTS.periodSeconds),
      timeoutSeconds,
      failureThreshold: num(probe.failureThreshold, PROBE_DEFAULTS.failureThreshold),
      successThreshold: num(probe.successThreshold, PROBE_DEFAULTS.successThreshold),
      outcome,
    };
  }
  const model: ContainerModel = {
    ref,
    name: ref.name ?? '?',
    image,
    pullPolicy,
    behaviour,
    behaviourPath: path,
    probes,
  };
  const preStop = isObject(c.lifecycle) && isObject(c.lifecycle.preStop) ? c.lifecycle.preStop : undefined;
  if (preStop && isObject(preStop.exec)) {
    const b = commandBehaviour({ command: preStop.exec.command });
    if (b) model.preStop = { behaviour: b, path: [...ref.path, 'lifecycle', 'preStop', 'exec', 'command'] };
  } else if (preStop && isObject(preStop.sleep) && typeof preStop.sleep.seconds === 'number') {
    // The sleep action (PodLifecycleSleepAction) pauses for exactly that long.
    model.preStop = {
      behaviour: {
        kind: 'exits',
        code: 0,
        seconds: preStop.sleep.seconds,
        what: `sleep ${preStop.sleep.seconds}s`,
      },
      path: [...ref.path, 'lifecycle', 'preStop', 'sleep', 'seconds'],
    };
  }
  return model;
}

/** Build the pod model of a workload, with the API server's defaults applied; undefined for non-workloads. */
export function podModelOf(resource: ResourceId, object: unknown): PodModel | undefined {
  const pod = podSpecOf(resource.kind, object);
  if (!pod) return undefined;
  const refs = containersOf(pod).filter((r) => r.role !== 'ephemeral');
  // Probes reach the pod IP: any running container's declared port answers (app and sidecars).
  const running = refs
    .filter((r) => r.role === 'app' || r.role === 'sidecar')
    .map((r) => listeningPorts(r.container));
  const podListening: Listening | undefined = running.some((p) => p === undefined)
    ? undefined
    : new Map(running.flatMap((p) => [...(p ?? [])]));
  const rp = pod.spec.restartPolicy;
  const restartPolicy: RestartPolicy = rp === 'OnFailure' || rp === 'Never' ? rp : 'Always';
  const model: PodModel = {
    resource,
    podPath: pod.path,
    restartPolicy,
    restartPolicyPath: [...pod.path, 'restartPolicy'],
    terminationGracePeriodSeconds: num(pod.spec.terminationGracePeriodSeconds, DEFAULT_GRACE_SECONDS),
    init: refs
      .filter((r) => r.role === 'init' || r.role === 'sidecar')
      .map((r) => containerModel(r, podListening)),
    app: refs.filter((r) => r.role === 'app').map((r) => containerModel(r, podListening)),
  };
  if (isJobKind(resource.kind)) {
    const specPath = resource.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
    let spec: unknown = object;
    for (const seg of specPath) spec = isObject(spec) ? spec[seg] : undefined;
    const s = isObject(spec) ? spec : {};
    const completions = num(s.completions, 1);
    model.job = {
      backoffLimit: num(s.backoffLimit, DEFAULT_BACKOFF_LIMIT),
      completions,
      parallelism: Math.max(1, Math.min(num(s.parallelism, 1), completions)),
      specPath,
    };
    if (typeof s.activeDeadlineSeconds === 'number')
      model.job.activeDeadlineSeconds = s.activeDeadlineSeconds;
  }
  return model;
}
