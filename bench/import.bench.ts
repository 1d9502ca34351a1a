/**
 * End-to-end import throughput: parse, normalize, hash, dedupe, commit.
 *
 *   npm run bench:import                       1,000,000-row CSV
 *   npm run bench:import -- --rows 10000000    10M rows (RSS should stay flat)
 *   npm run bench:import -- --xlsx             1M-row XLSX, with progress
 *   options: --runs N (repeat the import), --rows N
 *
 * Generates its file once into bench/.data (gitignored): email + first name, last name, phone;
 * 2% invalid emails, 3% duplicates (some differing only in case and spaces), 5% mixed case.
 * Prints rows/s, the ratio to a single-thread `crypto.hash` loop over the same normalized values
 * (the reference limit), peak RSS, and the calling thread's worst event-loop delay. Asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWithWorkers } from './bundle.js';
import { emailCell, writeCsv, writeXlsx } from './import-data.js';
import { importInChild, type ChildResult } from './import-run.js';
import { normalizeEmail } from '../shared/normalize.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    xlsx: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
});
const rows = Number(args.rows);
const runs = Math.max(1, Number(args.runs));
const dataDir = path.join(import.meta.dirname, '.data');
fs.mkdirSync(dataDir, { recursive: true });

const file = path.join(dataDir, `import-v2-${rows}.${args.xlsx ? 'xlsx' : 'csv'}`);
if (!fs.existsSync(file)) {
  const started = performance.now();
  process.stdout.write(`generating ${file} … `);
  const partial = `${file}.partial`;
  await (args.xlsx ? writeXlsx(partial, rows) : writeCsv(partial, rows));
  fs.renameSync(partial, file);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}
/**
 * The pipeline as it ships: bundled by esbuild with its worker entry points beside it, as
 * scripts/build.mjs lays out dist/main (from sources, each worker would first boot tsx). Each
 * import runs in a child process of its own, so the RSS measured is the import's alone.
 */
async function buildBundle(): Promise<string> {
  return bundleWithWorkers('import-child', 'bench/import-child.ts', path.join(dataDir, 'build'));
}

const fileSize = fs.statSync(file).size;
console.log(`file: ${path.basename(file)}, ${rows.toLocaleString('en')} rows, ${(fileSize / 1e6).toFixed(1)} MB; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const child = await buildBundle();
const results: (ChildResult & { rate: number })[] = [];
for (let run = 1; run <= runs; run++) {
  const result = await importInChild(child, file, args.xlsx || rows > 1_000_000);
  const rate = result.rowsRead / result.seconds;
  results.push({ ...result, rate });
  console.log(
    `run ${run}: ${result.seconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('en')} rows/s, CPU ${result.cpuSeconds.toFixed(2)} s, peak RSS ${mb(result.peakRss)}, ` +
      `worst event-loop delay ${result.maxDelayMs.toFixed(1)} ms  (valid ${result.valid.toLocaleString('en')}, duplicates ${result.duplicates.toLocaleString('en')}, ` +
      `rejected ${result.rejected.toLocaleString('en')}; load ${os.loadavg()[0]!.toFixed(1)})`,
  );
}

// The reference limit: one thread doing nothing but crypto.hash over the same normalized values.
const sample = Math.min(rows, 1_000_000);
const normalized: string[] = [];
for (let i = 0; i < sample; i++) {
  const result = normalizeEmail(emailCell(i));
  if (result.ok && !result.prehashed) normalized.push(result.value);
}
const out = Buffer.allocUnsafe(normalized.length * 32);
let hashRate = 0;
for (let rep = 0; rep < 3; rep++) {
  const started = performance.now();
  for (let i = 0; i < normalized.length; i++) out.write(crypto.hash('sha256', normalized[i]!, 'binary'), i * 32, 'binary');
  hashRate = Math.max(hashRate, normalized.length / ((performance.now() - started) / 1000));
}

const best = results.reduce((a, b) => (b.rate > a.rate ? b : a));
const median = [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]!;
console.log('');
console.log(`reference: single-thread crypto.hash loop ${Math.round(hashRate).toLocaleString('en')} values/s`);
console.log(
  `end to end: best ${Math.round(best.rate).toLocaleString('en')} rows/s (${best.seconds.toFixed(2)} s), median ${Math.round(median.rate).toLocaleString('en')} rows/s; ` +
    `ratio to the hash loop ${(best.rate / hashRate).toFixed(2)} (best), ${(median.rate / hashRate).toFixed(2)} (median)`,
);
console.log(
  `peak RSS ${mb(Math.max(...results.map((r) => r.peakRss)))}, worst event-loop delay on the calling thread ${Math.max(...results.map((r) => r.maxDelayMs)).toFixed(1)} ms`,
);
