/**
 * Reader throughput: rows/s for openTable over generated files (kept in bench/.data, reused).
 *   npx tsx bench/read.ts [csvRows=1000000] [xlsxRows=100000]
 * Prints; asserts nothing.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openTable } from '../electron/core/import/read/open.js';
import type { ReadOptions } from '../electron/core/import/read/types.js';
import { writeBigCsv, writeBigXlsx, type CsvOptions } from '../test/fixtures/generate.js';

const csvRows = Number(process.argv[2] ?? 1_000_000);
const xlsxRows = Number(process.argv[3] ?? 100_000);
const dir = join(import.meta.dirname, '.data');
await mkdir(dir, { recursive: true });

async function ensure(name: string, make: (path: string) => Promise<string>): Promise<string> {
  const path = join(dir, name);
  try {
    await stat(path);
    return path;
  } catch {
    return make(path);
  }
}

async function measure(label: string, path: string, options: ReadOptions = {}): Promise<void> {
  const size = (await stat(path)).size;
  const started = performance.now();
  const source = await openTable(path, options);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.rows.length;
  const seconds = (performance.now() - started) / 1000;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `${label.padEnd(34)} ${rows.toLocaleString('en').padStart(10)} rows  ${(size / 1e6).toFixed(1).padStart(6)} MB  ` +
      `${seconds.toFixed(2)} s  ${Math.round(rows / seconds).toLocaleString('en').padStart(10)} rows/s  ` +
      `${(size / 1e6 / seconds).toFixed(0)} MB/s  heap ${heapMb.toFixed(0)} MB  (${source.format.encoding ?? source.format.sheet})`,
  );
}

const csv = (name: string, options: CsvOptions = {}): Promise<string> =>
  ensure(`${name}-${csvRows}.csv`, (path) => writeBigCsv(dir, path.slice(dir.length + 1), csvRows, options));

await measure('csv utf-8, comma', await csv('plain'));
await measure('csv utf-8, comma (again, warm)', await csv('plain'));
await measure('csv utf-8, every field quoted', await csv('quoted', { quoteAll: true }));
await measure('csv semicolon, CRLF (ASCII content)', await csv('cp1252', { encoding: 'windows-1252', delimiter: ';', eol: '\r\n' }));
await measure('tsv utf-16le (Excel Unicode text)', await csv('utf16', { encoding: 'utf-16le', bom: true, delimiter: '\t', eol: '\r\n' }));
const xlsx = await ensure(`plain-${xlsxRows}.xlsx`, (path) => writeBigXlsx(dir, path.slice(dir.length + 1), xlsxRows));
await measure('xlsx (exceljs streaming)', xlsx);
