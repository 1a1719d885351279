import { parseArgs } from 'node:util';
import { parseSeverity, type RuleSetting } from '../engine/index.js';
import type { Concurrency } from '../engine/parallel.js';
import { FORMATS, type Format } from '../report/index.js';
import { embeddedVersions, resolveKubernetesVersion } from '../schema/index.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  command: 'lint' | 'simulate' | 'rules' | 'explain' | 'lsp' | 'init' | 'help' | 'version';
  inputs: string[];
  format: Format;
  output?: string;
  quiet: boolean;
  maxWarnings: number;
  config?: string;
  ruleOverrides: Map<string, RuleSetting>;
  ignore: string[];
  color?: boolean;
  maxFileSize?: number;
  stdinFilename?: string;
  namespace?: string;
  /** simulate: seconds of pod life to play. */
  horizon?: number;
  baseline?: string;
  reportUnusedDisable?: boolean;
  includeSuppressed?: boolean;
  writeBaseline?: string;
  /** An embedded Kubernetes minor (`1.34`). */
  kubernetesVersion?: string;
  /** `--no-strict`: unknown fields are not reported. */
  strict?: boolean;
  /** `--schema-dir`: extra JSON Schemas in kubeconform's naming. */
  schemaDirs?: string[];
  /** `--fix`: apply the rules' fixes to the files; `--fix-dry-run`: print them as a diff. */
  fix?: 'write' | 'dry-run';
  /** rules: `--format markdown`, the README's rules table. */
  markdown?: boolean;
  /** init: overwrite an existing config. */
  force?: boolean;
  /** `--concurrency`: threads that lint (a number, `auto` or `off`). */
  concurrency?: Concurrency;
}

const COMMANDS = new Set(['lint', 'simulate', 'rules', 'explain', 'lsp', 'init']);

/** `90`, `90s`, `15m`, `1h` → seconds. */
function duration(flag: string, value: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(value);
  if (!m) throw new UsageError(`${flag} expects a duration like 90s, 15m or 1h, got "${value}"`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1);
}

function nonNegativeInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        horizon: { type: 'string' },
        'report-unused-disable': { type: 'boolean' },
        'include-suppressed': { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        quiet: { type: 'boolean', short: 'q' },
        'max-warnings': { type: 'string' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'max-file-size': { type: 'string' },
        'stdin-filename': { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        concurrency: { type: 'string' },
        strict: { type: 'boolean' },
        'no-strict': { type: 'boolean' },
        'schema-dir': { type: 'string', multiple: true },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        stdio: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  let command: CliOptions['command'] = 'lint';
  let inputs = positionals;
  if (positionals[0] !== undefined && COMMANDS.has(positionals[0])) {
    command = positionals[0] as CliOptions['command'];
    inputs = positionals.slice(1);
  }
  if (command === 'simulate' && values.format !== undefined && !['stylish', 'json'].includes(values.format))
    throw new UsageError(`simulate supports --format stylish or json, not "${values.format}"`);
  // The language server speaks over stdio only; the flag is what editors' LSP clients pass.
  if (command === 'lsp' && !values.stdio && !values.help)
    throw new UsageError('lsp needs a transport: kubelint lsp --stdio');
  if (values.help) command = 'help';
  else if (values.version) command = 'version';
  // `kubelint rules --format markdown` prints the README's rules table; not a findings format.
  const markdown = command === 'rules' && values.format === 'markdown';
  const format = markdown ? 'stylish' : (values.format ?? 'stylish');
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`unknown --format "${format}" (expected one of: ${FORMATS.join(', ')})`);
  const ruleOverrides = new Map<string, RuleSetting>();
  for (const spec of values.rule ?? []) {
    const m = /^([a-z0-9-]+)[:=](\w+)$/.exec(spec);
    const severity = m?.[2] ? parseSeverity(m[2]) : undefined;
    if (!m?.[1] || !severity)
      throw new UsageError(`--rule expects id:severity (off|info|warning|error), got "${spec}"`);
    ruleOverrides.set(m[1], { severity, options: {} });
  }
  const options: CliOptions = {
    command,
    inputs,
    format: format as Format,
    quiet: values.quiet ?? false,
    maxWarnings:
      values['max-warnings'] === undefined ? -1 : nonNegativeInt('--max-warnings', values['max-warnings']),
    ruleOverrides,
    ignore: values.ignore ?? [],
  };
  if (values.output !== undefined) options.output = values.output;
  if (values.config !== undefined) options.config = values.config;
  if (values['no-color']) options.color = false;
  else if (values.color) options.color = true;
  if (values['max-file-size'] !== undefined)
    options.maxFileSize = nonNegativeInt('--max-file-size', values['max-file-size']);
  if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
  if (values.namespace !== undefined) options.namespace = values.namespace;
  if (values.horizon !== undefined) options.horizon = duration('--horizon', values.horizon);
  if (values['report-unused-disable']) options.reportUnusedDisable = true;
  if (values['include-suppressed']) options.includeSuppressed = true;
  if (values.baseline !== undefined) options.baseline = values.baseline;
  if (values['write-baseline'] !== undefined) options.writeBaseline = values['write-baseline'];
  if (values['kubernetes-version'] !== undefined) {
    const version = resolveKubernetesVersion(values['kubernetes-version']);
    if (!version)
      throw new UsageError(
        `--kubernetes-version "${values['kubernetes-version']}" has no embedded schemas (available: ${embeddedVersions().join(', ')})`,
      );
    options.kubernetesVersion = version;
  }
  if (values.concurrency !== undefined) {
    const value = values.concurrency;
    if (value === 'auto' || value === 'off') options.concurrency = value;
    else if (/^[1-9]\d*$/.test(value)) options.concurrency = Number(value);
    else throw new UsageError(`--concurrency expects a number of threads, auto or off, got "${value}"`);
  }
  if ((values.fix || values['fix-dry-run']) && command !== 'lint' && command !== 'help')
    throw new UsageError(`--fix and --fix-dry-run apply to lint, not to ${command}`);
  if (values['fix-dry-run']) options.fix = 'dry-run';
  else if (values.fix) options.fix = 'write';
  if (markdown) options.markdown = true;
  if (values.force) options.force = true;
  if (values['no-strict']) options.strict = false;
  else if (values.strict) options.strict = true;
  if (values['schema-dir']) options.schemaDirs = values['schema-dir'];
  return options;
}

export const HELP = `Usage: kubelint [lint] [paths...|-] [options]
       kubelint simulate [paths...|-] [--format stylish|json] [--horizon 10m]
       kubelint rules [--config FILE] [--format markdown]
       kubelint explain <rule-id | policy-id>
       kubelint init [--force]
       kubelint lsp --stdio

Lint Kubernetes manifests: files, directories (recursive .yaml/.yml), globs, or - for stdin.
With no paths, lints the current directory.

Options:
  -f, --format <name>          stylish, json, sarif, github or junit (default: stylish)
  -o, --output <file>          write the report to a file instead of stdout
  -q, --quiet                  report errors only
      --horizon <duration>     simulate: how much pod life to play, e.g. 90s, 15m (default: 10m)
      --max-warnings <n>       exit 1 when there are more than n warnings
      --report-unused-disable  report suppression comments that silence nothing
      --include-suppressed     also show findings silenced by comments or annotations
  -c, --config <file>          use this config instead of the nearest .kubelint.yaml
      --rule <id:severity>     set a rule's severity (off|info|warning|error); repeatable
      --ignore <glob>          skip matching files or directories; repeatable
      --max-file-size <bytes>  skip larger files with a finding (default: 10485760)
      --stdin-filename <name>  the name findings from stdin carry (default: <stdin>)
  -n, --namespace <name>       namespace of resources that set none (default: default)
      --kubernetes-version <v> validate against this Kubernetes minor's schemas, e.g. 1.34 (default: newest)
      --concurrency <n>        threads that lint: a number, auto (one per core for inputs from 4 MB)
                               or off (default: off)
      --no-strict              do not report fields unknown to the schema (default: strict, like kubectl)
      --schema-dir <dir>       JSON Schemas for other kinds, named like kubeconform's
                               (<kind>-<group>-<version>.json); repeatable
      --fix                    apply the rules' safe fixes to the files, then report what remains
                               (with -, print the fixed YAML on stdout and the report on stderr)
      --fix-dry-run            print the fixes as a unified diff instead of writing them
      --baseline <file>        report only findings not in this earlier JSON or SARIF report
      --write-baseline <file>  write every finding to this file as a baseline, and exit 0
      --color, --no-color      force colour on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help                   show this help
  -v, --version                show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage, config or internal error.
`;
