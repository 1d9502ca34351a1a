/**
 * XLSX against CSV, the same rows end to end (parse, normalize, hash, dedupe, commit):
 *
 *   npm run bench:xlsx                  1,000,000 rows, one import of each file
 *   options: --rows N, --runs N (best of N per file)
 *
 * Three files from the same rows (bench/import-data.ts), generated once into bench/.data: a CSV,
 * a workbook whose texts are shared strings (as Excel saves it) and one with inline strings (as
 * many other tools write). Each import runs in a child process of its own (bench/import-run.ts),
 * so the peak RSS printed is that import's. Prints each time, XLSX time ÷ CSV time and peak RSS.
 * Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWithWorkers } from './bundle.js';
import { writeCsv, writeXlsx } from './import-data.js';
import { importInChild, type ChildResult } from './import-run.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '1' },
  },
});
const rows = Number(args.rows);
const runs = Math.max(1, Number(args.runs));
const dataDir = path.join(import.meta.dirname, '.data');
fs.mkdirSync(dataDir, { recursive: true });

async function ensure(name: string, write: (file: string) => Promise<void>): Promise<string> {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return file;
  const started = performance.now();
  process.stdout.write(`generating ${name} … `);
  await write(`${file}.partial`);
  fs.renameSync(`${file}.partial`, file);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

// import-v2-N.csv is the very file bench:import uses.
const files = {
  csv: await ensure(`import-v2-${rows}.csv`, (file) => writeCsv(file, rows)),
  'xlsx, shared strings (Excel)': await ensure(`import-v2-${rows}-shared.xlsx`, (file) => writeXlsx(file, rows, true)),
  'xlsx, inline strings': await ensure(`import-v2-${rows}-inline.xlsx`, (file) => writeXlsx(file, rows, false)),
};

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const child = await bundleWithWorkers('import-child', 'bench/import-child.ts', path.join(dataDir, 'build'));
console.log(`${rows.toLocaleString('en')} rows; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);

const best: Record<string, ChildResult> = {};
for (const [label, file] of Object.entries(files)) {
  for (let run = 1; run <= runs; run++) {
    const result = await importInChild(child, file, false);
    console.log(
      `${label.padEnd(30)} ${(fs.statSync(file).size / 1e6).toFixed(1).padStart(6)} MB  ${result.seconds.toFixed(2).padStart(6)} s  ` +
        `CPU ${result.cpuSeconds.toFixed(2)} s  peak RSS ${mb(result.peakRss)}  (${result.rowsRead.toLocaleString('en')} rows, ` +
        `valid ${result.valid.toLocaleString('en')}; load ${os.loadavg()[0]!.toFixed(1)})`,
    );
    if (!best[label] || result.seconds < best[label].seconds) best[label] = result;
  }
}

const csv = best.csv!;
console.log('');
for (const label of Object.keys(files).filter((l) => l !== 'csv')) {
  const result = best[label]!;
  const same = result.rowsRead === csv.rowsRead && result.valid === csv.valid && result.duplicates === csv.duplicates && result.rejected === csv.rejected;
  console.log(
    `${label}: ${(result.seconds / csv.seconds).toFixed(2)}× the CSV time, peak RSS ${mb(result.peakRss)}` +
      (same ? ', same counts as the CSV' : `, COUNTS DIFFER from the CSV (${JSON.stringify(result)} vs ${JSON.stringify(csv)})`),
  );
}
