import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Set by the test run's global setup (test/setup/bundle-for-tests.ts) to a folder of workers bundled
 * from this run's sources: starting them skips compiling TypeScript on every worker's start.
 */
export const TEST_WORKER_DIR_ENV = 'PINLIST_TEST_WORKER_DIR';

/**
 * Starts one of the `*.worker.ts` entry points that live in this folder. Built, they sit beside
 * the bundle as `.js`. From sources (tests, `tsx`), Node 20 ignores `--import tsx` in a worker's
 * execArgv, so a tiny boot script registers tsx inside the worker and then imports the entry.
 */
export function spawnWorker(name: string, options: WorkerOptions = {}): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./${name}.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, options);
  const bundled = process.env[TEST_WORKER_DIR_ENV];
  if (bundled) return new Worker(pathToFileURL(`${bundled}/${name}.worker.js`), options);
  // require.resolve gives tsx's CommonJS build; its ESM twin is the one that works when this
  // process itself runs under tsx (a bench or script) as well as under vitest.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
