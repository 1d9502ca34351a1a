/**
 * One measured import, in a process of its own (run by bench/import.bench.ts from the bundle it
 * builds), so peak RSS is the import's and not the benchmark's: prints one JSON line.
 *   node bench/.data/build/import-child.js <file> <workDir> [--progress]
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../electron/core/db/open.js';
import { runImport } from '../electron/core/import/index.js';

const [file, work, flag] = process.argv.slice(2);
const showProgress = flag === '--progress';
const dbPath = path.join(work!, 'bench.db');
openDatabase(dbPath).close();

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
let lastShown = 0;
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const started = performance.now();
const summary = await runImport({
  dbPath,
  tempDir: path.join(work!, 'tmp'),
  file: file!,
  target: { list: 'Bench' },
  onProgress: (p) => {
    if (!showProgress || performance.now() - lastShown < 1000) return;
    lastShown = performance.now();
    process.stderr.write(
      `  … ${p.phase} ${p.rowsHashed.toLocaleString('en')} of ~${(p.estimatedRows ?? 0).toLocaleString('en')} rows, ` +
        `${Math.round(p.rowsPerSecond ?? 0).toLocaleString('en')} rows/s, eta ${p.etaSeconds === null ? '?' : p.etaSeconds.toFixed(0)} s, rss ${mb(process.memoryUsage.rss())}\n`,
    );
  },
});
const seconds = (performance.now() - started) / 1000;
delay.disable();
clearInterval(sampler);
const cpu = process.cpuUsage();
fs.rmSync(work!, { recursive: true, force: true });
console.log(
  JSON.stringify({
    seconds,
    rowsRead: summary.rowsRead,
    valid: summary.valid,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
    maxDelayMs: delay.max / 1e6,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
