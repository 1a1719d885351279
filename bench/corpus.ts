import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type ProblemKind = 'container-port-string' | 'unknown-field' | 'untagged-image' | 'job-restart-always';

/** `docIndex` is 0-based in document order; `line` is the 1-based line of the injected key/value. */
export interface InjectedProblem {
  file: string;
  docIndex: number;
  kind: ProblemKind;
  line: number;
}

export interface CorpusOptions {
  files: number;
  docsPerFile: number;
  seed: number;
  invalidRate?: number;
}

export interface CorpusFile {
  path: string;
  text: string;
  problems: InjectedProblem[];
}

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(opts: CorpusOptions): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (let i = 0; i < opts.files; i++) out.push(generateFile(opts, i));
  return out;
}

export async function writeCorpus(dir: string, opts: CorpusOptions): Promise<CorpusFile[]> {
  const files = generateCorpus(opts);
  for (const f of files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.text);
  }
  return files;
}

export function allProblems(files: readonly CorpusFile[]): InjectedProblem[] {
  return files.flatMap((f) => f.problems);
}

// ---------------------------------------------------------------------------
// Vocabulary

const CHARTS = [
  'payments',
  'checkout',
  'catalog',
  'inventory',
  'accounts',
  'search',
  'notifications',
  'billing',
  'ledger',
  'gateway',
  'identity',
  'reporting',
  'media',
  'orders',
  'shipping',
  'analytics',
] as const;
const COMPONENTS = [
  'api',
  'worker',
  'web',
  'scheduler',
  'consumer',
  'gateway',
  'metrics',
  'cache',
  'indexer',
  'notifier',
  'auth',
  'sync',
  'exporter',
  'admin',
  'proxy',
  'migrator',
] as const;
const RELEASES = ['prod', 'staging', 'canary', 'eu1', 'us2', 'blue', 'green', 'dev'] as const;
const NAMESPACES = ['default', 'platform', 'commerce', 'data', 'edge', 'observability', 'internal'] as const;
const REGISTRIES = [
  'registry.example.com',
  'ghcr.io/acme',
  'docker.io/acme',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
] as const;
const BARE_IMAGES = ['nginx', 'redis', 'busybox', 'alpine', 'postgres', 'python', 'node'] as const;
const INIT_IMAGES = [
  'busybox:1.36.1',
  'alpine:3.19',
  'bitnami/kubectl:1.29.3',
  'curlimages/curl:8.6.0',
] as const;
const PULL_POLICIES = ['IfNotPresent', 'IfNotPresent', 'Always'] as const;
const CPU = ['50m', '100m', '200m', '250m', '500m', '750m', '1', '2'] as const;
const MEMORY = ['64Mi', '128Mi', '256Mi', '512Mi', '768Mi', '1Gi', '2Gi', '4Gi'] as const;
const ENV_VALUES: Readonly<Record<string, readonly string[]>> = {
  LOG_LEVEL: ['info', 'debug', 'warn'],
  LOG_FORMAT: ['json', 'text'],
  HTTP_PORT: ['8080', '3000'],
  GRPC_PORT: ['9090', '50051'],
  FEATURE_FLAGS: ['search,audit', 'beta-ui', ''],
  CACHE_TTL_SECONDS: ['60', '300', '3600'],
  REGION: ['eu-west-1', 'us-east-2', 'ap-southeast-1'],
  OTEL_EXPORTER_OTLP_ENDPOINT: ['http://otel-collector.observability:4317'],
  JAVA_OPTS: ['-Xmx512m -XX:+UseG1GC', '-XX:MaxRAMPercentage=75.0'],
  NODE_ENV: ['production'],
  MAX_CONNECTIONS: ['50', '200', '1000'],
  UPSTREAM_TIMEOUT_MS: ['500', '2000', '15000'],
};
const SECRET_KEYS = ['password', 'api-key', 'token', 'dsn', 'client-secret'] as const;
const PROBE_PATHS = ['/healthz', '/readyz', '/livez', '/health', '/actuator/health', '/status'] as const;
const TOPOLOGY_KEYS = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] as const;
const HOSTS = ['example.com', 'acme.io', 'internal.acme.net', 'shop.example.org'] as const;
const SCHEDULES = ['*/5 * * * *', '*/15 * * * *', '0 * * * *', '30 2 * * *', '0 4 * * 0'] as const;

// Unknown keys people actually write: typos and fields placed one level off.
const UNKNOWN_CONTAINER_FIELDS = [
  'imagePullPolcy: IfNotPresent',
  'readOnlyRootFilesystem: true',
  'workDir: /app',
  'terminationMessagePolicyy: File',
] as const;
const UNKNOWN_POD_FIELDS = [
  'terminationGracePeriod: 30',
  'priorityClass: high-priority',
  'imagePullSecret: regcred',
] as const;

// ---------------------------------------------------------------------------
// Generation context

type DocKind =
  | 'PodDisruptionBudget'
  | 'ConfigMap'
  | 'Service'
  | 'DaemonSet'
  | 'Deployment'
  | 'HorizontalPodAutoscaler'
  | 'StatefulSet'
  | 'Job'
  | 'CronJob'
  | 'Ingress';

