import { resolve } from 'node:path';
import { ConfigResolver, loadInputs, type LintOptions, type RuleInfo } from '../engine/index.js';
import type { ManifestDoc, ResourceId } from '../load/types.js';
import { ServiceIndex, simulateDoc } from './index.js';
import type { PodTrace } from './simulate.js';

export interface Simulation extends PodTrace {
  file: string;
  line: number;
  namespace: string;
}

export interface SimulateOptions extends Omit<LintOptions, 'rules' | 'ruleOverrides'> {
  /** Seconds of pod life to play (default 600). */
  horizon?: number;
  /** The rules a config file may name (config files are validated even when only `ignore` is used). */
  ruleIds?: readonly RuleInfo[];
}

/** The lifecycle of every pod template in the inputs, in input order. */
export function simulateInputs(inputs: string[], options: SimulateOptions = {}): Simulation[] {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(
    options.ruleIds ?? [],
    options.configFile && resolve(cwd, options.configFile),
  );
  const docs = loadInputs(inputs, options, resolver).flatMap((l) => ('docs' in l ? l.docs : []));
  return simulateDocs(docs, options);
}

export function simulateDocs(
  docs: readonly ManifestDoc[],
  options: Pick<SimulateOptions, 'namespace' | 'horizon'>,
): Simulation[] {
  const namespaceOf = (d: ManifestDoc): string => d.resource?.namespace ?? options.namespace ?? 'default';
  const services = new ServiceIndex(docs, namespaceOf);
  return docs.flatMap((doc) => {
    const namespace = namespaceOf(doc);
    const trace = simulateDoc(doc, { services, namespace, horizon: options.horizon });
    return trace ? [{ ...trace, file: doc.file.path, line: doc.locate(['kind']).start.line, namespace }] : [];
  });
}

export function resourceLabel(r: ResourceId): string {
  return `${r.kind}/${r.name ?? '(unnamed)'}`;
}
