/**
 * `pinlist import`, `preview` and `suppress` as a user runs them: the built CLI (run
 * `npm run build:main` first), its --json output and exit codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { writeCsv, writeText } from '../fixtures/generate.js';
import { cliPath, runPinlist } from '../helpers/cli.js';
import { expectedHashes, sha256Hex, storedHashes } from '../helpers/import-db.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

beforeAll(() => {
  const worker = path.join(path.dirname(cliPath), '..', 'dist', 'main', 'import-hasher.worker.js');
  if (!fs.existsSync(worker)) throw new Error('The CLI is not built: run `npm run build:main` first.');
});

const SUMMARY_KEYS = ['list', 'importId', 'rowsRead', 'valid', 'rejected', 'duplicates', 'suppressed', 'added', 'removed', 'removedSuppressed', 'removedNotInFile', 'members', 'rejectReasons'];

describe('pinlist import / preview / suppress (built CLI)', () => {
  it('import --json prints exactly one object of the documented shape, and nothing on stderr', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = await writeCsv(dir, 'customers.csv', [
      ['Email', 'Mobile ad ID', 'Name'],
      ['Ann@Example.com', '38400000-8cf0-11bd-b23e-10b96e40000d', 'Ann'],
      ['bob@example.com', '', 'Bob'],
      ['bob@example.com', '', 'Bob again'],
      ['not-an-email', '', 'Nobody'],
    ]);
    const result = await runPinlist(['--data-dir', data, 'import', file, '--list', 'Spring sale', '--map', 'Mobile ad ID=gaid', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).toEqual({
      list: 'Spring sale',
      importId: 1,
      rowsRead: 4,
      valid: 3,
      rejected: 1,
      duplicates: 1,
      suppressed: 0,
      added: 3,
      removed: 0,
      removedSuppressed: 0,
      removedNotInFile: 0,
      members: { email: 2, gaid: 1, idfa: 0 },
      rejectReasons: { missing_at: 1 },
    });
    const db = openDatabase(path.join(data, 'pinlist.db'));
    try {
      expect(storedHashes(db, 'Spring sale', 'email')).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));
      expect(storedHashes(db, 'Spring sale', 'gaid')).toEqual([sha256Hex('38400000-8cf0-11bd-b23e-10b96e40000d')]);
    } finally {
      db.close();
    }

    // Column by number, add mode, human output.
    const more = await writeText(dir, 'more.txt', 'x,carl@example.com\ny,dana@example.com\n');
    const human = await runPinlist(['--data-dir', data, 'import', more, '--list', 'Spring sale', '--mode', 'add', '--map', '2=email']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Imported more\.txt into "Spring sale" \(add, import 2\)/);
    expect(human.stdout).toMatch(/Members now: Email: 4, Android ad ID: 1/);
  });

  it('exit 1 with one error[CODE] line for bad files and mappings; exit 2 for usage errors', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const names = await writeCsv(dir, 'names.csv', [['First', 'Last'], ['Ann', 'Lee']]);
    const cases: [string[], number, string][] = [
      [['import', path.join(dir, 'missing.csv'), '--list', 'L'], 1, 'FILE_NOT_FOUND'],
      [['import', names, '--list', 'L'], 1, 'NO_IDENTIFIER_COLUMN'],
      [['import', names, '--list', 'L', '--map', 'First'], 1, 'BAD_MAPPING'],
      [['import', names, '--list', 'L', '--map', 'Nope=email'], 1, 'BAD_MAPPING'],
      [['import', await writeText(dir, 'head.csv', 'email\n'), '--list', 'L', '--json'], 1, 'FILE_NO_ROWS'],
      [['import', names, '--list', 'L', '--mode', 'merge'], 2, 'USAGE'],
      [['import', names], 2, 'USAGE'],
      [['import', names, '--list', '  '], 2, 'USAGE'],
      [['import', names, '--list', 'x'.repeat(201)], 2, 'USAGE'],
      [['import', names, '--list', 'L', '--sheet', ''], 2, 'USAGE'],
      [['suppress', names, '--encoding', ' '], 2, 'USAGE'],
      [['preview', names, '--sheet', ''], 2, 'USAGE'],
      [['preview', names, '--rows', 'lots'], 2, 'USAGE'],
    ];
    for (const [args, code, errorCode] of cases) {
      const result = await runPinlist(['--data-dir', data, ...args]);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stdout, args.join(' ')).toBe('');
      const errorLines = result.stderr.trim().split('\n');
      expect(errorLines, args.join(' ')).toHaveLength(1);
      expect(errorLines[0], args.join(' ')).toMatch(new RegExp(`^error\\[${errorCode}\\]: `));
    }
    const names2 = await runPinlist(['--data-dir', data, 'import', names, '--list', 'L']);
    expect(names2.stderr).toMatch(/Columns seen: .*First.*Last.*--map "COLUMN=email"/);
    // Nothing was created by any of these.
    const db = openDatabase(path.join(data, 'pinlist.db'));
    try {
      expect(db.prepare('SELECT count(*) FROM lists').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('preview --json shows raw, normalized, hash and status and writes nothing', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = await writeCsv(dir, 'p.csv', [['Email'], [' Ann@Example.com'], ['nope'], ['c@example.com']]);
    const result = await runPinlist(['--data-dir', data, 'preview', file, '--rows', '2', '--json']);
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.stdout);
    expect(preview.rows).toHaveLength(2);
    expect(preview.truncated).toBe(true);
    expect(preview.rows[0].cells[0]).toEqual({
      column: 0,
      raw: ' Ann@Example.com',
      normalized: 'ann@example.com',
      hash: sha256Hex('ann@example.com'),
      status: 'valid',
      reason: null,
      prehashed: false,
    });
    expect(preview.rows[1].cells[0]).toMatchObject({ status: 'rejected', reason: 'missing_at', hash: null });

    const human = await runPinlist(['--data-dir', data, 'preview', file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(sha256Hex('ann@example.com'));
    expect(human.stdout).toMatch(/rejected: No @ in the email/);
    const db = openDatabase(path.join(data, 'pinlist.db'));
    try {
      expect(db.prepare('SELECT count(*) FROM lists').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('suppress, then import: suppressed rows are counted and excluded', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const optOut = await writeCsv(dir, 'optout.csv', [['email'], ['bob@example.com']]);
    const suppressed = await runPinlist(['--data-dir', data, 'suppress', optOut, '--json']);
    expect(suppressed.code).toBe(0);
    expect(JSON.parse(suppressed.stdout)).toMatchObject({ list: 'Suppression list', added: 1, members: { email: 1 } });

    const file = await writeCsv(dir, 'c.csv', [['email'], ['ann@example.com'], ['BOB@example.com']]);
    const imported = await runPinlist(['--data-dir', data, 'import', file, '--list', 'Customers', '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ valid: 2, suppressed: 1, added: 1, members: { email: 1 } });

    // A replace's removals, by cause: carl was suppressed after joining, ann is not in the new file.
    const more = await writeCsv(dir, 'more.csv', [['email'], ['ann@example.com'], ['carl@example.com']]);
    expect((await runPinlist(['--data-dir', data, 'import', more, '--list', 'Customers', '--mode', 'add', '--json'])).code).toBe(0);
    const carl = await writeCsv(dir, 'carl.csv', [['email'], ['carl@example.com']]);
    expect((await runPinlist(['--data-dir', data, 'suppress', carl, '--json'])).code).toBe(0);
    const dana = await writeCsv(dir, 'dana.csv', [['email'], ['dana@example.com']]);
    const replaced = await runPinlist(['--data-dir', data, 'import', dana, '--list', 'Customers', '--json']);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ added: 1, removed: 2, removedSuppressed: 1, removedNotInFile: 1, members: { email: 1 } });
  });
});