// Helm sorts rendered manifests by kind in this install order.
const INSTALL_ORDER: readonly DocKind[] = [
  'PodDisruptionBudget',
  'ConfigMap',
  'Service',
  'DaemonSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'Ingress',
];
const KIND_WEIGHTS: readonly (readonly [DocKind, number])[] = [
  ['Deployment', 20],
  ['StatefulSet', 4],
  ['DaemonSet', 3],
  ['Job', 4],
  ['CronJob', 4],
  ['Service', 26],
  ['ConfigMap', 20],
  ['Ingress', 13],
  ['HorizontalPodAutoscaler', 4],
  ['PodDisruptionBudget', 3],
];
/** Workloads a Service selects and an init container waits for. */
const LONG_RUNNING: ReadonlySet<DocKind> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** Workloads an HPA scales and a PDB protects (one each at most). */
const SCALABLE: ReadonlySet<DocKind> = new Set(['Deployment', 'StatefulSet']);
/** Kinds that reference another document of the file. */
const REFERRING: ReadonlySet<DocKind> = new Set([
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
]);
const SERVICE_SUFFIXES = ['', '-internal', '-public', '-admin'] as const;

interface Release {
  chart: string;
  /** Unique in the corpus, as Helm release names are unique in a namespace. */
  name: string;
  /** Whether the chart writes metadata.namespace (then on every document) or leaves it to kubectl. */
  namespaced: boolean;
  version: string;
  appVersion: string;
  namespace: string;
  registry: string;
}

interface Gen {
  rng: Rng;
  lines: string[];
  problems: InjectedProblem[];
  file: string;
  docIndex: number;
  rel: Release;
  plans: readonly DocPlan[];
}

interface DocPlan {
  kind: DocKind;
  component: string;
  /** metadata.name */
  name: string;
  problem: ProblemKind | undefined;
  /** A long-running workload also declares a `metrics` container port. */
  metricsPort: boolean;
  /** A Service's `http` port. */
  servicePort: number;
  /**
   * What the document references, always in the same file: the workload a Service or PDB selects
   * (with its pod labels) or an HPA scales, the Service an Ingress routes to.
   */
  target: DocPlan | undefined;
}

function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const v = items[Math.floor(rng() * items.length)];
  if (v === undefined) throw new Error('pick() from an empty list');
  return v;
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('weighted() from an empty list');
  return last[0];
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const ai = a[i] as T;
    a[i] = a[j] as T;
    a[j] = ai;
  }
  return a;
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

function semver(rng: Rng): string {
  return `${int(rng, 0, 4)}.${int(rng, 0, 30)}.${int(rng, 0, 12)}`;
}

/** Appends one line and returns its 1-based line number in the file. */
function emit(g: Gen, indent: number, text: string): number {
  g.lines.push(' '.repeat(indent) + text);
  return g.lines.length;
}

function inject(g: Gen, kind: ProblemKind, indent: number, text: string): void {
  const line = emit(g, indent, text);
  g.problems.push({ file: g.file, docIndex: g.docIndex, kind, line });
}

// ---------------------------------------------------------------------------
// File and document planning

function fileSeed(seed: number, index: number): number {
  // Per-file streams keep file N identical whatever `files` is, so subsets are stable.
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

function generateFile(opts: CorpusOptions, index: number): CorpusFile {
  const rng = mulberry32(fileSeed(opts.seed, index));
  const release = pick(rng, RELEASES);
  const rel = makeRelease(rng, `${release}-${index}`);
  const path = `${rel.namespace}/${release}-${rel.chart}-${String(index).padStart(4, '0')}.yaml`;
  const plans = planDocs(rng, opts.docsPerFile, opts.invalidRate ?? 0.03, `${rel.name}-${rel.chart}`);
  const g: Gen = { rng, lines: [], problems: [], file: path, docIndex: 0, rel, plans };
  for (const [i, plan] of plans.entries()) {
    g.docIndex = i;
    emitDoc(g, plan);
  }
  return { path, text: g.lines.join('\n') + '\n', problems: g.problems };
}

function makeRelease(rng: Rng, name: string): Release {
  return {
    chart: pick(rng, CHARTS),
    name,
    namespaced: chance(rng, 0.7),
    version: semver(rng),
    appVersion: semver(rng),
    namespace: pick(rng, NAMESPACES),
    registry: pick(rng, REGISTRIES),
  };
}

/** `prefix` is `<release>-<chart>`, the start of every name. */
function planDocs(rng: Rng, count: number, invalidRate: number, prefix: string): DocPlan[] {
  const kinds: DocKind[] = [];
  for (let i = 0; i < count; i++) kinds.push(weighted(rng, KIND_WEIGHTS));
  makeReferencesResolvable(kinds);
  kinds.sort((a, b) => INSTALL_ORDER.indexOf(a) - INSTALL_ORDER.indexOf(b));
  const components = shuffled(rng, COMPONENTS);
  const plans = kinds.map((kind, i): DocPlan => {
    const component = components[i % components.length] ?? 'app';
    return {
      kind,
      component,
      name: `${prefix}-${component}`,
      problem: chance(rng, invalidRate) ? pick(rng, problemsFor(kind)) : undefined,
      metricsPort: LONG_RUNNING.has(kind) && chance(rng, 0.4),
      servicePort: pick(rng, [80, 443, 8080]),
      target: undefined,
    };
  });
  linkReferences(rng, plans);
  return plans;
}

/**
 * Change kinds so that every reference can point into the file: a Service, Ingress, HPA or PDB
 * needs a long-running workload, an Ingress a Service, each HPA and PDB a Deployment or StatefulSet
 * of its own. The corpus's only findings are then the injected problems.
 */
function makeReferencesResolvable(kinds: DocKind[]): void {
  const has = (set: ReadonlySet<DocKind>): boolean => kinds.some((k) => set.has(k));
  const replaceFirst = (from: (k: DocKind) => boolean, to: DocKind): boolean => {
    const i = kinds.findIndex(from);
    if (i !== -1) kinds[i] = to;
    return i !== -1;
  };
  if (has(REFERRING) && !has(LONG_RUNNING))
    replaceFirst((k) => !LONG_RUNNING.has(k) && k !== 'Job' && k !== 'CronJob', 'Deployment');
  if (kinds.includes('Ingress') && !kinds.includes('Service'))
    if (!replaceFirst((k) => k === 'ConfigMap', 'Service')) replaceFirst((k) => k === 'Ingress', 'Service');
  for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget'] as const) {
    let free = kinds.filter((k) => SCALABLE.has(k)).length;
    kinds.forEach((k, i) => {
      if (k !== kind) return;
      if (free > 0) free--;
      else kinds[i] = 'ConfigMap';
    });
  }
}

