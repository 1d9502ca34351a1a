/**
 * Modes (replace, add, remove), the suppression list, plaintext opt-in, plan, preview, cancelling
 * and big reject volumes, through the real pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport, previewImport, runImport } from '../../electron/core/import/index.js';
import { isPinlistError } from '../../shared/errors.js';
import { makeTempDir, removeDir, writeCsv, writeText, writeWorkbook } from '../fixtures/generate.js';
import { dumpDatabase, expectedHashes, leftoverTempFiles, rejectsOf, sha256Hex, storedHashes, useImportEnv } from '../helpers/import-db.js';

const env = useImportEnv();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-modes-');
});
afterAll(async () => {
  await removeDir(dir);
});

const emails = (...names: string[]): string[] => names.map((name) => `${name}@example.com`);
async function emailFile(name: string, values: string[]): Promise<string> {
  return writeCsv(dir, name, [['Email'], ...values.map((value) => [value])]);
}

describe('import modes', () => {
  it('skips the title lines above a table (CSV and XLSX): the header is found below them, no row is lost or rejected for it', async () => {
    const csv = await writeCsv(dir, 'report.csv', [
      ['Customer report', '', ''],
      ['Generated 2024-03-01', '', ''],
      ['', '', ''],
      ['Email', 'Name', 'Orders'],
      ['ann@example.com', 'Ann', '3'],
      ['bob@example.com', 'Bob', '1'],
    ]);
    const preview = await previewImport({ file: csv });
    expect(preview.format.hasHeader).toBe(true);
    expect(preview.columns.map((column) => [column.name, column.kind])).toEqual([
      ['Email', 'email'],
      ['Name', 'ignore'],
      ['Orders', 'ignore'],
    ]);
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([5, 6]);
    expect(preview.warnings.join(' ')).toMatch(/Rows 1–2 above the table were skipped \(“Customer report”, “Generated 2024-03-01”\): the table starts at row 4/);

    const e = env();
    expect(await e.run(csv, { list: 'Report' })).toMatchObject({ rowsRead: 2, valid: 2, rejected: 0, members: { email: 2 } });
    expect(e.read((db) => storedHashes(db, 'Report', 'email'))).toEqual(expectedHashes(emails('ann', 'bob')));

    const workbook = await writeWorkbook(dir, 'report.xlsx', [{ name: 'Export', rows: [['Spring customers'], [], ['Name', 'E-mail'], ['Cy', 'cy@example.com']] }]);
    expect(await e.run(workbook, { list: 'Workbook' })).toMatchObject({ rowsRead: 1, valid: 1, rejected: 0 });
    expect(e.read((db) => storedHashes(db, 'Workbook', 'email'))).toEqual(expectedHashes(emails('cy')));
  });

  it('replace, add, remove: counts and the exact members after each', async () => {
    const e = env();
    const abc = await emailFile('abc.csv', emails('a', 'b', 'c'));
    const cd = await emailFile('cd.csv', emails('c', 'd'));
    const members = (): string[] => e.read((db) => storedHashes(db, 'Customers', 'email'));

    expect(await e.run(abc, { mode: 'replace' })).toMatchObject({ added: 3, removed: 0, members: { email: 3 } });
    expect(members()).toEqual(expectedHashes(emails('a', 'b', 'c')));

    expect(await e.run(cd, { mode: 'add' })).toMatchObject({ valid: 2, added: 1, removed: 0, members: { email: 4 } });
    expect(members()).toEqual(expectedHashes(emails('a', 'b', 'c', 'd')));

    expect(await e.run(cd, { mode: 'remove' })).toMatchObject({ valid: 2, added: 0, removed: 2, members: { email: 2 } });
    expect(members()).toEqual(expectedHashes(emails('a', 'b')));

    expect(await e.run(cd, { mode: 'replace' })).toMatchObject({ added: 2, removed: 2, members: { email: 2 } });
    expect(members()).toEqual(expectedHashes(emails('c', 'd')));

    const history = e.read((db) => db.prepare('SELECT mode, added, removed, valid, file_name AS file FROM imports ORDER BY id').all());
    expect(history).toEqual([
      { mode: 'replace', added: 3, removed: 0, valid: 3, file: 'abc.csv' },
      { mode: 'add', added: 1, removed: 0, valid: 2, file: 'cd.csv' },
      { mode: 'remove', added: 0, removed: 2, valid: 2, file: 'cd.csv' },
      { mode: 'replace', added: 2, removed: 2, valid: 2, file: 'cd.csv' },
    ]);
  });

  it('replace makes the list exactly the file: a kind the file lacks is emptied; add keeps it', async () => {
    const e = env();
    const gaids = await writeCsv(dir, 'gaids.csv', [['gaid'], ['38400000-8cf0-11bd-b23e-10b96e40000d']]);
    await e.run(gaids, {});
    const add = await e.run(await emailFile('one.csv', emails('a')), { mode: 'add' });
    expect(add.members).toEqual({ email: 1, gaid: 1, idfa: 0 });
    const replace = await e.run(await emailFile('two.csv', emails('b')), { mode: 'replace' });
    expect(replace).toMatchObject({ added: 1, removed: 2, members: { email: 1, gaid: 0, idfa: 0 } });
  });

  it('records the file: name, size, SHA-256, duration', async () => {
    const e = env();
    const file = await emailFile('record.csv', emails('a', 'b'));
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    await e.run(file, {});
    const record = e.read((db) => db.prepare('SELECT file_name, file_size, file_sha256, duration_ms, rows_read FROM imports').get()) as Record<string, number | string>;
    expect(record).toMatchObject({ file_name: 'record.csv', file_size: bytes.length, file_sha256: createHash('sha256').update(bytes).digest('hex'), rows_read: 2 });
    expect(record.duration_ms).toBeGreaterThan(0);
  });
});

describe('suppression list', () => {
  it('suppressed people are counted and left out of imports; remove takes them off again', async () => {
    const e = env();
    const suppress = await emailFile('optout.csv', emails('b', 'x'));
    const optOut = await runImport({ dbPath: e.dbPath, tempDir: e.tempDir, file: suppress, target: { suppression: true } });
    expect(optOut).toMatchObject({ list: 'Suppression list', valid: 2, added: 2, members: { email: 2 } });
    expect(e.read((db) => storedHashes(db, { suppression: true }, 'email'))).toEqual(expectedHashes(emails('b', 'x')));

    const summary = await e.run(await emailFile('abc.csv', emails('a', 'b', 'c')), {});
    expect(summary).toMatchObject({ valid: 3, suppressed: 1, added: 2, members: { email: 2 } });
    expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(emails('a', 'c')));
    // Audience lists never include the suppression list.
    expect(e.read((db) => db.prepare("SELECT count(*) FROM lists WHERE role = 'audience'").pluck().get())).toBe(1);

    await runImport({ dbPath: e.dbPath, tempDir: e.tempDir, file: await emailFile('b.csv', emails('b')), target: { suppression: true }, mode: 'remove' });
    expect(e.read((db) => storedHashes(db, { suppression: true }, 'email'))).toEqual(expectedHashes(emails('x')));
    const again = await e.run(await emailFile('abc.csv', emails('a', 'b', 'c')), {});
    expect(again).toMatchObject({ suppressed: 0, added: 1, members: { email: 3 } });
  });
});

describe('plaintext opt-in', () => {
  it('stores no plaintext by default, and the valid values only when asked', async () => {
    const file = await emailFile('plain.csv', ['Ann@Example.com', 'bad', 'bob@example.com']);
    const off = env();
    await off.run(file, {});
    expect(off.read((db) => db.prepare('SELECT count(*) FROM member_plaintext').pluck().get())).toBe(0);

    const on = env();
    await on.run(file, { keepPlaintext: true });
    const rows = on.read((db) => db.prepare("SELECT kind, hex(hash) AS hash, value FROM member_plaintext ORDER BY value").all());
    expect(rows).toEqual([
      { kind: 'email', hash: sha256Hex('ann@example.com').toUpperCase(), value: 'ann@example.com' },
      { kind: 'email', hash: sha256Hex('bob@example.com').toUpperCase(), value: 'bob@example.com' },
    ]);
  });
});

describe('plan and preview write nothing', () => {
  it('plan reports what the import then does', async () => {
    const e = env();
    await e.run(await emailFile('abc.csv', emails('a', 'b', 'c')), {});
    const next = await emailFile('cde.csv', [...emails('c', 'd', 'e', 'e'), 'broken']);
    const before = e.read(dumpDatabase);
    const plan = await planImport({ dbPath: e.dbPath, tempDir: e.tempDir, file: next, target: { list: 'Customers' }, mode: 'add' });
    expect(plan).toMatchObject({
      list: 'Customers',
      listExists: true,
      mode: 'add',
      rowsRead: 5,
      valid: 3,
      duplicates: 1,
      rejected: 1,
      added: 2,
      removed: 0,
      membersBefore: { email: 3, gaid: 0, idfa: 0 },
      membersAfter: { email: 5, gaid: 0, idfa: 0 },
      rejectReasons: { missing_at: 1 },
    });
    expect(plan.columns).toEqual([{ index: 0, name: 'Email', kind: 'email', source: 'header' }]);
    expect(e.read(dumpDatabase)).toEqual(before);
    const done = await e.run(next, { mode: 'add' });
    expect(done).toMatchObject({ added: plan.added, removed: plan.removed, valid: plan.valid, duplicates: plan.duplicates, members: plan.membersAfter });

    const fresh = await planImport({ dbPath: e.dbPath, tempDir: e.tempDir, file: next, target: { list: 'New list' } });
    expect(fresh).toMatchObject({ listExists: false, added: 3, membersBefore: { email: 0 }, membersAfter: { email: 3 } });
    expect(leftoverTempFiles(e.tempDir)).toEqual([]);
  });

  it('preview shows raw, normalized, hash and status per cell, by the import rules', async () => {
    const file = await writeCsv(dir, 'preview.csv', [
      ['Email', 'GAID', 'Name'],
      [' Ann@Example.com ', '', 'Ann'],
      ['ann@example.com', '38400000-8CF0-11BD-B23E-10B96E40000D', 'Ann again'],
      ['nope', '', 'Nope'],
      ['x@example.com', 'x', 'Ragged', 'extra'],
    ]);
    const preview = await previewImport({ file, rows: 10 });
    expect(preview.format).toMatchObject({ type: 'csv', delimiter: ',', hasHeader: true });
    expect(preview.columns.map((c) => c.kind)).toEqual(['email', 'gaid', 'ignore']);
    expect(preview.truncated).toBe(false);
    const [first, second, third, fourth] = preview.rows;
    expect(first!.rowNumber).toBe(2);
    expect(first!.cells).toEqual([
      { column: 0, raw: ' Ann@Example.com ', normalized: 'ann@example.com', hash: sha256Hex('ann@example.com'), status: 'valid', reason: null, prehashed: false },
      { column: 1, raw: '', normalized: null, hash: null, status: 'skipped', reason: 'empty', prehashed: false },
    ]);
    expect(second!.cells.map((c) => c.status)).toEqual(['duplicate', 'valid']);
    expect(second!.cells[1]!.hash).toBe(sha256Hex('38400000-8cf0-11bd-b23e-10b96e40000d'));
    expect(third!.cells.map((c) => [c.status, c.reason])).toEqual([
      ['rejected', 'missing_at'],
      ['skipped', 'empty'],
    ]);
    expect(fourth).toMatchObject({ rowNumber: 5, cells: [], rowReason: 'ragged_row' });
    expect(preview.warnings.join(' ')).toMatch(/1 of the first 4 rows/);

    const short = await previewImport({ file, rows: 2 });
    expect(short.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(short.truncated).toBe(true);
  });

  it('preview warns instead of failing when no column is an identifier, and honours --map', async () => {
    const file = await writeCsv(dir, 'names.csv', [['Name', 'Contact'], ['Ann', 'someone']]);
    const preview = await previewImport({ file });
    // A row of names Pinlist does not know is still the header (issue 9): the columns keep their names, no row is lost.
    expect(preview.warnings[0]).toMatch(/No column looks like an email or ad ID\. Columns seen: "Name", "Contact"/);
    expect(preview.format.hasHeader).toBe(true);
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2]);
    const mapped = await previewImport({ file, overrides: [{ column: 'Contact', kind: 'email' }] });
    expect(mapped.rows[0]!.cells).toMatchObject([{ column: 1, status: 'rejected', reason: 'missing_at' }]);
  });
});

describe('cancelling and reject volume', () => {
  it('a cancelled import leaves the list exactly as it was and no temp files', async () => {
    const e = env();
    await e.run(await emailFile('seed.csv', emails('a', 'b')), {});
    const before = e.read(dumpDatabase);
    const rows = Array.from({ length: 150_000 }, (_, i) => [`person${i}@example.com`, `Name ${i}`]);
    const big = await writeCsv(dir, 'big.csv', [['Email', 'Name'], ...rows]);
    for (const delayMs of [0, 300, 900]) {
      const controller = new AbortController();
      const started = e.run(big, { signal: controller.signal });
      setTimeout(() => controller.abort(), delayMs);
      try {
        await started;
        // The commit may win the race; then the import is whole.
        expect(e.read((db) => storedHashes(db, 'Customers', 'email')).length).toBe(150_000);
        break;
      } catch (error) {
        expect(isPinlistError(error) && error.code).toBe('CANCELLED');
        expect(e.read(dumpDatabase)).toEqual(before);
      }
      expect(leftoverTempFiles(e.tempDir)).toEqual([]);
    }
  });

  it('a file of nothing but rejects: every one stored with its row number, memory bounded by spilling', async () => {
    const count = 60_000;
    const lines = ['Email'];
    for (let i = 0; i < count; i++) lines.push(`not an email ${i}`);
    const file = await writeText(dir, 'all-rejects.csv', lines.join('\n') + '\n');
    const e = env();
    const summary = await e.run(file, { readerHashing: 'always' });
    expect(summary).toMatchObject({ rowsRead: count, valid: 0, rejected: count, rejectReasons: { missing_at: count }, members: { email: 0 } });
    const stored = e.read((db) => db.prepare('SELECT count(*) AS n, min(row_number) AS first, max(row_number) AS last FROM rejects').get());
    expect(stored).toEqual({ n: count, first: 2, last: count + 1 });
    expect(e.read((db) => rejectsOf(db, summary.importId).slice(0, 1))).toEqual([{ row: 2, column: 'Email', reason: 'missing_at', raw: 'not an email 0' }]);
  });

  it('sorts through spilled runs (more members than one in-memory run), duplicates across runs included', async () => {
    const count = 30_000;
    const values = Array.from({ length: count }, (_, i) => `member${i % 20_000}@example.com`);
    const file = await emailFile('runs.csv', values);
    for (const readerHashing of ['auto', 'always'] as const) {
      const e = env();
      const summary = await e.run(file, { runLimit: 4096, batchRows: 1000, readerHashing });
      expect(summary).toMatchObject({ rowsRead: count, valid: 20_000, duplicates: 10_000 });
      expect(e.read((db) => storedHashes(db, 'Customers', 'email'))).toEqual(expectedHashes(values));
      expect(leftoverTempFiles(e.tempDir)).toEqual([]);
    }
  });
});
