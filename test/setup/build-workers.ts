/**
 * Vitest global setup: bundles the worker entry points once per run, so the core under test starts
 * its workers from plain JavaScript. Started from source, every worker first registers tsx and
 * compiles its module graph on its own thread: measured at ~600 ms of a 2-row import's ~700 ms
 * (docs/decisions/0012-test-workers-bundled.md). The bundle is built from the sources of this very
 * run (never a stale dist/), with the same esbuild settings as the shipped build but no
 * NODE_ENV define, and removed when the run ends. PINLIST_TEST_WORKERS=source keeps tsx workers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { TEST_WORKER_DIR_ENV } from '../../electron/core/workers/spawn.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function buildWorkers(): Promise<(() => void) | undefined> {
  if (process.env.PINLIST_TEST_WORKERS === 'source') return undefined;
  const workerDir = path.join(root, 'electron', 'core', 'workers');
  const entries = fs.readdirSync(workerDir).filter((name) => name.endsWith('.worker.ts'));
  // One folder per run: engineers (and CI steps) may run vitest side by side.
  const outdir = path.join(root, 'node_modules', '.cache', 'pinlist-test-workers', String(process.pid));
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    sourcemap: 'inline',
    logLevel: 'warning',
    packages: 'external',
    external: ['electron'],
    outdir,
    entryPoints: Object.fromEntries(entries.map((name) => [path.basename(name, '.ts'), path.join(workerDir, name)])),
    absWorkingDir: root,
  });
  process.env[TEST_WORKER_DIR_ENV] = outdir;
  return () => fs.rmSync(outdir, { recursive: true, force: true });
}