/** Point Services at workloads (round robin), Ingresses at Services, HPAs and PDBs at workloads. */
function linkReferences(rng: Rng, plans: DocPlan[]): void {
  const longRunning = plans.filter((p) => LONG_RUNNING.has(p.kind));
  // Each HPA and each PDB takes a Deployment or StatefulSet of its own.
  const scalable = {
    HorizontalPodAutoscaler: plans.filter((p) => SCALABLE.has(p.kind)),
    PodDisruptionBudget: plans.filter((p) => SCALABLE.has(p.kind)),
  };
  const services = plans.filter((p) => p.kind === 'Service');
  const servicesOf = new Map<DocPlan, number>();
  let next = 0;
  for (const p of plans) {
    if (p.kind === 'Service') {
      const target = longRunning[next++ % longRunning.length];
      if (!target) throw new Error('corpus generator planned a Service without a workload');
      const n = servicesOf.get(target) ?? 0;
      servicesOf.set(target, n + 1);
      Object.assign(p, {
        target,
        component: target.component,
        name: `${target.name}${SERVICE_SUFFIXES[n] ?? `-${n}`}`,
      });
    } else if (p.kind === 'Ingress') {
      p.target = pick(rng, services);
    } else if (p.kind === 'HorizontalPodAutoscaler' || p.kind === 'PodDisruptionBudget') {
      const target = scalable[p.kind].shift();
      if (!target) throw new Error(`corpus generator planned a ${p.kind} without a workload`);
      Object.assign(p, { target, component: target.component, name: target.name });
    }
  }
}

