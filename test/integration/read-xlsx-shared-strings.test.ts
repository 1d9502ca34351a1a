/**
 * An Excel export keeps every distinct text in its shared strings (xl/sharedStrings.xml): read
 * whole and right, wherever the zip puts them, in a worker as the import does.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writeSharedStringsXlsx } from '../fixtures/generate.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-read-shared-');
});
afterAll(async () => {
  await removeDir(dir);
});

/** openTable + every batch in a worker with a capped old generation (see read-in-worker.ts). */
function readInCappedWorker(path: string, heapMb: number): Promise<Record<string, unknown>> {
  const entry = new URL('../fixtures/read-in-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { path }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  return new Promise((resolve) => {
    worker.once('message', (message: Record<string, unknown>) => worker.once('exit', () => resolve(message)));
    worker.once('error', (error) => resolve({ ok: false, error: String(error) }));
  });
}

describe('XLSX shared strings', () => {
  it('reads the same whether the strings come before or after the sheet', async () => {
    for (const stringsFirst of [true, false]) {
      const file = await writeSharedStringsXlsx(dir, `order-${stringsFirst}.xlsx`, 3, stringsFirst);
      expect(await readInCappedWorker(file, 256)).toMatchObject({
        ok: true,
        rows: 4,
        second: ['customer.0@example0.com', 'Ann Ærø'],
        last: ['customer.2@example2.com', 'Customer 2'],
      });
    }
  });
});
