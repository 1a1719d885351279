import { join, relative, resolve } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import {
  allRuleInfos,
  CORE_RULES,
  ConfigResolver,
  settingIn,
  type Config,
  type RuleInfo,
} from '../engine/index.js';
import { renderRulesTable } from '../report/rules-table.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './main.js';

/** The config `rules` and `explain` work under: --config, else the nearest one to the working directory. */
function resolvedConfig(options: CliOptions, io: CliIo): Config {
  const resolver = new ConfigResolver(
    allRuleInfos(builtinRules),
    options.config && resolve(io.cwd, options.config),
  );
  return resolver.forFile(join(io.cwd, '.kubelint-root'));
}

/**
 * `kubelint rules`: every rule with the severity it has under the resolved config (`off` when no
 * preset or setting turns it on). `--format markdown`: the README's rules table of the built-in rules.
 */
export function listRules(options: CliOptions, io: CliIo): number {
  if (options.markdown) {
    io.stdout(`${renderRulesTable(builtinRules, CORE_RULES)}\n`);
    return 0;
  }
  const config = resolvedConfig(options, io);
  const infos: RuleInfo[] = [...allRuleInfos(builtinRules), ...config.policies];
  const rows = infos.map((r) => {
    const setting = options.ruleOverrides.get(r.id) ?? settingIn(config, r.id);
    const state = setting.severity === 'default' ? r.meta.severity : setting.severity;
    return [r.id, state, r.meta.category, r.meta.description];
  });
  const header = ['RULE', 'SEVERITY', 'CATEGORY', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  const on = rows.filter((r) => r[1] !== 'off').length;
  const source = config.path ? relative(io.cwd, config.path) || config.path : 'no config file (defaults)';
  io.stderr(`${on} of ${rows.length} rules on under ${source}; presets: ${config.presets.join(', ')}\n`);
  return 0;
}

/** `kubelint explain <policy-id>`: a custom policy of the resolved config, from its declaration. */
export function explainPolicy(id: string, options: CliOptions, io: CliIo): boolean {
  const config = resolvedConfig(options, io);
  const policy = config.policies.find((p) => p.id === id);
  if (!policy) return false;
  const spec = policy.policy;
  const lines = [
    `# ${id}`,
    '',
    `Custom policy declared in ${relative(io.cwd, policy.file) || policy.file}.`,
    '',
    `${policy.meta.description}.`,
    '',
    `- Severity: ${policy.meta.severity}`,
  ];
  const { kinds, apiVersions, namespaces, labelSelector } = spec.match;
  if (kinds) lines.push(`- Kinds: ${kinds.join(', ')}`);
  if (apiVersions) lines.push(`- apiVersions: ${apiVersions.join(', ')}`);
  if (namespaces) lines.push(`- Namespaces: ${namespaces.join(', ')}`);
  if (labelSelector !== undefined) lines.push(`- Label selector: ${JSON.stringify(labelSelector)}`);
  if (spec.forEach) lines.push(`- For each: ${spec.forEach}`);
  lines.push('', 'Must hold:', '', '```js', spec.assert.trim(), '```', '', `Message: ${spec.message}`, '');
  io.stdout(lines.join('\n'));
  return true;
}
