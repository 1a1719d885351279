import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../../rules/index.js';
import {
  CORE_RULES,
  ConfigError,
  RuleError,
  lint,
  type LintOptions,
  type RuleInfo,
} from '../engine/index.js';
import { MissingPathError } from '../load/discover.js';
import { SchemaDirError } from '../schema/index.js';
import type { Finding } from '../load/types.js';
import {
  countFindings,
  fingerprintFindings,
  formatReport,
  type ReportContext,
  type RuleDocs,
} from '../report/index.js';
import { HELP, parseCli, UsageError, type CliOptions } from './args.js';
import { runInit } from './init.js';
import { explainPolicy, listRules } from './rules.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Uint8Array;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const INFORMATION_URI = 'https://github.com/kubelint/kubelint';

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function useColor(options: CliOptions, io: CliIo): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output !== undefined) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

function docsOf(rule: RuleInfo): RuleDocs {
  const core = CORE_RULES.find((r) => r.id === rule.id);
  // Loader findings have no rule folder; the README's rules table is their page.
  if (core)
    return {
      markdown: `# ${core.id}\n\n${core.meta.description}.\n\n${core.help}\n`,
      uri: `${INFORMATION_URI}#rules`,
    };
  return { markdown: readmeOf(rule), uri: rule.meta.docsUrl };
}

function readmeOf(rule: RuleInfo): string {
  let readme: string;
  try {
    readme = readFileSync(join(PACKAGE_ROOT, 'rules', rule.id, 'README.md'), 'utf8');
  } catch {
    return `# ${rule.id}\n\n${rule.meta.description}.\n\nSee ${rule.meta.docsUrl}.\n`;
  }
  // The README's generated metadata block is wrapped in HTML comments that renderers show as noise.
  return readme.replace(/^<!-- kubelint:meta:(start|end) -->\n/gm, '');
}

