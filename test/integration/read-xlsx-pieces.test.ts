/**
 * A worksheet's XML is decoded in pieces of about 64 KB, each cut after a cell's end
 * (read/entry-text.ts): whatever falls where, including characters of several bytes and cells
 * longer than a piece, the rows read back exactly as written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../electron/core/import/read/open.js';
import { makeTempDir, removeDir } from '../fixtures/generate.js';
import { workbookBytes, type PartCell } from '../fixtures/xlsx-parts.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-xlsx-pieces-');
});
afterAll(async () => {
  await removeDir(dir);
});

const rows: string[][] = [['E-Mail', 'Name', 'Notiz']];
for (let i = 0; i < 6000; i++) {
  // Every 997th row holds a cell longer than a piece: a piece then has no cell end to cut after.
  const note = i % 997 === 5 ? `${'Grüße 😀 '.repeat(9000)}${i}` : `n${'é'.repeat(i % 7)}`;
  rows.push([`jürgen.${i}@exämple.de`, `Müller ${i} ${'ß'.repeat(i % 5)}`, note]);
}

async function readAll(file: string): Promise<string[][]> {
  const source = await openTable(file, { batchRows: 512 });
  const out: string[][] = [];
  for await (const batch of source.batches()) out.push(...batch.rows);
  return out;
}

describe('a worksheet read in pieces', () => {
  for (const sharedStrings of [true, false]) {
    it(`reads every cell exactly (${sharedStrings ? 'shared' : 'inline'} strings)`, async () => {
      const file = join(dir, `pieces-${sharedStrings}.xlsx`);
      writeFileSync(file, workbookBytes([{ name: 'Kunden', rows: rows as PartCell[][] }], { sharedStrings, deflate: true }));
      const read = await readAll(file);
      expect(read.length).toBe(rows.length);
      for (let i = 0; i < rows.length; i++) if (read[i]!.join('\u0001') !== rows[i]!.join('\u0001')) expect(read[i]).toEqual(rows[i]);
    });
  }
});