function problemsFor(kind: DocKind): readonly ProblemKind[] {
  switch (kind) {
    case 'Job':
    case 'CronJob':
      return ['job-restart-always', 'container-port-string', 'untagged-image', 'unknown-field'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return ['container-port-string', 'untagged-image', 'unknown-field'];
    default:
      return ['unknown-field'];
  }
}

function emitDoc(g: Gen, plan: DocPlan): void {
  const before = g.problems.length;
  emit(g, 0, '---');
  emit(g, 0, `# Source: ${sourcePath(g, plan)}`);
  DOC_EMITTERS[plan.kind](g, plan);
  if (plan.problem !== undefined && g.problems.length !== before + 1) {
    throw new Error(`corpus generator did not inject ${plan.problem} into ${plan.kind}`);
  }
}

function sourcePath(g: Gen, plan: DocPlan): string {
  const file = `${plan.component}-${plan.kind.toLowerCase()}.yaml`;
  // Roughly one manifest in ten comes from a subchart, as in umbrella charts.
  if (chance(g.rng, 0.1)) return `${g.rel.chart}/charts/${plan.component}/templates/${file}`;
  return `${g.rel.chart}/templates/${file}`;
}

const DOC_EMITTERS: Record<DocKind, (g: Gen, plan: DocPlan) => void> = {
  PodDisruptionBudget: emitPodDisruptionBudget,
  HorizontalPodAutoscaler: emitHorizontalPodAutoscaler,
  ConfigMap: emitConfigMap,
  Service: emitService,
  Ingress: emitIngress,
  Deployment: emitDeployment,
  StatefulSet: emitStatefulSet,
  DaemonSet: emitDaemonSet,
  Job: emitJob,
  CronJob: emitCronJob,
};

// ---------------------------------------------------------------------------
// Shared blocks

function emitLabels(g: Gen, indent: number, plan: DocPlan, full: boolean): void {
  const r = g.rel;
  if (full) emit(g, indent, `helm.sh/chart: ${r.chart}-${r.version}`);
  emit(g, indent, `app.kubernetes.io/name: ${r.chart}`);
  emit(g, indent, `app.kubernetes.io/instance: ${r.name}`);
  emit(g, indent, `app.kubernetes.io/component: ${plan.component}`);
  if (!full) return;
  emit(g, indent, `app.kubernetes.io/version: "${r.appVersion}"`);
  emit(g, indent, 'app.kubernetes.io/managed-by: Helm');
  if (chance(g.rng, 0.4)) emit(g, indent, `app.kubernetes.io/part-of: ${r.chart}-platform`);
}

function emitSelectorLabels(g: Gen, indent: number, plan: DocPlan): void {
  emit(g, indent, `app.kubernetes.io/name: ${g.rel.chart}`);
  emit(g, indent, `app.kubernetes.io/instance: ${g.rel.name}`);
  emit(g, indent, `app.kubernetes.io/component: ${plan.component}`);
}

function emitMetadata(g: Gen, plan: DocPlan, annotations: readonly string[] = []): void {
  emit(g, 0, 'metadata:');
  emit(g, 2, `name: ${plan.name}`);
  if (g.rel.namespaced) emit(g, 2, `namespace: ${g.rel.namespace}`);
  emit(g, 2, 'labels:');
  emitLabels(g, 4, plan, true);
  if (annotations.length === 0) return;
  emit(g, 2, 'annotations:');
  for (const a of annotations) emit(g, 4, a);
}

function emitHeader(
  g: Gen,
  apiVersion: string,
  kind: DocKind,
  plan: DocPlan,
  annotations?: readonly string[],
): void {
  emit(g, 0, `apiVersion: ${apiVersion}`);
  emit(g, 0, `kind: ${kind}`);
  emitMetadata(g, plan, annotations);
}

// ---------------------------------------------------------------------------
// Pod template

interface PodOpts {
  restartPolicy?: 'OnFailure' | 'Never';
  hostPaths?: boolean;
  longRunning: boolean;
  problem: ProblemKind | undefined;
}

/** `indent` is the column of the `template:` key's children (`metadata:` / `spec:`). */
function emitPodTemplate(g: Gen, indent: number, plan: DocPlan, opts: PodOpts): void {
  emit(g, indent, 'metadata:');
  emit(g, indent + 2, 'labels:');
  emitSelectorLabels(g, indent + 4, plan);
  emit(g, indent + 2, 'annotations:');
  emit(g, indent + 4, `checksum/config: ${hex(g.rng, 64)}`);
  if (opts.longRunning && chance(g.rng, 0.5)) {
    emit(g, indent + 4, 'prometheus.io/scrape: "true"');
    emit(g, indent + 4, `prometheus.io/port: "${int(g.rng, 8, 9) * 1000 + 90}"`);
  }
  emit(g, indent, 'spec:');
  emitPodSpec(g, indent + 2, plan, opts);
}

function emitPodSpec(g: Gen, indent: number, plan: DocPlan, opts: PodOpts): void {
  const rng = g.rng;
  const podUnknown = opts.problem === 'unknown-field' && chance(rng, 0.4);
  const containerProblem = podUnknown || opts.problem === 'job-restart-always' ? undefined : opts.problem;
  emit(g, indent, `serviceAccountName: ${plan.name}`);
  if (podUnknown) inject(g, 'unknown-field', indent, pick(rng, UNKNOWN_POD_FIELDS));
  if (chance(rng, 0.6)) emitPodSecurityContext(g, indent);
  if (opts.longRunning ? chance(rng, 0.5) : chance(rng, 0.2)) emitInitContainers(g, indent, plan);
  emit(g, indent, 'containers:');
  emitMainContainer(g, indent + 4, plan, opts, containerProblem);
  if (opts.longRunning && chance(rng, 0.25)) emitSidecar(g, indent + 4);
  emitVolumes(g, indent, plan, opts.hostPaths === true);
  if (opts.longRunning && chance(rng, 0.6)) emitAffinity(g, indent, plan);
  if (chance(rng, 0.3)) emitTolerations(g, indent);
  if (chance(rng, 0.3)) {
    emit(g, indent, 'nodeSelector:');
    emit(g, indent + 2, 'kubernetes.io/os: linux');
  }
  if (opts.problem === 'job-restart-always') inject(g, 'job-restart-always', indent, 'restartPolicy: Always');
  else if (opts.restartPolicy !== undefined) emit(g, indent, `restartPolicy: ${opts.restartPolicy}`);
  emit(g, indent, `terminationGracePeriodSeconds: ${pick(rng, [10, 30, 30, 60, 120])}`);
}

function emitPodSecurityContext(g: Gen, indent: number): void {
  emit(g, indent, 'securityContext:');
  emit(g, indent + 2, 'runAsNonRoot: true');
  emit(g, indent + 2, `runAsUser: ${pick(g.rng, [1000, 1001, 10001, 65532])}`);
  emit(g, indent + 2, `fsGroup: ${pick(g.rng, [1000, 2000, 65532])}`);
  if (chance(g.rng, 0.5)) {
    emit(g, indent + 2, 'seccompProfile:');
    emit(g, indent + 4, 'type: RuntimeDefault');
  }
}

/** An init container that waits for another component's Service of the file, if there is one. */
function emitInitContainers(g: Gen, indent: number, plan: DocPlan): void {
  const services = g.plans.filter((p) => p.kind === 'Service' && p.target !== plan);
  if (services.length === 0) return;
  const service = pick(g.rng, services);
  const [target, port] = [service.name, service.servicePort];
  emit(g, indent, 'initContainers:');
  emit(g, indent + 2, `- name: wait-for-${plan.component}-deps`);
  emit(g, indent + 4, `image: "${pick(g.rng, INIT_IMAGES)}"`);
  emit(g, indent + 4, 'imagePullPolicy: IfNotPresent');
  emit(g, indent + 4, 'command:');
  emit(g, indent + 6, '- sh');
  emit(g, indent + 6, '- -c');
  emit(g, indent + 6, `- until nc -z ${target} ${port}; do echo waiting for ${target}; sleep 2; done`);
  emit(g, indent + 4, 'resources:');
  emit(g, indent + 6, 'limits:');
  emit(g, indent + 8, 'cpu: 50m');
  emit(g, indent + 8, 'memory: 32Mi');
}

/** `indent` is the column of the container's keys; the dash sits two columns left. */
function emitMainContainer(
  g: Gen,
  indent: number,
  plan: DocPlan,
  opts: PodOpts,
  problem: ProblemKind | undefined,
): void {
  const rng = g.rng;
  const port = pick(rng, [3000, 5000, 8000, 8080, 8443, 9000]);
  emit(g, indent - 2, `- name: ${plan.component}`);
  if (problem === 'untagged-image') {
    inject(g, 'untagged-image', indent, `image: ${pick(rng, BARE_IMAGES)}`);
  } else {
    emit(g, indent, `image: "${g.rel.registry}/${g.rel.chart}-${plan.component}:${g.rel.appVersion}"`);
    emit(g, indent, `imagePullPolicy: ${pick(rng, PULL_POLICIES)}`);
  }
  if (chance(rng, 0.4)) emitArgs(g, indent, plan);
  if (opts.longRunning || problem === 'container-port-string')
    emitPorts(g, indent, port, plan.metricsPort, problem);
  emitEnv(g, indent, plan);
  if (opts.longRunning) emitProbes(g, indent, port);
  emitResources(g, indent);
  emitContainerSecurityContext(g, indent);
  if (problem === 'unknown-field') inject(g, 'unknown-field', indent, pick(rng, UNKNOWN_CONTAINER_FIELDS));
  emitVolumeMounts(g, indent, plan, opts.hostPaths === true);
}

function emitArgs(g: Gen, indent: number, plan: DocPlan): void {
  emit(g, indent, 'args:');
  emit(g, indent + 2, `- --config=/etc/${plan.component}/config.yaml`);
  emit(g, indent + 2, `- --log-level=${pick(g.rng, ['info', 'debug', 'warn'])}`);
  if (chance(g.rng, 0.5)) emit(g, indent + 2, `- --workers=${int(g.rng, 1, 16)}`);
}

function emitPorts(
  g: Gen,
  indent: number,
  port: number,
  metrics: boolean,
  problem: ProblemKind | undefined,
): void {
  emit(g, indent, 'ports:');
  emit(g, indent + 2, '- name: http');
  if (problem === 'container-port-string')
    inject(g, 'container-port-string', indent + 4, `containerPort: "${port}"`);
  else emit(g, indent + 4, `containerPort: ${port}`);
  emit(g, indent + 4, 'protocol: TCP');
  if (metrics) {
    emit(g, indent + 2, '- name: metrics');
    emit(g, indent + 4, 'containerPort: 9090');
    emit(g, indent + 4, 'protocol: TCP');
  }
}

function emitEnv(g: Gen, indent: number, plan: DocPlan): void {
  const rng = g.rng;
  const names = shuffled(rng, Object.keys(ENV_VALUES)).slice(0, int(rng, 2, 5));
  emit(g, indent, 'env:');
  for (const name of names) {
    emit(g, indent + 2, `- name: ${name}`);
    emit(g, indent + 4, `value: "${pick(rng, ENV_VALUES[name] ?? [''])}"`);
  }
  emit(g, indent + 2, '- name: DATABASE_PASSWORD');
  emit(g, indent + 4, 'valueFrom:');
  emit(g, indent + 6, 'secretKeyRef:');
  emit(g, indent + 8, `name: ${g.rel.name}-${g.rel.chart}-secrets`);
  emit(g, indent + 8, `key: ${pick(rng, SECRET_KEYS)}`);
  if (chance(rng, 0.6)) {
    emit(g, indent + 2, '- name: POD_NAME');
    emit(g, indent + 4, 'valueFrom:');
    emit(g, indent + 6, 'fieldRef:');
    emit(g, indent + 8, 'fieldPath: metadata.name');
  }
  if (chance(rng, 0.4)) {
    emit(g, indent + 2, '- name: FEATURE_CONFIG');
    emit(g, indent + 4, 'valueFrom:');
    emit(g, indent + 6, 'configMapKeyRef:');
    emit(g, indent + 8, `name: ${g.rel.name}-${g.rel.chart}-${plan.component}`);
    emit(g, indent + 8, 'key: features');
    emit(g, indent + 8, 'optional: true');
  }
}

function emitProbes(g: Gen, indent: number, port: number): void {
  for (const probe of ['livenessProbe', 'readinessProbe']) {
    emit(g, indent, `${probe}:`);
    if (chance(g.rng, 0.7)) {
      emit(g, indent + 2, 'httpGet:');
      emit(g, indent + 4, `path: ${pick(g.rng, PROBE_PATHS)}`);
      emit(g, indent + 4, 'port: http');
    } else {
      emit(g, indent + 2, 'tcpSocket:');
      emit(g, indent + 4, `port: ${port}`);
    }
    emit(g, indent + 2, `initialDelaySeconds: ${pick(g.rng, [0, 5, 10, 15, 30])}`);
    emit(g, indent + 2, `periodSeconds: ${pick(g.rng, [5, 10, 15])}`);
    emit(g, indent + 2, `timeoutSeconds: ${pick(g.rng, [1, 2, 3, 5])}`);
    emit(g, indent + 2, `failureThreshold: ${pick(g.rng, [3, 5, 6])}`);
  }
}

function emitResources(g: Gen, indent: number): void {
  const cpu = int(g.rng, 0, CPU.length - 3);
  const mem = int(g.rng, 0, MEMORY.length - 3);
  emit(g, indent, 'resources:');
  emit(g, indent + 2, 'limits:');
  emit(g, indent + 4, `cpu: ${CPU[cpu + 2] ?? '1'}`);
  emit(g, indent + 4, `memory: ${MEMORY[mem + 2] ?? '1Gi'}`);
  emit(g, indent + 2, 'requests:');
  emit(g, indent + 4, `cpu: ${CPU[cpu] ?? '100m'}`);
  emit(g, indent + 4, `memory: ${MEMORY[mem] ?? '128Mi'}`);
}

function emitContainerSecurityContext(g: Gen, indent: number): void {
  if (!chance(g.rng, 0.7)) return;
  emit(g, indent, 'securityContext:');
  emit(g, indent + 2, 'allowPrivilegeEscalation: false');
  emit(g, indent + 2, `readOnlyRootFilesystem: ${chance(g.rng, 0.7)}`);
  emit(g, indent + 2, 'capabilities:');
  emit(g, indent + 4, 'drop:');
  emit(g, indent + 6, '- ALL');
}

function emitVolumeMounts(g: Gen, indent: number, plan: DocPlan, hostPaths: boolean): void {
  emit(g, indent, 'volumeMounts:');
  emit(g, indent + 2, '- name: config');
  emit(g, indent + 4, `mountPath: /etc/${plan.component}`);
  emit(g, indent + 4, 'readOnly: true');
  emit(g, indent + 2, '- name: tmp');
  emit(g, indent + 4, 'mountPath: /tmp');
  if (hostPaths) {
    emit(g, indent + 2, '- name: varlog');
    emit(g, indent + 4, 'mountPath: /var/log');
    emit(g, indent + 4, 'readOnly: true');
  }
}

function emitSidecar(g: Gen, indent: number): void {
  emit(g, indent - 2, '- name: log-shipper');
  emit(g, indent, `image: "fluent/fluent-bit:${pick(g.rng, ['2.2.2', '3.0.4', '3.1.9'])}"`);
  emit(g, indent, 'imagePullPolicy: IfNotPresent');
  emit(g, indent, 'resources:');
  emit(g, indent + 2, 'limits:');
  emit(g, indent + 4, 'memory: 64Mi');
  emit(g, indent + 2, 'requests:');
  emit(g, indent + 4, 'cpu: 10m');
  emit(g, indent + 4, 'memory: 32Mi');
  emit(g, indent, 'volumeMounts:');
  emit(g, indent + 2, '- name: tmp');
  emit(g, indent + 4, 'mountPath: /tmp');
}

function emitVolumes(g: Gen, indent: number, plan: DocPlan, hostPaths: boolean): void {
  emit(g, indent, 'volumes:');
  emit(g, indent + 2, '- name: config');
  emit(g, indent + 4, 'configMap:');
  emit(g, indent + 6, `name: ${plan.name}`);
  if (chance(g.rng, 0.3)) emit(g, indent + 6, 'defaultMode: 420');
  emit(g, indent + 2, '- name: tmp');
  emit(g, indent + 4, 'emptyDir:');
  emit(g, indent + 6, `sizeLimit: ${pick(g.rng, ['64Mi', '256Mi', '1Gi'])}`);
  if (!hostPaths) return;
  emit(g, indent + 2, '- name: varlog');
  emit(g, indent + 4, 'hostPath:');
  emit(g, indent + 6, 'path: /var/log');
  emit(g, indent + 6, 'type: Directory');
}

function emitAffinity(g: Gen, indent: number, plan: DocPlan): void {
  emit(g, indent, 'affinity:');
  if (chance(g.rng, 0.7)) {
    emit(g, indent + 2, 'podAntiAffinity:');
    emit(g, indent + 4, 'preferredDuringSchedulingIgnoredDuringExecution:');
    emit(g, indent + 6, `- weight: ${pick(g.rng, [50, 100])}`);
    emit(g, indent + 8, 'podAffinityTerm:');
    emit(g, indent + 10, 'labelSelector:');
    emit(g, indent + 12, 'matchLabels:');
    emitSelectorLabels(g, indent + 14, plan);
    emit(g, indent + 10, `topologyKey: ${pick(g.rng, TOPOLOGY_KEYS)}`);
    return;
  }
  emit(g, indent + 2, 'nodeAffinity:');
  emit(g, indent + 4, 'requiredDuringSchedulingIgnoredDuringExecution:');
  emit(g, indent + 6, 'nodeSelectorTerms:');
  emit(g, indent + 8, '- matchExpressions:');
  emit(g, indent + 12, '- key: node.kubernetes.io/instance-type');
  emit(g, indent + 14, 'operator: In');
  emit(g, indent + 14, 'values:');
  emit(g, indent + 16, `- ${pick(g.rng, ['m5.large', 'm6i.xlarge', 'c6i.2xlarge'])}`);
  emit(g, indent + 16, `- ${pick(g.rng, ['r5.large', 'm6a.xlarge', 'c7g.xlarge'])}`);
}

function emitTolerations(g: Gen, indent: number): void {
  emit(g, indent, 'tolerations:');
  emit(g, indent + 2, '- key: dedicated');
  emit(g, indent + 4, 'operator: Equal');
  emit(g, indent + 4, `value: ${pick(g.rng, ['batch', 'frontend', 'data'])}`);
  emit(g, indent + 4, 'effect: NoSchedule');
}

// ---------------------------------------------------------------------------
// Workloads

function emitSelector(g: Gen, indent: number, plan: DocPlan): void {
  emit(g, indent, 'selector:');
  emit(g, indent + 2, 'matchLabels:');
  emitSelectorLabels(g, indent + 4, plan);
}

function emitDeployment(g: Gen, plan: DocPlan): void {
  emitHeader(
    g,
    'apps/v1',
    'Deployment',
    plan,
    chance(g.rng, 0.3) ? ['reloader.stakater.com/auto: "true"'] : [],
  );
  emit(g, 0, 'spec:');
  emit(g, 2, `replicas: ${int(g.rng, 1, 6)}`);
  emit(g, 2, 'revisionHistoryLimit: 10');
  emitSelector(g, 2, plan);
  emit(g, 2, 'strategy:');
  emit(g, 4, 'type: RollingUpdate');
  emit(g, 4, 'rollingUpdate:');
  emit(g, 6, `maxSurge: ${pick(g.rng, ['25%', '1', '50%'])}`);
  emit(g, 6, `maxUnavailable: ${pick(g.rng, ['0', '25%', '1'])}`);
  emit(g, 2, 'template:');
  emitPodTemplate(g, 4, plan, { longRunning: true, problem: plan.problem });
}

function emitStatefulSet(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'apps/v1', 'StatefulSet', plan);
  emit(g, 0, 'spec:');
  emit(g, 2, `serviceName: ${plan.name}-headless`);
  emit(g, 2, `replicas: ${pick(g.rng, [1, 3, 5])}`);
  emit(g, 2, `podManagementPolicy: ${pick(g.rng, ['OrderedReady', 'Parallel'])}`);
  emitSelector(g, 2, plan);
  emit(g, 2, 'updateStrategy:');
  emit(g, 4, 'type: RollingUpdate');
  emit(g, 2, 'template:');
  emitPodTemplate(g, 4, plan, { longRunning: true, problem: plan.problem });
  emit(g, 2, 'volumeClaimTemplates:');
  emit(g, 4, '- metadata:');
  emit(g, 8, 'name: data');
  emit(g, 6, 'spec:');
  emit(g, 8, 'accessModes:');
  emit(g, 10, '- ReadWriteOnce');
  emit(g, 8, `storageClassName: ${pick(g.rng, ['gp3', 'standard-rwo', 'premium-rwo'])}`);
  emit(g, 8, 'resources:');
  emit(g, 10, 'requests:');
  emit(g, 12, `storage: ${pick(g.rng, ['8Gi', '20Gi', '100Gi'])}`);
}

