import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { allRuleInfos } from '../engine/index.js';
import { simulateInputs } from '../lifecycle/run.js';
import { formatTimelines, formatTimelinesJson } from '../report/timeline.js';
import type { CliOptions } from './args.js';

export interface SimulateIo {
  stdout: (text: string) => void;
  readStdin: () => Uint8Array;
  cwd: string;
}

/**
 * `kubelint simulate`: print each pod template's predicted timeline. Exits 1 when a pod is predicted
 * to get stuck or fail with certainty (a lifecycle fact of error severity), else 0.
 */
export function runSimulate(options: CliOptions, io: SimulateIo, color: boolean): number {
  const inputs = options.inputs.length ? options.inputs : ['.'];
  const simulations = simulateInputs(inputs, {
    cwd: io.cwd,
    ignore: options.ignore,
    configFile: options.config,
    maxFileSize: options.maxFileSize,
    stdinText: inputs.includes('-') ? io.readStdin() : undefined,
    stdinPath: options.stdinFilename,
    namespace: options.namespace,
    horizon: options.horizon,
    ruleIds: allRuleInfos(builtinRules),
  });
  const text =
    options.format === 'json' ? formatTimelinesJson(simulations) : formatTimelines(simulations, { color });
  if (options.output !== undefined) writeFileSync(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  const severityOf = new Map(builtinRules.map((r) => [r.id, r.meta.severity]));
  const failing = simulations.some((s) =>
    s.facts.some((f) => (f.severity ?? severityOf.get(f.id)) === 'error'),
  );
  return failing ? 1 : 0;
}
