import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { lint } from '../src/index.js';

// One measured lint run in a fresh process, so peak RSS (maxRSS) belongs to this run alone; CPU
// time and peak RSS count every thread.
const dir = process.argv[2];
const threads = Number(process.argv[3] ?? '1');
if (!dir || !(threads >= 1)) throw new Error('usage: lint-child <dir> [threads]');
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpuMs();
const t0 = performance.now();
const result = lint([dir], { concurrency: threads });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const mainCpuMs = main0 < 0 ? -1 : mainThreadCpuMs() - main0;
const docs = result.files.reduce((n, f) => n + f.docs, 0);
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    docs,
    files: result.files.length,
    findings: result.findings.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    mainCpuMs,
  }),
);

/**
 * CPU time of the main thread alone so far (Linux: /proc/self/task/<pid>/stat, utime + stime in
 * clock ticks of 10 ms); the rest of the process's CPU time is V8's background threads (garbage
 * collection, compilation) and any worker threads. -1 elsewhere.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return -1;
  }
}
