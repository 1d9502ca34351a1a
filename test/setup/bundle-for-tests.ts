/**
 * Vitest global setup: bundles, once per run and from this run's sources, the code the tests
 * start on threads and processes of its own: the worker entry points, and the scripts tests run
 * as child processes (the CLI from source, crash and memory children). Started from source, each
 * worker and each child first compiled its TypeScript with tsx: ~600 ms of a 2-row import's
 * ~700 ms, ~1 s of every child (docs/decisions/0012-test-workers-bundled.md). Same esbuild
 * settings as the shipped build, but no NODE_ENV define (outputs stay checked against the
 * contract). Removed when the run ends. PINLIST_TEST_WORKERS=source keeps tsx everywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { TEST_WORKER_DIR_ENV } from '../../electron/core/workers/spawn.js';
import { BUNDLED_CHILDREN } from '../helpers/child-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function bundleForTests(): Promise<(() => void) | undefined> {
  if (process.env.PINLIST_TEST_WORKERS === 'source') return undefined;
  const workerDir = path.join(root, 'electron', 'core', 'workers');
  const workers = fs.readdirSync(workerDir).filter((name) => name.endsWith('.worker.ts'));
  // One folder per run: engineers (and CI steps) may run vitest side by side.
  const outdir = path.join(root, 'node_modules', '.cache', 'pinlist-test-bundle', String(process.pid));
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
    entryPoints: {
      ...Object.fromEntries(workers.map((name) => [path.basename(name, '.ts'), path.join(workerDir, name)])),
      ...Object.fromEntries(BUNDLED_CHILDREN.map((file) => [path.basename(file, '.ts'), path.join(root, file)])),
    },
    absWorkingDir: root,
  });
  process.env[TEST_WORKER_DIR_ENV] = outdir;
  return () => fs.rmSync(outdir, { recursive: true, force: true });
}
