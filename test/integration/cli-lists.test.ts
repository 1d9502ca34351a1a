import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { runPinlist } from '../helpers/cli.js';
import { hexList } from '../helpers/hash-data.js';
import { hostileRejects, memberHashes, seedImport } from '../helpers/list-data.js';
import { useTempDirs } from '../helpers/temp.js';

// Runs the built CLI (`npm run build:main` first) over a data folder filled through the store.

const tempDir = useTempDirs();

function seeded() {
  const dataDir = tempDir();
  const db = openDatabase(path.join(dataDir, 'pinlist.db'));
  const emails = memberHashes(20_000, 1);
  const gaids = memberHashes(3, 2);
  const first = seedImport(db, 'Newsletter', { members: { email: emails }, rejects: hostileRejects(6), fileName: 'crm export.csv' });
  const second = seedImport(db, 'Newsletter', { members: { gaid: gaids }, mode: 'add', rejects: hostileRejects(2, 50), fileName: 'app.csv' });
  seedImport(db, 'Buyers', { members: { idfa: memberHashes(1234, 3) } });
  db.close();
  return { dataDir, emails, gaids, first, second, run: (args: string[]) => runPinlist(['--data-dir', dataDir, ...args]) };
}

describe('pinlist lists / show', () => {
  it('prints an aligned table with thousands separators, or one JSON array', async () => {
    const { run } = seeded();
    const human = await run(['lists']);
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^List\s+Emails\s+Android ad IDs\s+IDFAs\s+Total\s+Suppressed\s+To Pinterest\s+Last import$/);
    expect(lines[1]).toMatch(/^Buyers\s+0\s+0\s+1,234\s+1,234\s+0\s+1,234\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+customers\.csv \(\+1,234 −0\)$/);
    expect(lines[2]).toMatch(/^Newsletter\s+20,000\s+3\s+0\s+20,003\s+0\s+20,003\s+.*app\.csv \(\+3 −0\)$/);
    // Aligned: every column starts at the same offset on every line.
    expect(lines[1]!.indexOf('0')).toBe(lines[0]!.indexOf('Emails'));
    expect(lines[2]!.indexOf('20,000')).toBe(lines[0]!.indexOf('Emails'));

    const json = await run(['lists', '--json']);
    expect(json.code).toBe(0);
    const lists = JSON.parse(json.stdout);
    expect(lists.map((list: { name: string }) => list.name)).toEqual(['Buyers', 'Newsletter']);
    expect(lists[1]).toMatchObject({ members: { email: 20_000, gaid: 3, idfa: 0 }, total: 20_003, lastImport: { fileName: 'app.csv' } });
  });

  it('shows one list by name (ignoring case) with sizes and import history', async () => {
    const { run, first, second } = seeded();
    const human = await run(['show', 'newsletter']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Newsletter \(list \d+\)/);
    expect(human.stdout).toMatch(/Email\s+20,000/);
    expect(human.stdout).toMatch(/Android ad ID\s+3/);
    expect(human.stdout).toMatch(/Total\s+20,003/);
    expect(human.stdout).toMatch(new RegExp(`\\n${second.importId}\\s+\\S+ \\S+ UTC\\s+add\\s+app\\.csv\\s+5\\s+3\\s+2\\s+0\\s+0\\s+3\\s+0\\s+1\\.5 s\\s+missing_at 2`));
    expect(human.stdout).toMatch(new RegExp(`\\n${first.importId}\\s+.*replace\\s+crm export\\.csv\\s+20,006\\s+20,000\\s+6`));
    expect(human.stdout.indexOf(`\n${second.importId} `)).toBeLessThan(human.stdout.indexOf(`\n${first.importId} `));
    expect(human.stdout).toMatch(/8 rejected rows are stored/);

    const json = JSON.parse((await run(['show', 'Newsletter', '--json'])).stdout);
    expect(json).toMatchObject({ name: 'Newsletter', total: 20_003, rejectsStored: 8 });
    expect(json.imports.map((record: { id: number }) => record.id)).toEqual([second.importId, first.importId]);

    const missing = await run(['show', 'Nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error\[LIST_NOT_FOUND\]: .*pinlist lists/);
    expect((await run(['show'])).code).toBe(2);
  });
});

describe('pinlist rejects', () => {
  it('writes spreadsheet-safe CSV to standard output, leaving no copy behind', async () => {
    const { run, dataDir, first } = seeded();
    const result = await run(['rejects', 'Newsletter', '--all']);
    expect(result.code).toBe(0);
    expect(result.stdout.charCodeAt(0)).not.toBe(0xfeff);
    const rows = Papa.parse<string[]>(result.stdout, { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['import_id', 'row_number', 'column', 'reason', 'reason_label', 'raw_value']);
    expect(rows).toHaveLength(9);
    expect(rows[1]).toEqual([String(first.importId), '2', 'email', 'missing_at', 'No @ in the email', `'=HYPERLINK("http://x")`]);
    expect(rows.slice(1).map((row) => row[5])).toEqual([
      `'=HYPERLINK("http://x")`,
      "'@SUM(1)",
      "'-2+3",
      'say "hi", twice',
      'two\nlines',
      'no-at-sign',
      `'=HYPERLINK("http://x")`,
      "'@SUM(1)",
    ]);
    expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([]);
  });

  it('writes one import’s rejects to a file with --import and --out', async () => {
    const { run, dataDir, second } = seeded();
    const out = path.join(tempDir(), 'rejects.csv');
    const result = await run(['rejects', 'Newsletter', '--import', String(second.importId), '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote 2 rejected rows of "Newsletter" to /);
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true }).data;
    expect(rows.slice(1).map((row) => [row[0], row[1]])).toEqual([
      [String(second.importId), '50'],
      [String(second.importId), '51'],
    ]);
    // --out is written straight there: nothing goes through (or is left in) the data folder's exports/.
    expect(fs.existsSync(path.join(dataDir, 'exports')) ? fs.readdirSync(path.join(dataDir, 'exports')) : []).toEqual([]);
    expect((await run(['rejects', 'Newsletter', '--import', 'abc'])).code).toBe(2);
    const wrongImport = await run(['rejects', 'Buyers', '--import', String(second.importId)]);
    expect(wrongImport.code).toBe(1);
    expect(wrongImport.stderr).toMatch(/^error\[NOT_FOUND\]/);
  });
});

describe('pinlist export', () => {
  it('writes the hashes of one kind, one per line, without a header', async () => {
    const { run, emails, gaids } = seeded();
    const out = path.join(tempDir(), 'emails.csv');
    const result = await run(['export', 'Newsletter', '--kind', 'email', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote 20,000 Email hashes of "Newsletter"/);
    const lines = fs.readFileSync(out, 'latin1').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(hexList(emails));

    const gaidOut = path.join(tempDir(), 'gaids.csv');
    const json = await run(['export', 'newsletter', '--kind', 'gaid', '--out', gaidOut, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ list: 'Newsletter', kind: 'gaid', file: gaidOut, rows: 3, bytes: 3 * 65, suppressedLeftOut: 0 });
    expect(fs.readFileSync(gaidOut, 'latin1')).toBe(hexList(gaids).map((hex) => `${hex}\n`).join(''));
  });

  it('refuses a missing --out or --kind, an unknown kind and an empty kind', async () => {
    const { run } = seeded();
    const out = path.join(tempDir(), 'x.csv');
    expect((await run(['export', 'Newsletter', '--kind', 'email'])).code).toBe(2);
    expect((await run(['export', 'Newsletter', '--out', out])).code).toBe(2);
    expect((await run(['export', 'Newsletter', '--kind', 'phone', '--out', out])).code).toBe(2);
    const empty = await run(['export', 'Newsletter', '--kind', 'idfa', '--out', out]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^error\[NOT_FOUND\]: .*no IDFA/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('pinlist settings', () => {
  it('shows, reads and changes settings', async () => {
    const dataDir = tempDir();
    const run = (args: string[]) => runPinlist(['--data-dir', dataDir, ...args]);
    const table = await run(['settings']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Setting\s+Value\n/);
    expect(table.stdout).toMatch(/batchSize\s+1000/);
    expect(await run(['settings', 'set', 'batchSize', '2,500'])).toMatchObject({ code: 0, stdout: 'batchSize = 2500\n' });
    expect(await run(['settings', 'set', 'keepplaintext', 'on'])).toMatchObject({ code: 0, stdout: 'keepPlaintext = true\n' });
    expect((await run(['settings', 'get', 'batchSize'])).stdout).toBe('2500\n');
    const all = JSON.parse((await run(['settings', '--json'])).stdout);
    expect(all).toMatchObject({ batchSize: 2500, keepPlaintext: true, theme: 'system' });
    expect(JSON.parse((await run(['settings', 'set', 'theme', 'dark', '--json'])).stdout)).toMatchObject({ theme: 'dark', batchSize: 2500 });

    const badValue = await run(['settings', 'set', 'batchSize', '0']);
    expect(badValue.code).toBe(1);
    expect(badValue.stderr).toMatch(/^error\[INVALID_INPUT\]/);
    expect((await run(['settings', 'set', 'batchSize', 'lots'])).code).toBe(2);
    expect((await run(['settings', 'set', 'colour', 'red'])).code).toBe(2);
    expect((await run(['settings', 'frobnicate'])).code).toBe(2);
    expect((await run(['settings', 'set', 'theme'])).code).toBe(2);
  });
});
