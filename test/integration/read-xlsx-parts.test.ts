/**
 * Workbooks as different programs lay them out (issue 9): Excel's relative relationship targets
 * and openpyxl's (so pandas') absolute ones, shared and inline strings, sheets stored under any
 * name, several sheets with the data not on the first. The sheet chosen by name is found in the
 * reader, the preview and the import alike, under the name the workbook gives it. And a damaged or
 * fake .xlsx is called that, with what to do.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreview } from '../../electron/core/import/preview.js';
import { openTable } from '../../electron/core/import/read/open.js';
import type { ReadOptions } from '../../electron/core/import/read/types.js';
import { resolveTarget } from '../../electron/core/import/read/workbook.js';
import type { XlsxTableSource } from '../../electron/core/import/read/xlsx.js';
import { makeTempDir, removeDir, writeBytes } from '../fixtures/generate.js';
import { workbookBytes, writePartsWorkbook, type PartSheet } from '../fixtures/xlsx-parts.js';
import { expectedHashes, storedHashes, useImportEnv } from '../helpers/import-db.js';
import { pinlistErrorFrom } from '../helpers/pinlist-error.js';

const env = useImportEnv();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-read-parts-');
});
afterAll(async () => {
  await removeDir(dir);
});

async function readAll(path: string, options: ReadOptions = {}): Promise<{ source: Awaited<ReturnType<typeof openTable>>; rows: string[][] }> {
  const source = await openTable(path, options);
  const rows: string[][] = [];
  for await (const batch of source.batches()) rows.push(...batch.rows);
  return { source, rows };
}

const SHEETS: PartSheet[] = [
  { name: 'Summary', rows: [] },
  { name: 'Leads', rows: [['email'], ['lead@example.com']] },
  {
    name: 'Buyers & Co',
    rows: [
      ['Email', 'Name'],
      ['buyer1@example.com', 'Zoë'],
      ['Buyer2@Example.com', 'Ærø'],
    ],
  },
];

describe('relationship targets, both ways', () => {
  it('resolves targets per OPC: absolute from the package root, relative to the owning part', () => {
    expect(resolveTarget('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', './worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', '../data/sheet%201.xml')).toBe('data/sheet 1.xml');
    expect(resolveTarget('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
    expect(resolveTarget('', '/xl/workbook.xml')).toBe('xl/workbook.xml');
  });

  for (const absoluteTargets of [false, true]) {
    for (const sharedStrings of [true, false]) {
      const label = `${absoluteTargets ? 'absolute (openpyxl)' : 'relative (Excel)'} targets, ${sharedStrings ? 'shared' : 'inline'} strings`;
      it(`${label}: default sheet, sheet by name in reader, preview and import, one name everywhere`, async () => {
        const file = await writePartsWorkbook(dir, `wb-${absoluteTargets}-${sharedStrings}.xlsx`, SHEETS, { absoluteTargets, sharedStrings, deflate: true });

        const first = await readAll(file);
        expect(first.source.sheets).toEqual(['Summary', 'Leads', 'Buyers & Co']);
        expect(first.source.format.sheet).toBe('Leads');
        expect(first.rows).toEqual([['email'], ['lead@example.com']]);

        // A name typed in another case finds the sheet, reported as the workbook names it: the
        // file card shows what the dropdown lists.
        for (const asked of ['Buyers & Co', 'buyers & co']) {
          const chosen = await readAll(file, { sheet: asked });
          expect(chosen.source.format.sheet).toBe('Buyers & Co');
          expect(chosen.source.sheets).toContain(chosen.source.format.sheet);
          expect(chosen.rows).toEqual([
            ['Email', 'Name'],
            ['buyer1@example.com', 'Zoë'],
            ['Buyer2@Example.com', 'Ærø'],
          ]);
        }

        const missing = await pinlistErrorFrom(openTable(file, { sheet: 'Customers' }));
        expect(missing.code).toBe('SHEET_NOT_FOUND');
        expect(missing.details?.sheets).toEqual(['Summary', 'Leads', 'Buyers & Co']);

        const preview = await buildPreview({ file, fileName: 'export.xlsx', sheet: 'Buyers & Co' });
        expect(preview.format.sheet).toBe('Buyers & Co');
        expect(preview.sheets).toEqual(['Summary', 'Leads', 'Buyers & Co']);
        expect(preview.rows.map((row) => row.fields[0])).toEqual(['buyer1@example.com', 'Buyer2@Example.com']);

        const e = env();
        const summary = await e.run(file, { sheet: 'Buyers & Co', list: 'Buyers' });
        expect(summary).toMatchObject({ rowsRead: 2, valid: 2, rejected: 0 });
        expect(e.read((db) => storedHashes(db, 'Buyers', 'email'))).toEqual(expectedHashes(['buyer1@example.com', 'buyer2@example.com']));
      });
    }
  }

  it('finds sheets stored under any part name, through their relationships', async () => {
    const file = await writePartsWorkbook(dir, 'odd-parts.xlsx', SHEETS, {
      sheetPart: (i) => (i === 2 ? 'data/customers.xml' : `xl/sheets/s${i}.xml`),
      sharedStrings: true,
      stringsFirst: true,
    });
    const { source, rows } = await readAll(file, { sheet: 'Buyers & Co' });
    expect(source.format.sheet).toBe('Buyers & Co');
    expect(rows[1]).toEqual(['buyer1@example.com', 'Zoë']);
  });
});

describe('damaged and fake workbooks', () => {
  it('a .xlsx that is no zip is called a damaged or fake workbook, with what to do; the same bytes as .csv stay "not a spreadsheet"', async () => {
    const junk = Buffer.concat([Buffer.from([0x00, 0x01, 0x02]), randomBytes(4096)]);
    for (const [name, options] of [
      ['fake.xlsx', {}],
      ['6871aa.upload', { fileName: 'Customers.xlsx' }],
    ] as const) {
      const error = await pinlistErrorFrom(openTable(await writeBytes(dir, name, junk), options));
      expect(error.code, name).toBe('FILE_BAD_XLSX');
      expect(error.message).toMatch(/not a real Excel workbook/);
      expect(error.message).toMatch(/save it again as \.xlsx or "CSV UTF-8"/);
      expect(error.message).not.toMatch(/binary data/);
    }
    expect((await pinlistErrorFrom(openTable(await writeBytes(dir, 'junk.csv', junk)))).code).toBe('FILE_BINARY');
  });

  it('a cut-off or corrupted deflated workbook is refused as incomplete or damaged, never read in part', async () => {
    const rows = [['email'], ...Array.from({ length: 5000 }, (_, i) => [`p${i}@example.com`])];
    const bytes = workbookBytes([{ name: 'List', rows }], { deflate: true, sharedStrings: true });
    // Keep the zip's directory but break the sheet's deflate data in the middle.
    const broken = Buffer.from(bytes);
    const sheetAt = broken.indexOf('xl/worksheets/sheet1.xml') + 200;
    broken.fill(0xff, sheetAt, sheetAt + 64);
    const damaged = await pinlistErrorFrom(readAll(await writeBytes(dir, 'broken.xlsx', broken)));
    expect(damaged.code).toBe('FILE_BAD_XLSX');
    expect(damaged.message).toMatch(/damaged|incomplete/);

    const cut = await pinlistErrorFrom(readAll(await writeBytes(dir, 'cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.7)))));
    expect(cut.code).toBe('FILE_BAD_XLSX');
    expect(cut.message).toMatch(/incomplete/);
  });
});

describe('the preview reads only what it needs', () => {
  it('stops inflating the sheet and the shared strings soon after its rows', async () => {
    const count = 100_000;
    const rows = [['Email', 'Name'], ...Array.from({ length: count }, (_, i) => [`customer.${i}@example.com`, `Customer ${i}`])];
    const file = await writePartsWorkbook(dir, 'big-shared.xlsx', [{ name: 'Customers', rows }], { sharedStrings: true, deflate: true });
    const preview = (await openTable(file, { maxRows: 50 })) as XlsxTableSource;
    let read = 0;
    for await (const batch of preview.batches()) read += batch.rows.length;
    expect(read).toBe(50);
    const partial = preview.inflatedBytes();

    const whole = (await openTable(file)) as XlsxTableSource;
    for await (const batch of whole.batches()) read += batch.rows.length;
    const total = whole.inflatedBytes();
    console.log(`preview inflated ${partial.toLocaleString('en')} of ${total.toLocaleString('en')} bytes`);
    expect(total).toBeGreaterThan(5_000_000);
    expect(partial).toBeLessThan(total / 5);
  });
});
