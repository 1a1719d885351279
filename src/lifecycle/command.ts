import { parseStatements, tokenize, type Statement } from './shell.js';

/**
 * What a container's main process will do, as far as we can tell with certainty. Anything we cannot
 * recognise for sure is `unknown`, and unknown never produces a finding. `what` names the program as
 * a noun phrase (`"sleep infinity"`, `image "alpine" (default command "sh")`); messages add the verb.
 */
export type Behaviour =
  | { kind: 'exits'; code: number; seconds: number; what: string }
  | { kind: 'runs-forever'; what: string }
  | { kind: 'waits-for'; host: string; port?: number; what: string; then: Behaviour }
  | { kind: 'unknown'; what: string };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
/** Commands that print or report and exit 0 at once. */
const INSTANT_SUCCESS = new Set([
  'echo',
  'printf',
  'true',
  ':',
  'date',
  'hostname',
  'pwd',
  'whoami',
  'id',
  'uname',
]);
const DURATION = /^(\d+(?:\.\d+)?)([smhd]?)$/;
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

const unknown = (what: string): Behaviour => ({ kind: 'unknown', what });

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function quote(words: string[]): string {
  const text = words.join(' ');
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** `sleep 30`, `sleep 1m 30s`, `sleep infinity`. */
function sleepBehaviour(args: string[], words: string[]): Behaviour {
  if (args.length === 0) return unknown(`${quote(words)} has no duration`);
  if (args.includes('infinity') || args.includes('inf')) return { kind: 'runs-forever', what: quote(words) };
  let seconds = 0;
  for (const a of args) {
    const m = DURATION.exec(a);
    if (!m) return unknown(`${quote(words)} has a duration we cannot read`);
    seconds += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 1);
  }
  return { kind: 'exits', code: 0, seconds, what: quote(words) };
}

/**
 * The pod's own namespace as scripts read it (the Kubernetes docs' init container example does
 * `nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local`).
 */
export const POD_NAMESPACE = '{namespace}';
const NAMESPACE_FILE = /\$\(cat \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/namespace\)/g;
const HOST = /^[A-Za-z0-9.{}-]+$/;

interface WaitTarget {
  host: string;
  port?: number;
}

