import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of the `*.worker.ts` entry points that live in this folder. Built, they sit beside
 * the bundle as `.js`; from sources (tests, `tsx`), the worker loads TypeScript through tsx.
 */
export function spawnWorker(name: string, options: WorkerOptions = {}): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./${name}.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  return new Worker(url, {
    ...options,
    execArgv: fromSource ? ['--import', 'tsx', ...(options.execArgv ?? [])] : options.execArgv,
  });
}
