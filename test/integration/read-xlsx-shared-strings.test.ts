/**
 * An Excel export keeps every distinct text in its shared strings: a customer list holds about two
 * per row. Read in a worker whose heap is capped well below what those strings take as JS strings,
 * the workbook must still be read whole and right.
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
  it('a 250,000-row Excel-style workbook (500,000 shared strings) reads in a 40 MB heap', { timeout: 60_000 }, async () => {
    const rows = 250_000;
    const file = await writeSharedStringsXlsx(dir, 'excel-export.xlsx', rows);
    const result = await readInCappedWorker(file, 40);
    expect(result).toMatchObject({
      ok: true,
      rows: rows + 1,
      second: ['customer.0@example0.com', 'Ann Ærø'],
      last: [`customer.${rows - 1}@example${(rows - 1) % 97}.com`, `Customer ${rows - 1}`],
    });
  });

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
