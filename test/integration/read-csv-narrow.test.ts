/**
 * Once the reader knows which columns it forwards, a CSV's quote-free lines are cut only for those
 * columns (TableSource.narrow, csv-split.ts): a row with only other columns filled still counts, a
 * blank one is still dropped, a row of another width keeps every cell for its reject, and lines
 * with quotes (papaparse's) sit among them, across the reader's 64 KiB steps.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../electron/core/import/read/open.js';
import { makeTempDir, removeDir } from '../fixtures/generate.js';
import { forwardedRows } from '../helpers/reader-rows.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-csv-narrow-');
});
afterAll(async () => {
  await removeDir(dir);
});

// Enough lines for several 64 KiB steps; every 7th has a quoted cell, every 11th a stray CRLF.
const FILLER = 6000;
const lines: string[] = ['Email,Name,Notes'];
for (let i = 0; i < FILLER; i++) {
  const name = i % 7 === 0 ? `"Doe, ${i}"` : `Name ${i}`;
  lines.push(`p${i}@example.com,${name},n${i % 11 === 0 ? '\r' : ''}`);
}
lines.push(
  ',Only name,', // counts: an empty email beside a name
  '  , ,', // blank: dropped
  'c@example.com,Name C,Notes,beyond', // ragged: a cell past the header's width
  'd@example.com,x,,   ', // white space past the width is not a cell
  'e@example.com,"two\nlines",x', // a quoted line break: one row
  'f@example.com,Name F,last',
);
const ONLY_NAME = FILLER + 2;
const BLANK = FILLER + 3;
const RAGGED = FILLER + 4;
const TRAILING = FILLER + 5;
const QUOTED_BREAK = FILLER + 6;
const LAST = FILLER + 7;

function csvFile(name: string): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('a narrowed CSV read', () => {
  it('gives only the wanted columns\' texts once narrowed, whole rows where a reject needs them', async () => {
    const source = await openTable(csvFile('direct.csv'), { batchRows: 16 });
    const seen = new Map<number, string[]>();
    let narrowed = false;
    for await (const batch of source.batches()) {
      batch.rows.forEach((row, i) => seen.set(batch.firstRowNumber + i, Array.from({ length: row.length }, (_, j) => row[j] ?? '<hole>')));
      if (!narrowed) {
        source.narrow!([0], 3);
        narrowed = true;
      }
    }
    // Rows given before narrow() stay whole (the first step's); later quote-free ones hold only column 0.
    expect(seen.get(2)).toEqual(['p0@example.com', 'Doe, 0', 'n']);
    expect(seen.get(FILLER - 1)).toEqual([`p${FILLER - 3}@example.com`, '<hole>', '<hole>']);
    // A quoted line is papaparse's, whole.
    const quoted = 5 * 7;
    expect(seen.get(quoted * 100 + 2)).toEqual([`p${quoted * 100}@example.com`, `Doe, ${quoted * 100}`, 'n']);
    expect(seen.get(ONLY_NAME)).toEqual(['', 'Only name', '']);
    expect(seen.has(BLANK)).toBe(false);
    expect(seen.get(RAGGED)).toEqual(['c@example.com', 'Name C', 'Notes', 'beyond']);
    expect(seen.get(TRAILING)).toEqual(['d@example.com', 'x', '', '   ']);
    expect(seen.get(QUOTED_BREAK)).toEqual(['e@example.com', 'two\nlines', 'x']);
    expect(seen.get(LAST)).toEqual(['f@example.com', '<hole>', '<hole>']);
    expect(seen.size).toBe(lines.length - 1);
  });

  it('forwards the same values, rejects and kept column as the file holds', async () => {
    const { result, byRow } = await forwardedRows(csvFile('reader.csv'), 'Name');
    // Every data row but the blank one; the quoted line break keeps its row one row.
    expect(result.rowsRead).toBe(lines.length - 2);
    for (const i of [0, 1, 7, 11, 77, FILLER - 1]) {
      expect(byRow.get(i + 2)).toEqual({ email: `p${i}@example.com`, extra: i % 7 === 0 ? `Doe, ${i}` : `Name ${i}` });
    }
    expect(byRow.get(ONLY_NAME)).toEqual({ email: '', extra: 'Only name' });
    expect(byRow.has(BLANK)).toBe(false);
    expect(byRow.get(RAGGED)).toEqual({ email: '', extra: 'Name C', raw: 'c@example.com,Name C,Notes,beyond' });
    expect(byRow.get(TRAILING)).toEqual({ email: 'd@example.com', extra: 'x' });
    expect(byRow.get(QUOTED_BREAK)).toEqual({ email: 'e@example.com', extra: 'two\nlines' });
    expect(byRow.get(LAST)).toEqual({ email: 'f@example.com', extra: 'Name F' });
  });
});