function emitDaemonSet(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'apps/v1', 'DaemonSet', plan);
  emit(g, 0, 'spec:');
  emitSelector(g, 2, plan);
  emit(g, 2, 'updateStrategy:');
  emit(g, 4, 'type: RollingUpdate');
  emit(g, 4, 'rollingUpdate:');
  emit(g, 6, 'maxUnavailable: 1');
  emit(g, 2, 'template:');
  emitPodTemplate(g, 4, plan, { longRunning: true, hostPaths: true, problem: plan.problem });
}

function hookAnnotations(g: Gen): string[] {
  return [
    `"helm.sh/hook": ${pick(g.rng, ['pre-install,pre-upgrade', 'post-install', 'pre-upgrade'])}`,
    `"helm.sh/hook-weight": "${int(g.rng, -5, 5)}"`,
    '"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
  ];
}

function emitJob(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'batch/v1', 'Job', plan, chance(g.rng, 0.6) ? hookAnnotations(g) : []);
  emit(g, 0, 'spec:');
  emit(g, 2, `backoffLimit: ${int(g.rng, 0, 6)}`);
  emit(g, 2, `ttlSecondsAfterFinished: ${pick(g.rng, [300, 3600, 86400])}`);
  emit(g, 2, `activeDeadlineSeconds: ${pick(g.rng, [600, 1800, 3600])}`);
  emit(g, 2, 'template:');
  const restartPolicy = pick(g.rng, ['OnFailure', 'Never'] as const);
  emitPodTemplate(g, 4, plan, { longRunning: false, restartPolicy, problem: plan.problem });
}

