import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNICODE_JOB as JOB } from './helpers.js';

// End-to-end with a real editor: Neovim's built-in LSP client (`nvim --headless`) runs
// `kubelint lsp --stdio` on a manifest; test/neovim/lsp-client.lua records what Neovim received.
const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');
const SCRIPT = join(import.meta.dirname, 'neovim', 'lsp-client.lua');
const TIMEOUT_MS = 20_000;

const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvim = version.status === 0 ? /NVIM v(\d+)\.(\d+)/.exec(version.stdout) : null;
const inCi = process.env.CI === 'true';
const skipReason =
  'Neovim (nvim) is not installed; install the Debian package "neovim" (never skipped with CI=true)';
if (!nvim && !inCi) console.warn(`SKIPPED Neovim end-to-end test: ${skipReason}`);

interface NvimDiagnostic {
  code: string;
  source: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

interface NvimResult {
  error?: string;
  pid?: number;
  hover: string | null;
  stopped?: boolean;
  steps: { name: string; diagnostics: NvimDiagnostic[] }[];
}

/** Run nvim headless with the Lua client script; killed (and the test failed) past the timeout. */
function runNeovim(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      'nvim',
      ['--headless', '--clean', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${SCRIPT}`],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`nvim did not exit within ${TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const title = 'Neovim end-to-end (nvim --headless, built-in LSP client)';
describe.skipIf(!nvim && !inCi)(nvim || inCi ? title : `${title}: SKIPPED, ${skipReason}`, () => {
  it('shows kubelint diagnostics at the exact place, hover, and updates them after an edit', async () => {
    expect(nvim, 'Neovim must be installed where CI=true (the Debian package "neovim")').not.toBeNull();
    expect(
      Number(nvim![1]) * 100 + Number(nvim![2]),
      'vim.diagnostic needs Neovim 0.7+',
    ).toBeGreaterThanOrEqual(7);
    const root = mkdtempSync(join(tmpdir(), 'kubelint-nvim-'));
    dirs.push(root);
    const file = join(root, 'job.yaml');
    writeFileSync(file, JOB);
    const out = join(root, 'result.json');
    const { code, stderr } = await runNeovim({
      KUBELINT_NODE: process.execPath,
      KUBELINT_BIN: BIN,
      KUBELINT_ROOT: root,
      KUBELINT_FILE: file,
      KUBELINT_OUT: out,
      KUBELINT_TIMEOUT_MS: String(TIMEOUT_MS / 2),
      // On "restartPolicy" (line 9) for the field hover; the fix edits the same line.
      KUBELINT_HOVER_LINE: '8',
      KUBELINT_HOVER_CHARACTER: '8',
      KUBELINT_FIX_LINE: '8',
    });
    expect(code, stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    expect(result.error, stderr).toBeUndefined();

    // Neovim converts LSP's UTF-16 columns to byte columns of the buffer line: line 12 has "é" (2 bytes,
    // 1 UTF-16 unit) twice and "🚀" (4 bytes, 2 units) before "app", at UTF-16 character 61.
    const lines = JOB.split('\n');
    const bytes = (line: number, character: number): number =>
      Buffer.byteLength(lines[line]!.slice(0, character));
    expect(bytes(11, 61)).toBe(65);
    const [open, edited] = result.steps;
    expect(
      open?.diagnostics.map((d) => [d.code, d.source, d.severity, d.lnum, d.col, d.end_lnum, d.end_col]),
    ).toEqual([
      ['job-restart-policy-always', 'kubelint', 1, 8, 21, 8, 27],
      ['duplicate-container-name', 'kubelint', 1, 11, bytes(11, 61), 11, bytes(11, 64)],
    ]);
    expect(open?.diagnostics[1]?.message).toContain('"app"');
    expect(result.hover).toMatch(/^\*\*spec\.template\.spec\.restartPolicy\*\* `<string>`/);
    expect(edited?.diagnostics.map((d) => [d.code, d.lnum, d.col, d.end_col])).toEqual([
      ['duplicate-container-name', 11, bytes(11, 61), bytes(11, 64)],
    ]);

    // The client shut the server down: no process left behind.
    expect(result.stopped).toBe(true);
    expect(typeof result.pid).toBe('number');
    const deadline = Date.now() + 5000;
    while (isRunning(result.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isRunning(result.pid!)).toBe(false);
  }, 60_000);
});
