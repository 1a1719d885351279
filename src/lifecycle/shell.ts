/**
 * A small POSIX shell tokenizer and statement splitter: enough structure to recognise the handful of
 * script shapes container commands use (`cmd; cmd`, `a && b`, `until X; do Y; done`, `while true`).
 * Anything it does not understand is reported as such, and the classifier then says "unknown".
 */
export type Token = { type: 'word'; value: string; quoted: boolean } | { type: 'op'; value: string };

const OPERATORS = ['&&', '||', ';;', ';', '&', '|', '\n', '(', ')'];

/** Tokenize a script; undefined when it uses syntax we do not model (heredocs, unbalanced quotes). */
export function tokenize(script: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => script.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', value: op });
      i += op.length;
      continue;
    }
    if (script.startsWith('<<', i)) return undefined;
    let value = '';
    let quoted = false;
    while (i < script.length) {
      const ch = script[i] ?? '';
      if (ch === "'") {
        const end = script.indexOf("'", i + 1);
        if (end === -1) return undefined;
        value += script.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (ch === '"') {
        let j = i + 1;
        while (j < script.length && script[j] !== '"') j += script[j] === '\\' ? 2 : 1;
        if (j >= script.length) return undefined;
        value += script.slice(i + 1, j).replace(/\\(["\\$`])/g, '$1');
        quoted = true;
        i = j + 1;
      } else if (ch === '$' && script[i + 1] === '(') {
        // Command substitution stays part of the word, unexpanded: `$(cat …)`.
        let depth = 0;
        let j = i + 1;
        for (; j < script.length; j++) {
          if (script[j] === '(') depth++;
          else if (script[j] === ')' && --depth === 0) break;
        }
        if (j >= script.length) return undefined;
        value += script.slice(i, j + 1);
        i = j + 1;
      } else if (ch === '\\') {
        value += script[i + 1] ?? '';
        i += 2;
      } else if (/[\s;&|()]/.test(ch)) {
        break;
      } else {
        value += ch;
        i++;
      }
    }
    tokens.push({ type: 'word', value, quoted });
  }
  return tokens;
}

/** One simple command with the operator that follows it (`;`, `&&`, `||`, `&`, `|`, or end). */
export interface SimpleCommand {
  words: string[];
  next: string;
}

export type Statement =
  | { kind: 'simple'; words: string[] }
  | { kind: 'loop'; loop: 'while' | 'until'; condition: Statement[]; negated: boolean; body: Statement[] }
  | { kind: 'and'; parts: Statement[] }
  | { kind: 'unsupported'; what: string };

/**
 * Parse a token list into top-level statements. `&&` chains become `and`; `while/until … do … done`
 * become loops; `||`, pipes, background jobs, `if`, `for`, `case` and subshells are `unsupported`.
 */
export function parseStatements(tokens: Token[]): Statement[] {
  const parser = new Parser(tokens);
  return parser.list(new Set());
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.type === 'word' && !t.quoted && t.value === value;
  }

  /** Statements until one of the terminator keywords (not consumed) or the end. */
  list(terminators: Set<string>): Statement[] {
    const out: Statement[] = [];
    let chain: Statement[] = [];
    const flush = (): void => {
      if (chain.length === 1 && chain[0]) out.push(chain[0]);
      else if (chain.length > 1) out.push({ kind: 'and', parts: chain });
      chain = [];
    };
    while (this.pos < this.tokens.length) {
      const t = this.peek();
      if (t?.type === 'op') {
        this.pos++;
        if (t.value === ';' || t.value === '\n') flush();
        else if (t.value === '&&') continue;
        else {
          chain.push({
            kind: 'unsupported',
            what: `the shell operator "${t.value === '\n' ? '\\n' : t.value}"`,
          });
          flush();
        }
        continue;
      }
      if (t?.type === 'word' && !t.quoted && terminators.has(t.value)) break;
      chain.push(this.statement());
    }
    flush();
    return out;
  }

  private statement(): Statement {
    const t = this.peek();
    if (t?.type === 'word' && !t.quoted && (t.value === 'while' || t.value === 'until'))
      return this.loop(t.value);
    if (
      t?.type === 'word' &&
      !t.quoted &&
      ['if', 'for', 'case', 'select', 'function', '{'].includes(t.value)
    ) {
      this.skipCompound();
      return { kind: 'unsupported', what: `a "${t.value}" statement` };
    }
    const words: string[] = [];
    while (this.pos < this.tokens.length) {
      const w = this.peek();
      if (!w || w.type === 'op') break;
      words.push(w.value);
      this.pos++;
    }
    return { kind: 'simple', words };
  }

  private loop(loop: 'while' | 'until'): Statement {
    this.pos++;
    let negated = false;
    if (this.isWord('!')) {
      negated = true;
      this.pos++;
    }
    const condition = this.list(new Set(['do']));
    if (!this.isWord('do')) return { kind: 'unsupported', what: `an unterminated ${loop} loop` };
    this.pos++;
    const body = this.list(new Set(['done']));
    if (!this.isWord('done')) return { kind: 'unsupported', what: `an unterminated ${loop} loop` };
    this.pos++;
    return { kind: 'loop', loop, condition, negated, body };
  }

  private skipCompound(): void {
    const closers: Record<string, string> = { if: 'fi', for: 'done', case: 'esac', select: 'done', '{': '}' };
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.peek();
      this.pos++;
      if (t?.type !== 'word' || t.quoted) continue;
      if (t.value in closers || t.value === 'while' || t.value === 'until') depth++;
      else if (Object.values(closers).includes(t.value)) {
        depth--;
        if (depth <= 0) return;
      }
    }
  }
}
