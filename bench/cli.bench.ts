/**
 * Start-up of the `pinlist` command, the way scripts call it in loops:
 *
 *   npm run bench:cli                 best of 10 runs each
 *   npm run bench:cli -- --runs 20
 *
 * Runs the built CLI (run `npm run build:main` first) for --version, --help, lists and show
 * against a bare `node -e 0`, each in a fresh process, and prints the best wall-clock time of each
 * and how far it is above node's own start. The goal (issue 12): --version, --help and lists within
 * 150 ms of `node -e 0`. Figures vary with the machine's load; compare them within one run.
 * Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliPath, repoRoot } from '../test/helpers/cli.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Math.max(1, Number(args.runs));

if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'cli.js'))) {
  console.error('Run `npm run build:main` first: this benchmark measures the built `pinlist` command.');
  process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-bench-cli-'));
const env = { ...process.env, PINLIST_DATA_DIR: dataDir, NODE_ENV: 'production' };

function run(argv: string[]): { ms: number; status: number | null; stderr: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: child.status, stderr: child.stderr };
}

try {
  // One small list, so `lists` and `show` have something to print.
  const csv = path.join(dataDir, 'customers.csv');
  fs.writeFileSync(csv, `email\n${Array.from({ length: 200 }, (_, i) => `person${i}@example.com`).join('\n')}\n`);
  const imported = run([cliPath, 'import', csv, '--list', 'Bench']);
  if (imported.status !== 0) throw new Error(`The import for the benchmark failed: ${imported.stderr}`);

  const cases: { label: string; argv: string[] }[] = [
    { label: 'node -e 0', argv: ['-e', '0'] },
    { label: 'pinlist --version', argv: [cliPath, '--version'] },
    { label: 'pinlist --help', argv: [cliPath, '--help'] },
    { label: 'pinlist lists', argv: [cliPath, 'lists'] },
    { label: 'pinlist show Bench', argv: [cliPath, 'show', 'Bench'] },
  ];
  const best = new Map<string, number>();
  // Interleaved, so a burst of load elsewhere hits every case alike.
  for (let i = 0; i < runs; i++) {
    for (const { label, argv } of cases) {
      const result = run(argv);
      if (result.status !== 0) throw new Error(`${label} exited ${result.status}: ${result.stderr}`);
      best.set(label, Math.min(best.get(label) ?? Infinity, result.ms));
    }
  }
  const baseline = best.get('node -e 0')!;
  console.log(`\nStart-up, best of ${runs} (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}):`);
  for (const { label } of cases) {
    const ms = best.get(label)!;
    const over = label === 'node -e 0' ? '' : `  +${(ms - baseline).toFixed(0).padStart(4)} ms over node${ms - baseline <= 150 ? '' : '  (goal: +150 ms)'}`;
    console.log(`  ${label.padEnd(20)} ${ms.toFixed(0).padStart(5)} ms${over}`);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