async function readBaseline(file: string, cwd: string): Promise<Set<string>> {
  const { parseBaseline, BaselineError } = await import('../report/baseline.js');
  let text: string;
  try {
    text = readFileSync(join(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --baseline ${file}: ${(err as Error).message}`);
  }
  try {
    return parseBaseline(text);
  } catch (err) {
    if (err instanceof BaselineError) throw new UsageError(`--baseline ${file}: ${err.message}`);
    throw err;
  }
}

function compareFindingsInRun(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset;
}

async function runLint(options: CliOptions, io: CliIo): Promise<number> {
  const inputs = options.inputs.length ? options.inputs : ['.'];
  const lintOptions: LintOptions = {
    rules: builtinRules,
    cwd: io.cwd,
    ignore: options.ignore,
    configFile: options.config,
    ruleOverrides: options.ruleOverrides,
    maxFileSize: options.maxFileSize,
    stdinText: inputs.includes('-') ? io.readStdin() : undefined,
    stdinPath: options.stdinFilename,
    namespace: options.namespace,
    reportUnusedDisable: options.reportUnusedDisable,
    kubernetesVersion: options.kubernetesVersion,
    strict: options.strict,
    schemaDirs: options.schemaDirs,
    // Beside this module: dist/src/cli/lint-worker.js, or the bundle's (scripts/bundle.ts).
    workerScript: new URL('./lint-worker.js', import.meta.url),
    concurrency: options.concurrency,
  };
  // --fix / --fix-dry-run: the report is of the fixed state (src/cli/fix.ts).
  const fixing = options.fix && (await import('./fix.js')).runFixes(inputs, lintOptions, options.fix, io);
  const result = fixing ? fixing.result : lint(inputs, lintOptions);
  const fingerprints = fingerprintFindings([...result.findings, ...result.suppressed]);
  const ctx: ReportContext = {
    color: useColor(options, io),
    cwd: io.cwd,
    files: result.files,
    rules: result.rules,
    fingerprints,
    tool: { name: 'kubelint', version: version(), informationUri: INFORMATION_URI },
    docsOf,
  };
  if (options.writeBaseline !== undefined) {
    const report = await formatReport('json', result.findings, ctx);
    writeFileSync(resolve(io.cwd, options.writeBaseline), report);
  }
  const known = options.baseline === undefined ? undefined : await readBaseline(options.baseline, io.cwd);
  // Only new findings count: a finding whose fingerprint the baseline holds is neither shown nor gates.
  const fresh = known
    ? result.findings.filter((f) => !known.has(fingerprints.get(f) ?? ''))
    : result.findings;
  // Suppressed findings never gate; --include-suppressed shows them (SARIF carries them as suppressions).
  const reported = options.includeSuppressed
    ? [...fresh, ...result.suppressed].sort(compareFindingsInRun)
    : fresh;
  const shown: Finding[] = options.quiet ? reported.filter((f) => f.severity === 'error') : reported;
  const report = await formatReport(options.format, shown, ctx);
  if (options.output !== undefined) writeFileSync(resolve(io.cwd, options.output), report);
  else if (fixing && fixing.stdoutTaken) io.stderr(report);
  else io.stdout(report);
  if (fixing && fixing.failed) return EXIT_ERROR;
  if (options.writeBaseline !== undefined) {
    io.stderr(
      `kubelint: wrote a baseline of ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} to ${options.writeBaseline}\n`,
    );
    return EXIT_OK;
  }
  const counts = countFindings(fresh);
  const tooManyWarnings = options.maxWarnings >= 0 && counts.warning > options.maxWarnings;
  if (tooManyWarnings && counts.error === 0)
    io.stderr(
      `kubelint found too many warnings (maximum: ${options.maxWarnings}, found: ${counts.warning})\n`,
    );
  return counts.error > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

function runExplain(options: CliOptions, io: CliIo): number {
  const id = options.inputs[0];
  if (!id) throw new UsageError('explain expects a rule id, e.g. kubelint explain duplicate-container-name');
  const core = CORE_RULES.find((r) => r.id === id);
  if (core) {
    io.stdout(`# ${core.id}\n\n${core.meta.description}.\n\n${core.help}\n`);
    return EXIT_OK;
  }
  if (!builtinRules.some((r) => r.id === id)) {
    if (explainPolicy(id, options, io)) return EXIT_OK;
    throw new UsageError(`unknown rule or policy "${id}" (see kubelint rules)`);
  }
  io.stdout(readFileSync(join(PACKAGE_ROOT, 'rules', id, 'README.md'), 'utf8'));
  return EXIT_OK;
}

/** Run the CLI; returns the exit code (0 clean, 1 findings, 2 usage/config/internal error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const options = parseCli(argv);
    switch (options.command) {
      case 'help':
        io.stdout(HELP);
        return EXIT_OK;
      case 'version':
        io.stdout(`${version()}\n`);
        return EXIT_OK;
      case 'simulate':
        // Loaded on demand like the language server: a lint run does not print timelines.
        return (await import('./simulate.js')).runSimulate(options, io, useColor(options, io));
      case 'rules':
        return listRules(options, io);
      case 'init':
        return runInit(options, io);
      case 'explain':
        return runExplain(options, io);
      case 'lsp':
        // Loaded on demand: the language server library is not part of a lint run's start-up.
        return await (await import('../lsp/index.js')).runLsp();
      default:
        return await runLint(options, io);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof MissingPathError || err instanceof SchemaDirError) {
      io.stderr(
        `kubelint: ${err.message}\n${err instanceof UsageError ? 'Run kubelint --help for usage.\n' : ''}`,
      );
    } else if (err instanceof ConfigError) {
      io.stderr(`kubelint: config error: ${err.format()}\n`);
    } else if (err instanceof RuleError) {
      io.stderr(
        `kubelint: internal error: ${err.message}\n${String((err.cause as Error | undefined)?.stack ?? '')}\n`,
      );
    } else {
      io.stderr(`kubelint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    return EXIT_ERROR;
  }
}