function emitCronJob(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'batch/v1', 'CronJob', plan);
  emit(g, 0, 'spec:');
  emit(g, 2, `schedule: "${pick(g.rng, SCHEDULES)}"`);
  emit(g, 2, `concurrencyPolicy: ${pick(g.rng, ['Forbid', 'Replace', 'Allow'])}`);
  emit(g, 2, 'successfulJobsHistoryLimit: 3');
  emit(g, 2, 'failedJobsHistoryLimit: 1');
  emit(g, 2, 'jobTemplate:');
  emit(g, 4, 'spec:');
  emit(g, 6, `backoffLimit: ${int(g.rng, 0, 3)}`);
  emit(g, 6, 'template:');
  const restartPolicy = pick(g.rng, ['OnFailure', 'Never'] as const);
  emitPodTemplate(g, 8, plan, { longRunning: false, restartPolicy, problem: plan.problem });
}

// ---------------------------------------------------------------------------
// Non-workload kinds

function emitService(g: Gen, plan: DocPlan): void {
  const type = pick(g.rng, ['ClusterIP', 'ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'] as const);
  const annotations =
    type === 'LoadBalancer'
      ? [
          'service.beta.kubernetes.io/aws-load-balancer-type: nlb',
          'service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
        ]
      : [];
  emitHeader(g, 'v1', 'Service', plan, annotations);
  emit(g, 0, 'spec:');
  emit(g, 2, `type: ${type}`);
  if (plan.problem === 'unknown-field')
    inject(g, 'unknown-field', 2, pick(g.rng, ['clusterIp: None', 'sessionAfinity: None']));
  emit(g, 2, 'ports:');
  emit(g, 4, `- port: ${plan.servicePort}`);
  emit(g, 6, 'targetPort: http');
  emit(g, 6, 'protocol: TCP');
  emit(g, 6, 'name: http');
  if (type === 'NodePort') emit(g, 6, `nodePort: ${int(g.rng, 30000, 32767)}`);
  // Only the pods of a workload with a metrics port serve it.
  if (plan.target?.metricsPort === true && chance(g.rng, 0.7)) {
    emit(g, 4, '- port: 9090');
    emit(g, 6, 'targetPort: metrics');
    emit(g, 6, 'protocol: TCP');
    emit(g, 6, 'name: metrics');
  }
  emit(g, 2, 'selector:');
  emitSelectorLabels(g, 4, plan);
}

