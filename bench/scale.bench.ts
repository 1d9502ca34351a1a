/**
 * Scale: a 10,000,000-row import and what the app does with a list that size, and 50 lists of
 * 200,000 members next to one. Prints figures; asserts nothing. Takes minutes.
 *
 *   npm run bench:scale
 *   npm run bench:scale -- --rows 2000000 --lists 10 --list-rows 50000     a quicker run
 *   options: --rows N (big import, default 10M), --baseline N (default 1M), --change N (rows added
 *   and removed before the diff, default 100k), --lists N, --list-rows N, --skip-big, --skip-many
 *
 * Each step runs in a child process of its own from an esbuild bundle (as bench/import.bench.ts
 * does), so peak RSS is per step and the workers start as they do in the shipped app. Generated
 * files are kept in bench/.data/scale (gitignored) and reused.
 *
 * What it prints:
 * - import time, rows/s and peak RSS at 1M and at 10M rows (RSS should stay flat), and the
 *   database size per million members;
 * - on the 10M list: lists.list, lists.get (show), member pages, lookup, and the diff a sync would
 *   send (sync.plan, a dry run) after 1% of the list changed against a ledger of the old list;
 * - with 50 lists of 200k: the same screens/commands, against one list of 200k.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWithWorkers } from './bundle.js';
import { writeCustomerCsv } from './scale-data.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    baseline: { type: 'string', default: '1000000' },
    change: { type: 'string', default: '100000' },
    lists: { type: 'string', default: '50' },
    'list-rows': { type: 'string', default: '200000' },
    'skip-big': { type: 'boolean', default: false },
    'skip-many': { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const BASELINE = Number(args.baseline);
const CHANGE = Number(args.change);
const LISTS = Number(args.lists);
const LIST_ROWS = Number(args['list-rows']);
const AD_ACCOUNT = '549755885175';

const dataDir = path.join(import.meta.dirname, '.data', 'scale');
fs.mkdirSync(dataDir, { recursive: true });

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const count = (n: number): string => n.toLocaleString('en');

async function bundle(): Promise<string> {
  return bundleWithWorkers('scale-child', 'bench/scale-child.ts', path.join(import.meta.dirname, '.data', 'build-scale'));
}

const child = await bundle();

function step<T>(...argv: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T) : reject(new Error(`${argv[0]} exited with ${code}`))));
  });
}

async function customerFile(name: string, from: number, rows: number): Promise<string> {
  const file = path.join(dataDir, `${name}-${from}-${rows}.csv`);
  if (!fs.existsSync(file)) {
    const started = performance.now();
    process.stdout.write(`generating ${path.basename(file)} (${count(rows)} rows) … `);
    await writeCustomerCsv(file, from, rows);
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s, ${mb(fs.statSync(file).size)}`);
  }
  return file;
}

function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-scale-'));
}

/** The database's bytes on disk (main file and any WAL left). */
function dbBytes(dir: string): number {
  return ['pinlist.db', 'pinlist.db-wal'].reduce((sum, name) => sum + (fs.existsSync(path.join(dir, name)) ? fs.statSync(path.join(dir, name)).size : 0), 0);
}

interface ImportStep {
  seconds: number;
  peakRss: number;
  summary: { rowsRead: number; valid: number; added: number; removed: number; members: { email: number } };
}
interface Timing {
  medianMs: number;
  minMs: number;
}
interface Queries {
  lists: number;
  members: number;
  list: Timing;
  show: Timing;
  firstPage: Timing;
  middlePage: Timing;
  lastPage: Timing;
  lookup: Timing;
  diff?: { ms: number; report: { added: number; removed: number } };
  peakRss: number;
}

function printImport(label: string, result: ImportStep): void {
  console.log(
    `${label.padEnd(30)} ${result.seconds.toFixed(1).padStart(6)} s  ${count(Math.round(result.summary.rowsRead / result.seconds)).padStart(9)} rows/s  ` +
      `peak RSS ${mb(result.peakRss).padStart(7)}  members ${count(result.summary.members.email)}`,
  );
}

const QUERY_ROWS: [keyof Queries, string][] = [
  ['list', 'lists.list (Lists screen, `pinlist lists`)'],
  ['show', 'lists.get (list detail, `pinlist show`)'],
  ['firstPage', 'lists.members, first page of 100'],
  ['middlePage', 'lists.members, middle page'],
  ['lastPage', 'lists.members, last page'],
  ['lookup', 'lists.lookup (one typed email)'],
];

console.log(`${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`);

