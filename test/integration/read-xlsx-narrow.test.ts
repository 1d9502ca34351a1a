/**
 * Once the reader knows which columns it forwards, a workbook's shared strings are looked up only
 * for those columns (TableSource.narrow): the rows keep their shape, a row with only other
 * columns filled still counts, a blank one is still dropped, and a row too long for its layout
 * keeps every cell's text for its reject.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../electron/core/import/read/open.js';
import { makeTempDir, removeDir } from '../fixtures/generate.js';
import { forwardedRows } from '../helpers/reader-rows.js';
import { workbookBytes, type PartCell } from '../fixtures/xlsx-parts.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-xlsx-narrow-');
});
afterAll(async () => {
  await removeDir(dir);
});

// Enough rows that the sheet's XML spans several inflated chunks: rows are resolved a chunk at a time.
const FILLER = 8000;
const rows: PartCell[][] = [['Email', 'Name', 'Notes']];
for (let i = 0; i < FILLER; i++) rows.push([`p${i}@example.com`, `Name ${i}`, 'n']);
rows.push(
  ['', 'Only name', ''], // counts: an empty email beside a name
  ['  ', ' ', null], // blank: dropped
  ['c@example.com', 'Name C', 'Notes', 'beyond'], // ragged: a cell past the header's width
  ['d@example.com', 'x', '', '   '], // white space past the width is not a cell
);
const ONLY_NAME = FILLER + 2;
const BLANK = FILLER + 3;
const RAGGED = FILLER + 4;
const TRAILING = FILLER + 5;

function workbook(name: string): string {
  const file = join(dir, name);
  writeFileSync(file, workbookBytes([{ name: 'Sheet1', rows }], { sharedStrings: true, deflate: true }));
  return file;
}

describe('a narrowed workbook read', () => {
  it('gives only the wanted columns\' texts, with every row\'s shape kept', async () => {
    const source = await openTable(workbook('direct.xlsx'), { batchRows: 16 });
    const seen = new Map<number, string[]>();
    let narrowed = false;
    for await (const batch of source.batches()) {
      batch.rows.forEach((row, i) => seen.set(batch.firstRowNumber + i, [...row]));
      if (!narrowed) {
        source.narrow!([0], 3);
        narrowed = true;
      }
    }
    // Rows given before narrow() stay whole; after it, other columns' filled cells come as ''.
    expect(seen.get(2)).toEqual(['p0@example.com', 'Name 0', 'n']);
    expect(seen.get(FILLER)).toEqual([`p${FILLER - 2}@example.com`, '', '']);
    expect(seen.get(ONLY_NAME)).toEqual(['', '']);
    expect(seen.has(BLANK)).toBe(false);
    expect(seen.get(RAGGED)).toEqual(['c@example.com', 'Name C', 'Notes', 'beyond']);
    expect(seen.get(TRAILING)).toEqual(['d@example.com', '']);
    expect(seen.size).toBe(rows.length - 1);
  });

  it('forwards the same values, rejects and kept column as a whole read would', async () => {
    const { result, byRow } = await forwardedRows(workbook('reader.xlsx'), 'Name');
    expect(result.rowsRead).toBe(rows.length - 2);
    expect(byRow.get(FILLER)).toEqual({ email: `p${FILLER - 2}@example.com`, extra: `Name ${FILLER - 2}` });
    expect(byRow.get(ONLY_NAME)).toEqual({ email: '', extra: 'Only name' });
    expect(byRow.has(BLANK)).toBe(false);
    expect(byRow.get(RAGGED)).toEqual({ email: '', extra: 'Name C', raw: 'c@example.com,Name C,Notes,beyond' });
    expect(byRow.get(TRAILING)).toEqual({ email: 'd@example.com', extra: 'x' });
  });
});