function emitConfigMap(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'v1', 'ConfigMap', plan);
  if (plan.problem === 'unknown-field')
    inject(g, 'unknown-field', 0, pick(g.rng, ['immutible: true', 'binaryDate: {}']));
  emit(g, 0, 'data:');
  emit(g, 2, `LOG_LEVEL: "${pick(g.rng, ['info', 'debug', 'warn'])}"`);
  emit(
    g,
    2,
    `features: "${shuffled(g.rng, ['search', 'beta-ui', 'fast-checkout', 'audit', 'dark-mode']).slice(0, 3).join(',')}"`,
  );
  emitAppConfig(g, plan);
  if (chance(g.rng, 0.5)) emitNginxConfig(g);
}

function emitAppConfig(g: Gen, plan: DocPlan): void {
  const rng = g.rng;
  emit(g, 2, 'config.yaml: |');
  emit(g, 4, 'server:');
  emit(g, 6, `port: ${pick(rng, [8080, 8000, 3000])}`);
  emit(g, 6, `readTimeout: ${int(rng, 5, 60)}s`);
  emit(g, 6, `writeTimeout: ${int(rng, 5, 60)}s`);
  emit(g, 4, 'database:');
  emit(g, 6, `host: ${g.rel.name}-${g.rel.chart}-postgresql.${g.rel.namespace}.svc.cluster.local`);
  emit(g, 6, 'port: 5432');
  emit(g, 6, `name: ${g.rel.chart}_${plan.component}`);
  emit(g, 6, `maxOpenConns: ${int(rng, 5, 100)}`);
  emit(g, 4, 'cache:');
  emit(g, 6, `ttl: ${int(rng, 1, 60)}m`);
  emit(g, 6, `size: ${int(rng, 100, 10000)}`);
  emit(g, 4, '# upstream services are resolved through the mesh');
  emit(g, 4, 'upstreams:');
  for (const c of shuffled(rng, COMPONENTS).slice(0, int(rng, 1, 4))) {
    emit(g, 6, `- name: ${c}`);
    emit(g, 8, `url: http://${g.rel.name}-${g.rel.chart}-${c}:8080`);
  }
}