function hostOfUrl(url: string): WaitTarget | undefined {
  const m = /^(?:https?:\/\/)?([A-Za-z0-9.{}-]+)(?::(\d+))?(?:[/?#]|$)/.exec(url);
  if (!m?.[1] || !/[A-Za-z]/.test(m[1])) return undefined;
  return m[2] ? { host: m[1], port: Number(m[2]) } : { host: m[1] };
}

/** The host (and port) a readiness-check command probes: `nslookup db`, `nc -z db 5432`, `wget http://api:8080/`. */
export function waitTargetOf(raw: string[]): WaitTarget | undefined {
  const words = raw.map((w) => w.replace(NAMESPACE_FILE, POD_NAMESPACE));
  if (words.some((w) => w.includes('$'))) return undefined;
  const [cmd0, ...rest] = words;
  const cmd = basename(cmd0 ?? '');
  const positional = rest.filter((w) => !w.startsWith('-'));
  switch (cmd) {
    case 'nslookup':
    case 'host':
    case 'dig': {
      const host = positional[0];
      return host && HOST.test(host) && /[A-Za-z]/.test(host) ? { host } : undefined;
    }
    case 'getent':
      return positional[0] === 'hosts' && positional[1] ? { host: positional[1] } : undefined;
    case 'nc':
    case 'ncat': {
      if (!rest.some((w) => /^-[a-zA-Z]*z/.test(w))) return undefined;
      const args = rest.filter((w, i) => !w.startsWith('-') && !/^-w$/.test(rest[i - 1] ?? ''));
      const [host, port] = args;
      return host && port && /^\d+$/.test(port) ? { host, port: Number(port) } : undefined;
    }
    case 'wget':
    case 'curl': {
      const url = rest.find((w) => /^https?:\/\//.test(w));
      return url ? hostOfUrl(url) : undefined;
    }
    case 'pg_isready': {
      const h = rest.indexOf('-h');
      const p = rest.indexOf('-p');
      const host = h !== -1 ? rest[h + 1] : undefined;
      const port = p !== -1 ? Number(rest[p + 1]) : undefined;
      return host ? (port ? { host, port } : { host }) : undefined;
    }
    default:
      return undefined;
  }
}

function simpleBehaviour(raw: string[], shellExitOnError: boolean): Behaviour {
  let words = raw;
  while (words[0] === 'exec' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? '')) words = words.slice(1);
  const [cmd0, ...args] = words;
  if (cmd0 === undefined) return { kind: 'exits', code: 0, seconds: 0, what: 'an empty command' };
  const cmd = basename(cmd0);
  if (SHELLS.has(cmd)) return shellBehaviour(args, words, shellExitOnError);
  if (words.some((w) => /[$`*?]/.test(w)) && !INSTANT_SUCCESS.has(cmd))
    return unknown(`${quote(words)} depends on shell expansion`);
  if (INSTANT_SUCCESS.has(cmd)) return { kind: 'exits', code: 0, seconds: 0, what: quote(words) };
  if (cmd === 'false') return { kind: 'exits', code: 1, seconds: 0, what: quote(words) };
  if (cmd === 'exit') {
    const code = args[0] === undefined ? 0 : /^\d+$/.test(args[0]) ? Number(args[0]) % 256 : undefined;
    return code === undefined
      ? unknown(`${quote(words)}`)
      : { kind: 'exits', code, seconds: 0, what: quote(words) };
  }
  if (cmd === 'sleep') return sleepBehaviour(args, words);
  if (cmd === 'tail' && args.some((a) => /^-[a-zA-Z]*[fF]/.test(a) || a === '--follow'))
    return { kind: 'runs-forever', what: quote(words) };
  if ((cmd === 'perl' || cmd.startsWith('python')) && onlyPrints(cmd, args))
    return { kind: 'exits', code: 0, seconds: 0, what: quote(words) };
  return unknown(`${quote(words)} is not a command kubelint can predict`);
}

/** `perl -le 'print bpi(2000)'`, `python -c 'print(42)'`: a one-liner that only prints. */
function onlyPrints(cmd: string, args: string[]): boolean {
  const flag = cmd === 'perl' ? /^-[A-Za-z=]*e$/ : /^-c$/;
  const i = args.findIndex((a) => flag.test(a) || (cmd === 'perl' && /^-[wl]*e$/.test(a)));
  const code = i === -1 ? undefined : args[i + 1];
  if (code === undefined || args.length !== i + 2) return false;
  const statements = code
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    statements.length > 0 &&
    statements.every((s) => /^print\b/.test(s) && !/\b(sleep|system|exec|while|for)\b/.test(s))
  );
}

function shellBehaviour(args: string[], words: string[], inheritedExitOnError: boolean): Behaviour {
  let exitOnError = inheritedExitOnError;
  let i = 0;
  let script: string | undefined;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-c' || (/^-[a-z]+$/.test(a) && a.endsWith('c'))) {
      if (a.includes('e')) exitOnError = true;
      script = args[i + 1];
      break;
    }
    if (/^-[a-z]+$/.test(a) && !a.includes('c')) {
      if (a.includes('e')) exitOnError = true;
      continue;
    }
    return unknown(`${quote(words)} runs a script file`);
  }
  if (script === undefined) return unknown(`${quote(words)} reads commands from stdin`);
  return scriptBehaviour(script, exitOnError);
}

/** Classify a shell script (the text after `sh -c`). */
export function scriptBehaviour(script: string, exitOnError = false): Behaviour {
  const tokens = tokenize(script);
  if (!tokens) return unknown('the script uses shell syntax kubelint does not model');
  const b = sequenceBehaviour(parseStatements(tokens), exitOnError);
  // A script that runs to its end is described whole, not by its last command.
  const oneLine = script
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('; ');
  return b.kind === 'exits' ? { ...b, what: `the script ${quote([oneLine])}` } : b;
}

function sequenceBehaviour(statements: Statement[], exitOnError: boolean): Behaviour {
  let seconds = 0;
  let last: Behaviour = { kind: 'exits', code: 0, seconds: 0, what: 'an empty script' };
  let errexit = exitOnError;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (!st) continue;
    if (st.kind === 'simple' && st.words[0] === 'set') {
      if (st.words.some((w) => /^-[a-z]*e/.test(w))) errexit = true;
      continue;
    }
    const b = statementBehaviour(st, errexit);
    if (b.kind === 'unknown' || b.kind === 'runs-forever') return b;
    if (b.kind === 'waits-for') {
      const after = statements.slice(i + 1);
      const rest: Behaviour = after.length
        ? sequenceBehaviour(after, errexit)
        : { kind: 'exits', code: 0, seconds: 0, what: 'nothing left after the wait' };
      return { ...b, then: rest };
    }
    seconds += b.seconds;
    last = { ...b, seconds };
    if (b.code !== 0 && (errexit || (st.kind === 'simple' && st.words[0] === 'exit'))) return last;
    if (st.kind === 'simple' && st.words[0] === 'exit') return last;
  }
  return last;
}

function statementBehaviour(st: Statement, errexit: boolean): Behaviour {
  switch (st.kind) {
    case 'unsupported':
      return unknown(`the script uses ${st.what}`);
    case 'simple':
      return simpleBehaviour(st.words, errexit);
    case 'and': {
      let seconds = 0;
      let result: Behaviour = { kind: 'exits', code: 0, seconds: 0, what: '' };
      for (const part of st.parts) {
        const b = statementBehaviour(part, false);
        if (b.kind !== 'exits')
          return b.kind === 'runs-forever' ? b : unknown('an && chain with an unpredictable step');
        seconds += b.seconds;
        result = { ...b, seconds };
        if (b.code !== 0) break;
      }
      return result;
    }
    case 'loop':
      return loopBehaviour(st, errexit);
  }
}

function mentionsExit(statements: Statement[]): boolean {
  return statements.some((s) =>
    s.kind === 'simple'
      ? ['exit', 'break', 'return', 'exec'].includes(s.words[0] ?? '')
      : s.kind === 'and'
        ? mentionsExit(s.parts)
        : s.kind === 'loop'
          ? mentionsExit(s.body) || mentionsExit(s.condition)
          : true,
  );
}

function loopBehaviour(st: Extract<Statement, { kind: 'loop' }>, errexit: boolean): Behaviour {
  if (mentionsExit(st.body)) return unknown('a loop that may break out');
  const cond = st.condition.length === 1 ? st.condition[0] : undefined;
  const condWords = cond?.kind === 'simple' ? cond.words : undefined;
  // `while true`, `while :`, `until false`: never ends (unless set -e and the body can fail).
  const alwaysTrue = condWords && ['true', ':'].includes(condWords.join(' '));
  const alwaysFalse = condWords && condWords.join(' ') === 'false';
  if (
    (st.loop === 'while' && !st.negated && alwaysTrue) ||
    (st.loop === 'until' && !st.negated && alwaysFalse)
  ) {
    if (
      errexit &&
      !st.body.every((b) => b.kind === 'simple' && statementBehaviour(b, false).kind === 'exits')
    )
      return unknown('an endless loop under set -e whose body may fail');
    return { kind: 'runs-forever', what: `an endless "${st.loop} ${condWords?.join(' ') ?? ''}" loop` };
  }
  // `until nslookup db; do sleep 2; done` or `while ! nc -z db 5432; do …; done`: waits for a host.
  const waitsUntilSuccess = (st.loop === 'until' && !st.negated) || (st.loop === 'while' && st.negated);
  const target = condWords ? waitTargetOf(condWords) : undefined;
  if (waitsUntilSuccess && target) {
    return {
      kind: 'waits-for',
      ...target,
      what: `a loop until ${quote(condWords ?? [])} succeeds`,
      then: { kind: 'exits', code: 0, seconds: 0, what: 'the rest of the script' },
    };
  }
  return unknown(`a ${st.loop} loop kubelint cannot predict`);
}

export interface ContainerCommand {
  command?: unknown;
  args?: unknown;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/**
 * Classify a container's main process from `command` and `args` (Kubernetes: command replaces the
 * image's ENTRYPOINT, args its CMD). Without `command`, the image decides (see images.ts).
 */
export function commandBehaviour(container: ContainerCommand): Behaviour | undefined {
  const command = stringList(container.command);
  const args = stringList(container.args) ?? [];
  if (container.command !== undefined && !command) return unknown('command is not a list of strings');
  if (!command) return undefined;
  return simpleBehaviour([...command, ...args], false);
}
