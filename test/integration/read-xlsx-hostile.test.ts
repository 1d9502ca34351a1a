/**
 * Hostile workbooks (issue 14): a sheet that inflates a thousandfold, a run of millions of empty
 * rows, one enormous cell, a 16,384-column header over 100,000 one-cell rows. Each is refused
 * early with its own error (or, the wide header, read) in a process of its own whose peak RSS is
 * measured. Bytes inflated and cells read are asserted; times are printed, not asserted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateCap, XLSX_LIMITS } from '../../electron/core/import/read/xlsx-limits.js';
import { makeTempDir, removeDir, writeBytes } from '../fixtures/generate.js';
import { repeatedSheetWorkbook, SHEET_HEAD, SHEET_TAIL, workbookBytes } from '../fixtures/xlsx-parts.js';
import { childScriptArgs } from '../helpers/child-process.js';

const MB = 1024 * 1024;
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-xlsx-hostile-');
});
afterAll(async () => {
  await removeDir(dir);
});

interface ChildOutcome {
  results: { ok: boolean; code?: string; rows?: number; valid?: number; inflated?: number; cells?: number; ms: number; message?: string; details?: Record<string, unknown> }[];
  peakRss: number;
}

function inChild(cases: { file: string; mode: 'read' | 'import'; work?: string }[]): Promise<ChildOutcome> {
  const child = new URL('../fixtures/xlsx-hostile-child.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...childScriptArgs(child), JSON.stringify({ cases })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildOutcome);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

describe('hostile workbooks', () => {
  it('inflation bombs are refused early, each with its own error, in well under 300 MB', { timeout: 180_000 }, async () => {
    // 1.5 GB of whitespace in a ~1.5 MB file.
    const whitespace = await writeBytes(dir, 'whitespace.xlsx', repeatedSheetWorkbook(SHEET_HEAD, ' '.repeat(MB), 1500, SHEET_TAIL));
    // 1.2 GB of empty rows (200 million <row/>).
    const emptyRows = await writeBytes(dir, 'empty-rows.xlsx', repeatedSheetWorkbook(`${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>`, '<row/>'.repeat(131_072), 1500, SHEET_TAIL));
    // One cell of 200 MB.
    const hugeCell = await writeBytes(
      dir,
      'huge-cell.xlsx',
      repeatedSheetWorkbook(`${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>`, 'x'.repeat(MB), 200, `</t></is></c></row>${SHEET_TAIL}`),
    );
    const outcome = await inChild([whitespace, emptyRows, hugeCell].map((file) => ({ file, mode: 'read' as const })));
    const [ws, rows, cell] = outcome.results;
    console.log(
      `whitespace: ${ws!.code} after ${Math.round(ws!.ms)} ms; empty rows: ${rows!.code} after ${Math.round(rows!.ms)} ms; huge cell: ${cell!.code} after ${Math.round(cell!.ms)} ms; peak RSS ${Math.round(outcome.peakRss / MB)} MB`,
    );

    expect(ws!.code).toBe('FILE_XLSX_TOO_LARGE');
    expect(ws!.message).toMatch(/zip bomb/);
    const compressed = ws!.details!.compressedBytes as number;
    expect(ws!.details!.inflatedBytes as number).toBeLessThanOrEqual(inflateCap(compressed, XLSX_LIMITS.maxSheetBytes) + MB);
    expect(ws!.details!.inflatedBytes as number).toBeLessThan(400 * MB);

    expect(rows!.code).toBe('FILE_XLSX_EMPTY_ROWS');
    expect(rows!.details!.rowNumber).toBe(XLSX_LIMITS.maxEmptyRows + 2);
    // Stopped at the cap: ~6 MB of <row/>, not the 1.2 GB behind it.
    expect(rows!.details!.inflatedBytes as number).toBeLessThan(16 * MB);

    expect(cell!.code).toBe('FILE_XLSX_CELL_TOO_LARGE');
    expect(cell!.message).toMatch(/cell A1 of the sheet "Data"/);
    expect(cell!.details!.inflatedBytes as number).toBeLessThan(4 * MB);

    expect(outcome.peakRss).toBeLessThan(300 * MB);
  });

  it('a 16,384-column header over 100,000 one-cell rows: memory and time follow the cells, not the header', { timeout: 300_000 }, async () => {
    const header = ['Email', ...Array.from({ length: 16_383 }, (_, i) => `Column ${i + 2}`)];
    const rows = [header, ...Array.from({ length: 100_000 }, (_, i) => [`person.${i}@example.com`])];
    const file = await writeBytes(dir, 'wide.xlsx', workbookBytes([{ name: 'Wide', rows }], { deflate: true, sharedStrings: true }));
    const work = fs.mkdtempSync(path.join(dir, 'import-'));
    // Each in a process of its own (tsx included, ~80 MB of either figure).
    const reading = await inChild([{ file, mode: 'read' }]);
    const importing = await inChild([{ file, mode: 'import', work }]);
    const [read] = reading.results;
    const [imported] = importing.results;
    console.log(
      `wide header: read ${Math.round(read!.ms)} ms (peak RSS ${Math.round(reading.peakRss / MB)} MB), import ${Math.round(imported!.ms)} ms (peak RSS ${Math.round(importing.peakRss / MB)} MB)`,
    );
    expect(read).toMatchObject({ ok: true, rows: 100_001, cells: 16_384 + 100_000 });
    expect(imported).toMatchObject({ ok: true, rows: 100_000, valid: 100_000 });
    expect(reading.peakRss).toBeLessThan(300 * MB);
    expect(importing.peakRss).toBeLessThan(300 * MB);
  });
});
