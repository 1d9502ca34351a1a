/**
 * Real-shaped files through the whole import pipeline (worker threads, SQLite): what is counted,
 * what is stored (hashes recomputed here from the expected normalized values), what is rejected.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writeCsv, writeText, writeXlsx } from '../fixtures/generate.js';
import { previewImport } from '../../electron/core/import/index.js';
import { expectedHashes, leftoverTempFiles, rejectsOf, sha256Hex, storedHashes, useImportEnv } from '../helpers/import-db.js';

const env = useImportEnv();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-files-');
});
afterAll(async () => {
  await removeDir(dir);
});

describe('import: encodings and CSV shapes', () => {
  it('UTF-8 with BOM: normalizes case, spaces, mailto: and display names', async () => {
    const file = await writeCsv(
      dir,
      'bom.csv',
      [
        ['Email', 'Name'],
        ['Jane.Doe@Example.com', 'Jane'],
        ['  bob@example.org\u00a0', 'Bob'],
        ['mailto:carl@example.net', 'Carl'],
        ['Dana Smith <Dana@Example.com>', 'Dana'],
        ['jane.doe@example.com', 'Jane again'],
      ],
      { bom: true },
    );
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ list: 'Customers', rowsRead: 5, valid: 4, duplicates: 1, rejected: 0, added: 4, removed: 0 });
    expect(summary.members).toEqual({ email: 4, gaid: 0, idfa: 0 });
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(
      expectedHashes(['jane.doe@example.com', 'bob@example.org', 'carl@example.net', 'dana@example.com']),
    );
    expect(leftoverTempFiles(e.tempDir)).toEqual([]);
  });

  it('UTF-16 LE with BOM, tab-separated (Excel "Unicode text"): non-ASCII hashed as UTF-8 after NFC', async () => {
    // "Zoe\u0308" is decomposed; NFC makes it "Zoë".
    const file = await writeCsv(
      dir,
      'unicode.txt',
      [
        ['E-mail Address', 'City'],
        ['Zoe\u0308@Exämple.de', 'Köln'],
        ['ÅSA@example.se', 'Malmö'],
      ],
      { encoding: 'utf-16le', bom: true, delimiter: '\t', eol: '\r\n' },
    );
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 2, valid: 2, rejected: 0 });
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['zoë@exämple.de', 'åsa@example.se']));
  });

  it('Windows-1252 with semicolons and CRLF, detected (and the same with --encoding given)', async () => {
    const rows = [
      ['Name', 'E-Mail', 'Stadt'],
      ['José', 'José@Café.fr', 'Paris'],
      ['Jürgen', 'juergen@example.de', 'München'],
    ];
    const file = await writeCsv(dir, 'legacy.csv', rows, { encoding: 'windows-1252', delimiter: ';', eol: '\r\n' });
    const expected = expectedHashes(['josé@café.fr', 'juergen@example.de']);
    const e = env();
    expect(await e.run(file, {})).toMatchObject({ rowsRead: 2, valid: 2, rejected: 0 });
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expected);
    const forced = env();
    await forced.run(file, { encoding: 'windows-1252' });
    expect(forced.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expected);
    const format = forced.read((db) => JSON.parse(db.prepare('SELECT format_json FROM imports').pluck().get() as string));
    expect(format).toMatchObject({ type: 'csv', encoding: 'windows-1252', delimiter: ';', hasHeader: true });
  });

  it('quoted fields with embedded newlines and delimiters keep one row each, and row numbers as Excel shows them', async () => {
    const file = await writeText(
      dir,
      'quoted.csv',
      'Email,Notes\n"ann@example.com","first line\nsecond line, with a comma"\nbob@example.com,plain\nnot-an-email,x\n',
    );
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 3, valid: 2, rejected: 1, rejectReasons: { missing_at: 1 } });
    expect(e.read((db) => rejectsOf(db, summary.importId))).toEqual([{ row: 4, column: 'Email', reason: 'missing_at', raw: 'not-an-email' }]);
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));
  });

  it("no header (Pinterest's template): every row is data, recognised by its values", async () => {
    const file = await writeText(dir, 'template.csv', 'first@example.com\nSecond@Example.com\nbroken@\nthird@example.com\n');
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 4, valid: 3, rejected: 1, rejectReasons: { bad_domain: 1 } });
    expect(e.read((db) => rejectsOf(db, summary.importId))).toEqual([{ row: 3, column: 'Column 1', reason: 'bad_domain', raw: 'broken@' }]);
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(
      expectedHashes(['first@example.com', 'second@example.com', 'third@example.com']),
    );
  });

  it('ragged rows are rejected with the whole row as raw value, the rest imported', async () => {
    const file = await writeText(dir, 'ragged.csv', 'Email,Name\nann@example.com,Ann\nbob@example.com,Bob,extra\ncat@example.com\ndan@example.com,Dan\n');
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 4, valid: 2, rejected: 2, rejectReasons: { ragged_row: 2 } });
    expect(e.read((db) => rejectsOf(db, summary.importId))).toEqual([
      { row: 3, column: '(whole row)', reason: 'ragged_row', raw: 'bob@example.com,Bob,extra' },
      { row: 4, column: '(whole row)', reason: 'ragged_row', raw: 'cat@example.com' },
    ]);
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann@example.com', 'dan@example.com']));
  });

  it('blank fields past the header, or missing under blank header cells, are not ragged (preview and import agree)', async () => {
    // A report tool that ends every data line with a delimiter the header lacks...
    const trailing = await writeText(dir, 'trailing.csv', 'Email,Name\r\nann@example.com,Ann,\r\nbob@example.com,Bob, \r\ncat@example.com,Cat,x\r\n');
    // ...and one that ends only the header with one, over two identifier columns.
    const headerOnly = await writeText(dir, 'header-only.csv', 'Name;Email;GAID;;\nAnn;ann@example.com;38400000-8cf0-11bd-b23e-10b96e40000d\nBob;bob@example.com;\nCat\n');
    const e = env();
    const first = await e.run(trailing, {});
    expect(first).toMatchObject({ rowsRead: 3, valid: 2, rejected: 1, rejectReasons: { ragged_row: 1 } });
    expect(e.read((db) => rejectsOf(db, first.importId))).toEqual([{ row: 4, column: '(whole row)', reason: 'ragged_row', raw: 'cat@example.com,Cat,x' }]);
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));
    const preview = await previewImport({ file: trailing });
    expect(preview.rows.map((row) => row.rowReason)).toEqual([null, null, 'ragged_row']);

    const second = await e.run(headerOnly, { list: 'Two kinds' });
    expect(second).toMatchObject({ rowsRead: 3, valid: 3, rejected: 1, rejectReasons: { ragged_row: 1 }, members: { email: 2, gaid: 1, idfa: 0 } });
    expect(e.read((db) => rejectsOf(db, second.importId))).toEqual([{ row: 4, column: '(whole row)', reason: 'ragged_row', raw: 'Cat' }]);
    expect((await previewImport({ file: headerOnly })).rows.map((row) => row.rowReason)).toEqual([null, null, 'ragged_row']);
  });
});

describe('import: XLSX, several identifier columns, pre-hashed values', () => {
  it('XLSX, streamed: header, values, a rejected cell with its row number', async () => {
    const file = await writeXlsx(dir, 'customers.xlsx', [
      ['Email Address', 'First name'],
      ['ann@example.com', 'Ann'],
      ['BOB@EXAMPLE.COM', 'Bob'],
      ['ann@example.com', 'Ann twice'],
      ['nobody', 'Nobody'],
    ]);
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 4, valid: 2, duplicates: 1, rejected: 1 });
    expect(e.read((db) => rejectsOf(db, summary.importId))).toEqual([{ row: 5, column: 'Email Address', reason: 'missing_at', raw: 'nobody' }]);
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));
  });

  it('XLSX non-ASCII text, shared strings and inline: every value hashed as written (none split at a chunk boundary)', async () => {
    const emails = Array.from({ length: 30_000 }, (_, i) => `ñöüéåø.${i}@exämple.de`);
    const e = env();
    for (const useSharedStrings of [true, false]) {
      const file = path.join(dir, `non-ascii-${useSharedStrings}.xlsx`);
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
      const sheet = workbook.addWorksheet('Kunden');
      sheet.addRow(['E-Mail', 'Name']).commit();
      for (const email of emails) sheet.addRow([email, 'Jürgen Müller-Lüdenscheidt']).commit();
      sheet.commit();
      await workbook.commit();
      const list = `Non-ASCII ${useSharedStrings}`;
      expect(await e.run(file, { list })).toMatchObject({ rowsRead: emails.length, valid: emails.length, rejected: 0 });
      expect(e.read((db) => storedHashes(db, list, 'email'))).toEqual(expectedHashes(emails));
    }
  });

  it('email + gaid + idfa columns become members of each kind; counts are per value (hashed in either worker)', async () => {
    const gaid = '38400000-8CF0-11BD-B23E-10B96E40000D';
    const idfa = 'ab12cd34-ef56-7890-ab12-cd34ef567890';
    const file = await writeCsv(dir, 'multi.csv', [
      ['Email', 'GAID', 'IDFA', 'Name'],
      ['ann@example.com', gaid, '', 'Ann'], // email + gaid; empty idfa skipped
      ['', '', idfa, 'Bea'], // idfa only
      ['', '', '', 'Nobody'], // no identifier at all: one reject
      ['cat@example.com', 'not-an-id', '', 'Cat'], // bad gaid rejected, email kept
      ['dan@example.com', '00000000-0000-0000-0000-000000000000', '', 'Dan'], // zeroed ad id
      ['ANN@example.com', gaid.toLowerCase().replace(/-/g, ''), idfa.toUpperCase(), 'Ann again'], // all three repeat
    ]);
    for (const readerHashing of ['never', 'always'] as const) {
      const e = env();
      const summary = await e.run(file, { readerHashing });
      expectMultiColumnImport(e, summary);
    }
  });

  function expectMultiColumnImport(e: ReturnType<typeof env>, summary: Awaited<ReturnType<ReturnType<typeof env>['run']>>): void {
    const gaid = '38400000-8CF0-11BD-B23E-10B96E40000D';
    const idfa = 'ab12cd34-ef56-7890-ab12-cd34ef567890';
    expect(summary).toMatchObject({ rowsRead: 6, valid: 5, duplicates: 3, rejected: 3 });
    expect(summary.rejectReasons).toEqual({ empty: 1, bad_ad_id: 1, zeroed_ad_id: 1 });
    expect(summary.members).toEqual({ email: 3, gaid: 1, idfa: 1 });
    expect(e.read((db) => rejectsOf(db, summary.importId))).toEqual([
      { row: 4, column: 'Email', reason: 'empty', raw: '' },
      { row: 5, column: 'GAID', reason: 'bad_ad_id', raw: 'not-an-id' },
      { row: 6, column: 'GAID', reason: 'zeroed_ad_id', raw: '00000000-0000-0000-0000-000000000000' },
    ]);
    e.read((db) => {
      expect(storedHashes(db, 'Customers', 'email')).toEqual(expectedHashes(['ann@example.com', 'cat@example.com', 'dan@example.com']));
      expect(storedHashes(db, 'Customers', 'gaid')).toEqual([sha256Hex(gaid.toLowerCase())]);
      expect(storedHashes(db, 'Customers', 'idfa')).toEqual([sha256Hex(idfa.toUpperCase())]);
    });
  }

  it('pre-hashed emails are kept as they are (lowercased); MD5 and SHA-1 are refused', async () => {
    const hashed = sha256Hex('someone@example.com');
    const file = await writeCsv(dir, 'hashed.csv', [
      ['hashed_email'],
      [hashed.toUpperCase()],
      ['plain@example.com'],
      ['d41d8cd98f00b204e9800998ecf8427e'],
      ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      [hashed],
    ]);
    const e = env();
    const summary = await e.run(file, {});
    expect(summary).toMatchObject({ rowsRead: 5, valid: 2, duplicates: 1, rejected: 2, rejectReasons: { unsupported_hash: 2 } });
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['plain@example.com'], [hashed]));
  });
});

describe('import: --map overrides', () => {
  const rows = [
    ['Email', 'Backup', 'Phone'],
    ['ann@example.com', 'ann.backup@example.com', '555'],
    ['bob@example.com', 'bob.backup@example.com', '556'],
  ];

  it('by default only the recognised header is used', async () => {
    const file = await writeCsv(dir, 'map.csv', rows);
    const e = env();
    await e.run(file, {});
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));
  });

  it('by header name and by column number', async () => {
    const file = await writeCsv(dir, 'map.csv', rows);
    const byName = env();
    await byName.run(file, { overrides: [{ column: 'backup', kind: 'email' }] });
    const all = expectedHashes(['ann@example.com', 'bob@example.com', 'ann.backup@example.com', 'bob.backup@example.com']);
    expect(byName.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(all);

    const byNumber = env();
    const summary = await byNumber.run(file, {
      overrides: [
        { column: '1', kind: 'ignore' },
        { column: '2', kind: 'email' },
      ],
    });
    expect(summary).toMatchObject({ rowsRead: 2, valid: 2 });
    expect(byNumber.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(['ann.backup@example.com', 'bob.backup@example.com']));
    const mapping = byNumber.read((db) => JSON.parse(db.prepare('SELECT mapping_json FROM imports').pluck().get() as string));
    expect(mapping).toEqual([
      { index: 0, name: 'Email', kind: 'ignore', source: 'user' },
      { index: 1, name: 'Backup', kind: 'email', source: 'user' },
      { index: 2, name: 'Phone', kind: 'ignore', source: 'header' },
    ]);
  });

  it('maps a header-less column of ad IDs to idfa by number', async () => {
    const ids = ['6D92078A-8246-4BA4-AE5B-76104861E7DC', '6d92078a82464ba4ae5b76104861e7dd'];
    const file = await writeText(dir, 'ids.csv', ids.join('\n') + '\n');
    const e = env();
    const summary = await e.run(file, { overrides: [{ column: '1', kind: 'idfa' }] });
    expect(summary.members).toEqual({ email: 0, gaid: 0, idfa: 2 });
    expect(e.read((db) => storedHashes(db, 'Customers', 'idfa'))).toEqual(
      expectedHashes(['6D92078A-8246-4BA4-AE5B-76104861E7DC', '6D92078A-8246-4BA4-AE5B-76104861E7DD']),
    );
  });
});
