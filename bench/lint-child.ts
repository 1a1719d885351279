import { performance } from 'node:perf_hooks';
import { lint } from '../src/index.js';

// One measured lint run in a fresh process, so peak RSS (maxRSS) belongs to this run alone; CPU
// time and peak RSS count every thread.
const dir = process.argv[2];
const threads = Number(process.argv[3] ?? '1');
if (!dir || !(threads >= 1)) throw new Error('usage: lint-child <dir> [threads]');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = lint([dir], { concurrency: threads });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const docs = result.files.reduce((n, f) => n + f.docs, 0);
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    docs,
    files: result.files.length,
    findings: result.findings.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