if (!args['skip-big']) {
  const baselineFile = await customerFile('customers', 0, BASELINE);
  const bigFile = await customerFile('customers', 0, ROWS);
  const addFile = await customerFile('customers', ROWS, CHANGE);
  const removeFile = await customerFile('customers', 0, CHANGE);

  console.log(`\n== imports: ${count(BASELINE)} and ${count(ROWS)} rows (each in its own process)`);
  const small = freshDataDir();
  let smallImport: ImportStep;
  try {
    smallImport = await step<ImportStep>('import', small, baselineFile, 'Scale', 'replace');
    printImport(`${count(BASELINE)} rows`, smallImport);
    console.log(`  database ${mb(dbBytes(small))}: ${mb(dbBytes(small) / (smallImport.summary.members.email / 1e6))} per million members`);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
  }

  const big = freshDataDir();
  try {
    const bigImport = await step<ImportStep>('import', big, bigFile, 'Scale', 'replace');
    printImport(`${count(ROWS)} rows`, bigImport);
    const perMillion = dbBytes(big) / (bigImport.summary.members.email / 1e6);
    console.log(`  database ${mb(dbBytes(big))}: ${mb(perMillion)} per million members (${(perMillion / 1e6 / 32).toFixed(2)}x the 32 raw bytes per hash)`);
    console.log(`  peak RSS ${mb(bigImport.peakRss)} at ${count(ROWS)} rows vs ${mb(smallImport.peakRss)} at ${count(BASELINE)}: ${(bigImport.peakRss / smallImport.peakRss).toFixed(2)}x for ${(ROWS / BASELINE).toFixed(0)}x the rows`);

    console.log(`\n== the ${count(bigImport.summary.members.email)}-member list (median of 9 calls through dispatch)`);
    const before = await step<Queries>('queries', big, 'Scale');
    for (const [key, label] of QUERY_ROWS) console.log(`${label.padEnd(46)} ${ms((before[key] as Timing).medianMs).padStart(9)}`);

    console.log(`\n== diff: the list is synced, then ${count(CHANGE)} members join and ${count(CHANGE)} leave`);
    const ledger = await step<{ seconds: number; copied: number }>('ledger', big, 'Scale', AD_ACCOUNT);
    console.log(`ledger seeded with the list as it is (${count(ledger.copied)} hashes) in ${ledger.seconds.toFixed(1)} s`);
    printImport(`import --mode add ${count(CHANGE)}`, await step<ImportStep>('import', big, addFile, 'Scale', 'add'));
    printImport(`import --mode remove ${count(CHANGE)}`, await step<ImportStep>('import', big, removeFile, 'Scale', 'remove'));
    const after = await step<Queries>('queries', big, 'Scale', AD_ACCOUNT);
    console.log(
      `sync.plan (dry run: the diff against the ledger)   ${ms(after.diff!.ms).padStart(9)}  → +${count(after.diff!.report.added)} −${count(after.diff!.report.removed)}, ` +
        `peak RSS of that process ${mb(after.peakRss)}`,
    );
    console.log(`  database after the changes ${mb(dbBytes(big))}`);
  } finally {
    fs.rmSync(big, { recursive: true, force: true });
  }
}

if (!args['skip-many']) {
  console.log(`\n== ${LISTS} lists of ${count(LIST_ROWS)} members vs one`);
  const many = freshDataDir();
  try {
    const first = await customerFile('list', 0, LIST_ROWS);
    await step<ImportStep>('import', many, first, 'List 1', 'replace');
    const one = await step<Queries>('queries', many, 'List 1');
    const started = performance.now();
    for (let k = 2; k <= LISTS; k++) {
      const file = path.join(dataDir, `list-tmp-${k}.csv`);
      await writeCustomerCsv(file, (k - 1) * LIST_ROWS, LIST_ROWS);
      try {
        await step<ImportStep>('import', many, file, `List ${k}`, 'replace');
      } finally {
        fs.rmSync(file, { force: true });
      }
      if (k % 10 === 0) console.log(`  … ${k} lists (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const all = await step<Queries>('queries', many, 'List 1');
    const last = await step<Queries>('queries', many, `List ${LISTS}`);
    console.log(`database ${mb(dbBytes(many))} for ${count(LISTS * LIST_ROWS)} members`);
    console.log(`${'(median ms)'.padEnd(46)} ${'1 list'.padStart(9)} ${`${LISTS} lists`.padStart(9)} ${'last list'.padStart(9)}  ratio`);
    for (const [key, label] of QUERY_ROWS) {
      const a = (one[key] as Timing).medianMs;
      const b = (all[key] as Timing).medianMs;
      const c = (last[key] as Timing).medianMs;
      console.log(`${label.padEnd(46)} ${ms(a).padStart(9)} ${ms(b).padStart(9)} ${ms(c).padStart(9)}  ${(Math.max(b, c) / a).toFixed(2)}x`);
    }
    console.log('  (lists.list returns every list, so it grows with their number; the others should not)');
  } finally {
    fs.rmSync(many, { recursive: true, force: true });
  }
}