function emitNginxConfig(g: Gen): void {
  emit(g, 2, 'nginx.conf: |-');
  emit(g, 4, 'server {');
  emit(g, 6, 'listen 8080;');
  emit(g, 6, 'server_name _;');
  emit(g, 6, `client_max_body_size ${pick(g.rng, ['1m', '10m', '50m'])};`);
  emit(g, 6, 'location / {');
  emit(g, 8, 'proxy_pass http://127.0.0.1:3000;');
  emit(g, 8, 'proxy_set_header Host $host;');
  emit(g, 8, 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  emit(g, 6, '}');
  emit(g, 4, '}');
}

function emitIngress(g: Gen, plan: DocPlan): void {
  const host = `${plan.component}.${g.rel.name}.${pick(g.rng, HOSTS)}`;
  emitHeader(g, 'networking.k8s.io/v1', 'Ingress', plan, [
    `cert-manager.io/cluster-issuer: ${pick(g.rng, ['letsencrypt-prod', 'internal-ca'])}`,
    `nginx.ingress.kubernetes.io/proxy-body-size: ${pick(g.rng, ['1m', '8m', '64m'])}`,
    'nginx.ingress.kubernetes.io/ssl-redirect: "true"',
  ]);
  emit(g, 0, 'spec:');
  if (plan.problem === 'unknown-field') inject(g, 'unknown-field', 2, 'ingressClass: nginx');
  else emit(g, 2, 'ingressClassName: nginx');
  emit(g, 2, 'tls:');
  emit(g, 4, '- hosts:');
  emit(g, 8, `- ${host}`);
  emit(g, 6, `secretName: ${plan.name}-tls`);
  emit(g, 2, 'rules:');
  emit(g, 4, `- host: ${host}`);
  emit(g, 6, 'http:');
  emit(g, 8, 'paths:');
  for (const path of shuffled(g.rng, ['/', '/api', '/v1', '/static', '/ws']).slice(0, int(g.rng, 1, 3))) {
    emit(g, 10, `- path: ${path}`);
    emit(g, 12, `pathType: ${pick(g.rng, ['Prefix', 'ImplementationSpecific'])}`);
    emit(g, 12, 'backend:');
    emit(g, 14, 'service:');
    emit(g, 16, `name: ${plan.target?.name ?? plan.name}`);
    emit(g, 16, 'port:');
    if (chance(g.rng, 0.5)) emit(g, 18, 'name: http');
    else emit(g, 18, `number: ${plan.target?.servicePort ?? 80}`);
  }
}

function emitHorizontalPodAutoscaler(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'autoscaling/v2', 'HorizontalPodAutoscaler', plan);
  emit(g, 0, 'spec:');
  emit(g, 2, 'scaleTargetRef:');
  emit(g, 4, 'apiVersion: apps/v1');
  emit(g, 4, `kind: ${plan.target?.kind ?? 'Deployment'}`);
  emit(g, 4, `name: ${plan.target?.name ?? plan.name}`);
  const min = int(g.rng, 1, 3);
  emit(g, 2, `minReplicas: ${min}`);
  emit(g, 2, `maxReplicas: ${min + int(g.rng, 2, 20)}`);
  // The autoscaling/v1 field, written in a v2 object.
  if (plan.problem === 'unknown-field') inject(g, 'unknown-field', 2, 'targetCPUUtilizationPercentage: 80');
  emit(g, 2, 'metrics:');
  for (const resource of chance(g.rng, 0.5) ? ['cpu'] : ['cpu', 'memory']) {
    emit(g, 4, '- type: Resource');
    emit(g, 6, 'resource:');
    emit(g, 8, `name: ${resource}`);
    emit(g, 8, 'target:');
    emit(g, 10, 'type: Utilization');
    emit(g, 10, `averageUtilization: ${pick(g.rng, [60, 70, 75, 80])}`);
  }
}

function emitPodDisruptionBudget(g: Gen, plan: DocPlan): void {
  emitHeader(g, 'policy/v1', 'PodDisruptionBudget', plan);
  emit(g, 0, 'spec:');
  if (plan.problem === 'unknown-field') inject(g, 'unknown-field', 2, 'minAvailble: 1');
  else if (chance(g.rng, 0.5)) emit(g, 2, 'minAvailable: 1');
  else emit(g, 2, `maxUnavailable: ${pick(g.rng, ['1', '25%'])}`);
  emit(g, 2, 'selector:');
  emit(g, 4, 'matchLabels:');
  emitSelectorLabels(g, 6, plan);
}
