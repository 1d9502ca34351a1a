import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { SET_CHUNK_HASHES } from '../../electron/core/store/index.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import type { InputOf, OutputOf, RequestName } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { hexList } from '../helpers/hash-data.js';
import { hostileRejects, memberHashes, seedImport, sha256 } from '../helpers/list-data.js';
import { useTempDirs } from '../helpers/temp.js';
import { orphanHashSets } from '../helpers/set-ownership.js';

const tempDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function open(): Core {
  const core = new Core({ dataDir: tempDir(), surface: 'cli' });
  cores.push(core);
  return core;
}

async function call<K extends RequestName>(core: Core, channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as OutputOf<K>;
}

async function failure(core: Core, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await dispatch(handlers, channel, input, { core });
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

const ALICE = 'alice@example.com';
const GAID = '38400000-8cf0-11bd-b23e-10b96e40000d';
const IDFA = 'EA7583CD-A667-48BC-B806-42ECB2B48606';

describe('lists.list and lists.get', () => {
  it('lists audiences by name with sizes, totals and the newest import; never the suppression list', async () => {
    const core = open();
    expect(await call(core, 'lists.list', {})).toEqual([]);
    const buyers = seedImport(core.db, 'Buyers', { members: { email: memberHashes(10, 1), gaid: memberHashes(3, 2) }, fileName: 'first.csv' });
    const second = seedImport(core.db, 'Buyers', { members: { email: memberHashes(4, 3) }, mode: 'add', fileName: 'second.csv' });
    seedImport(core.db, 'anglers', { members: { idfa: memberHashes(7, 4) } });
    seedImport(core.db, '', { members: { email: memberHashes(5, 5) }, suppression: true });
    core.db.prepare("INSERT INTO lists (name, role, created_at, updated_at) VALUES ('Empty', 'audience', 'x', 'x')").run();

    const lists = await call(core, 'lists.list', {});
    expect(lists.map((list) => list.name)).toEqual(['anglers', 'Buyers', 'Empty']);
    const b = lists[1]!;
    expect(b).toMatchObject({ id: buyers.listId, members: { email: 14, gaid: 3, idfa: 0 }, total: 17 });
    expect(b.lastImport).toMatchObject({ id: second.importId, fileName: 'second.csv', added: 4, removed: 0 });
    expect(lists[0]).toMatchObject({ members: { email: 0, gaid: 0, idfa: 7 }, total: 7 });
    expect(lists[2]).toMatchObject({ members: { email: 0, gaid: 0, idfa: 0 }, total: 0, lastImport: null });
  });

  it('gives one list with its import history, newest first, and stored rejects per import', async () => {
    const core = open();
    const first = seedImport(core.db, 'Buyers', { members: { email: memberHashes(10, 1) }, rejects: hostileRejects(3), fileName: 'a.csv' });
    const second = seedImport(core.db, 'Buyers', {
      members: { email: memberHashes(2, 9) },
      mode: 'replace',
      rejects: [{ rowNumber: 4, column: 'gaid', reason: 'zeroed_ad_id', rawValue: '00000000-0000-0000-0000-000000000000' }],
      fileName: 'b.csv',
    });
    const detail = await call(core, 'lists.get', { listId: first.listId });
    expect(detail).toMatchObject({ id: first.listId, name: 'Buyers', members: { email: 2, gaid: 0, idfa: 0 }, total: 2, rejectsStored: 4 });
    expect(detail.imports.map((record) => record.id)).toEqual([second.importId, first.importId]);
    expect(detail.imports[0]).toMatchObject({
      mode: 'replace',
      fileName: 'b.csv',
      fileSize: 1234,
      fileSha256: 'ab'.repeat(32),
      rowsRead: 3,
      valid: 2,
      rejected: 1,
      added: 2,
      removed: 10,
      rejectReasons: { zeroed_ad_id: 1 },
      membersAfter: { email: 2, gaid: 0, idfa: 0 },
      rejectsStored: 1,
      durationMs: 1500,
      format: { type: 'csv', delimiter: ',' },
    });
    expect(detail.imports[1]).toMatchObject({ rejectReasons: { missing_at: 3 }, rejectsStored: 3, added: 10 });
    expect(detail.lastImport?.id).toBe(second.importId);
  });

  it('refuses unknown lists and malformed input', async () => {
    const core = open();
    expect(await failure(core, 'lists.get', { listId: 42 })).toMatchObject({ code: 'LIST_NOT_FOUND' });
    expect(await failure(core, 'lists.get', { listId: '1' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'lists.get', { listId: 0 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'lists.get', { listId: 1, extra: true })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'lists.list', { verbose: true })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists 50 lists with their sizes and newest imports', async () => {
    const core = open();
    for (let i = 0; i < 50; i++) {
      const name = `List ${String(i).padStart(2, '0')}`;
      seedImport(core.db, name, { members: { email: memberHashes(100 + i, i + 1) }, fileName: `old-${i}.csv` });
      seedImport(core.db, name, { members: { gaid: memberHashes(i, 1000 + i) }, mode: 'add', fileName: `new-${i}.csv` });
    }
    const lists = await call(core, 'lists.list', {});
    expect(lists).toHaveLength(50);
    lists.forEach((list, i) => {
      expect(list.name).toBe(`List ${String(i).padStart(2, '0')}`);
      expect(list.members).toEqual({ email: 100 + i, gaid: i, idfa: 0 });
      expect(list.total).toBe(100 + 2 * i);
      expect(list.lastImport?.fileName).toBe(`new-${i}.csv`);
    });
  });
});

describe('lists.members', () => {
  it('pages through the sorted hashes, across stored chunk boundaries and to the end', async () => {
    const core = open();
    const members = memberHashes(2 * SET_CHUNK_HASHES + 5, 7);
    const all = hexList(members);
    const { listId } = seedImport(core.db, 'Big', { members: { email: members } });
    const across = await call(core, 'lists.members', { listId, kind: 'email', offset: SET_CHUNK_HASHES - 3, limit: 10 });
    expect(across).toEqual({ total: all.length, offset: SET_CHUNK_HASHES - 3, hashes: all.slice(SET_CHUNK_HASHES - 3, SET_CHUNK_HASHES + 7) });
    const first = await call(core, 'lists.members', { listId, kind: 'email', offset: 0, limit: 500 });
    expect(first.hashes).toEqual(all.slice(0, 500));
    const last = await call(core, 'lists.members', { listId, kind: 'email', offset: all.length - 2, limit: 500 });
    expect(last.hashes).toEqual(all.slice(-2));
    const exactlyAtChunk = await call(core, 'lists.members', { listId, kind: 'email', offset: 2 * SET_CHUNK_HASHES, limit: 5 });
    expect(exactlyAtChunk.hashes).toEqual(all.slice(2 * SET_CHUNK_HASHES));
    const past = await call(core, 'lists.members', { listId, kind: 'email', offset: all.length + 10, limit: 5 });
    expect(past).toEqual({ total: all.length, offset: all.length + 10, hashes: [] });
    expect(await call(core, 'lists.members', { listId, kind: 'idfa', offset: 0, limit: 5 })).toEqual({ total: 0, offset: 0, hashes: [] });
  });

  it('refuses pages over 500, empty pages, negative offsets, unknown kinds and lists', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'Small', { members: { email: memberHashes(3, 1) } });
    for (const input of [
      { listId, kind: 'email', offset: 0, limit: 501 },
      { listId, kind: 'email', offset: 0, limit: 0 },
      { listId, kind: 'email', offset: -1, limit: 5 },
      { listId, kind: 'email', offset: 0.5, limit: 5 },
      { listId, kind: 'phone', offset: 0, limit: 5 },
      { listId, kind: 'email', offset: 0 },
    ]) {
      expect(await failure(core, 'lists.members', input)).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await failure(core, 'lists.members', { listId: 99, kind: 'email', offset: 0, limit: 5 })).toMatchObject({ code: 'LIST_NOT_FOUND' });
  });
});

describe('lists.lookup', () => {
  it('normalizes and hashes the typed value, and tells whether the list has it', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'People', {
      members: { email: memberHashes(1000, 3, [ALICE]), gaid: memberHashes(10, 4, [GAID]), idfa: memberHashes(10, 5, [IDFA]) },
    });
    const found = await call(core, 'lists.lookup', { listId, kind: 'email', value: '  mailto:Alice@Example.COM\u00a0' });
    expect(found).toMatchObject({ normalized: ALICE, hash: sha256(ALICE).toString('hex'), prehashed: false, found: true, suppressed: false });
    const missing = await call(core, 'lists.lookup', { listId, kind: 'email', value: 'bob@example.com' });
    expect(missing).toMatchObject({ normalized: 'bob@example.com', hash: sha256('bob@example.com').toString('hex'), prehashed: false, found: false });
    const prehashed = await call(core, 'lists.lookup', { listId, kind: 'email', value: sha256(ALICE).toString('hex').toUpperCase() });
    expect(prehashed).toMatchObject({ prehashed: true, found: true, hash: sha256(ALICE).toString('hex') });
    expect(await call(core, 'lists.lookup', { listId, kind: 'gaid', value: GAID.toUpperCase() })).toMatchObject({ normalized: GAID, found: true });
    expect(await call(core, 'lists.lookup', { listId, kind: 'idfa', value: IDFA.toLowerCase() })).toMatchObject({ normalized: IDFA, found: true });
    // The same ID under the other kind is hashed in that kind's case, and is not a member there.
    expect(await call(core, 'lists.lookup', { listId, kind: 'idfa', value: GAID })).toMatchObject({ found: false });
  });

  it('returns the reason for a value that is not valid for the kind', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'People', { members: { email: memberHashes(5, 3) } });
    expect(await call(core, 'lists.lookup', { listId, kind: 'email', value: 'not-an-email' })).toMatchObject({ rejected: 'missing_at', reasonLabel: 'No @ in the email' });
    expect(await call(core, 'lists.lookup', { listId, kind: 'email', value: '' })).toMatchObject({ rejected: 'empty' });
    expect(await call(core, 'lists.lookup', { listId, kind: 'email', value: 'd41d8cd98f00b204e9800998ecf8427e' })).toMatchObject({ rejected: 'unsupported_hash' });
    expect(await call(core, 'lists.lookup', { listId, kind: 'gaid', value: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ rejected: 'zeroed_ad_id', rejectedRows: [] });
    expect(await call(core, 'lists.lookup', { listId, kind: 'gaid', value: 'nope' })).toMatchObject({ rejected: 'bad_ad_id' });
    expect(await failure(core, 'lists.lookup', { listId, kind: 'email', value: 'x'.repeat(1001) })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'lists.lookup', { listId: 77, kind: 'email', value: ALICE })).toMatchObject({ code: 'LIST_NOT_FOUND' });
  });

  it('neither stores nor logs the typed value', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'People', { members: { email: memberHashes(5, 3) } });
    const secret = 'private.person.lookup@example.org';
    const logged: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(...args)),
    );
    try {
      await call(core, 'lists.lookup', { listId, kind: 'email', value: secret });
      await failure(core, 'lists.lookup', { listId: 12345, kind: 'email', value: secret });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(JSON.stringify(logged)).not.toContain('private.person');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of fs.readdirSync(core.dataDir)) {
      const full = path.join(core.dataDir, file);
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(Buffer.from('private.person'))).toBe(false);
    }
  });
});

describe('rejects: page, purge, export', () => {
  it('pages the rejected rows of all imports (oldest import first, row order) or of one', async () => {
    const core = open();
    const first = seedImport(core.db, 'Buyers', { members: { email: memberHashes(5, 1) }, rejects: hostileRejects(7, 2).reverse() });
    const second = seedImport(core.db, 'Buyers', { members: { email: memberHashes(5, 2) }, rejects: hostileRejects(3, 100) });
    const other = seedImport(core.db, 'Other', { members: { email: memberHashes(5, 3) }, rejects: hostileRejects(2) });
    const all = await call(core, 'lists.rejects', { listId: first.listId, offset: 0, limit: 500 });
    expect(all.total).toBe(10);
    expect(all.rows.map((row) => [row.importId, row.rowNumber])).toEqual([
      ...[2, 3, 4, 5, 6, 7, 8].map((n) => [first.importId, n]),
      ...[100, 101, 102].map((n) => [second.importId, n]),
    ]);
    expect(all.rows[0]).toEqual({
      importId: first.importId,
      rowNumber: 2,
      column: 'email',
      reason: 'missing_at',
      reasonLabel: 'No @ in the email',
      rawValue: '=HYPERLINK("http://x")',
      extra: null,
    });
    const page = await call(core, 'lists.rejects', { listId: first.listId, offset: 6, limit: 2 });
    expect(page).toMatchObject({ total: 10, rows: all.rows.slice(6, 8) });
    const one = await call(core, 'lists.rejects', { listId: first.listId, importId: second.importId, offset: 0, limit: 10 });
    expect(one.total).toBe(3);
    expect(one.rows.every((row) => row.importId === second.importId)).toBe(true);
    expect(await failure(core, 'lists.rejects', { listId: first.listId, importId: other.importId, offset: 0, limit: 10 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(core, 'lists.rejects', { listId: first.listId, offset: 0, limit: 501 })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('purges the stored rejects of one list only, keeping the history and its counts', async () => {
    const core = open();
    const buyers = seedImport(core.db, 'Buyers', { members: { email: memberHashes(5, 1) }, rejects: hostileRejects(7) });
    const other = seedImport(core.db, 'Other', { members: { email: memberHashes(5, 3) }, rejects: hostileRejects(2) });
    expect(await call(core, 'lists.purgeRejects', { listId: buyers.listId })).toEqual({ purged: 7 });
    expect(await call(core, 'lists.purgeRejects', { listId: buyers.listId })).toEqual({ purged: 0 });
    expect((await call(core, 'lists.rejects', { listId: buyers.listId, offset: 0, limit: 10 })).total).toBe(0);
    const detail = await call(core, 'lists.get', { listId: buyers.listId });
    expect(detail.rejectsStored).toBe(0);
    expect(detail.imports[0]).toMatchObject({ rejected: 7, rejectReasons: { missing_at: 7 }, rejectsStored: 0 });
    expect((await call(core, 'lists.rejects', { listId: other.listId, offset: 0, limit: 10 })).total).toBe(2);
    expect(await failure(core, 'lists.purgeRejects', { listId: 999 })).toMatchObject({ code: 'LIST_NOT_FOUND' });
  });

  it('exports rejects as a spreadsheet-safe CSV in exports/', async () => {
    const core = open();
    const first = seedImport(core.db, 'Buyers / 2025', { members: { email: memberHashes(5, 1) }, rejects: hostileRejects(2500) });
    const second = seedImport(core.db, 'Buyers / 2025', { members: { email: memberHashes(5, 2) }, rejects: hostileRejects(4, 9000) });
    const file = await call(core, 'lists.exportRejects', { listId: first.listId });
    expect(path.dirname(file.path)).toBe(path.join(core.dataDir, 'exports'));
    expect(path.basename(file.path)).toBe(file.fileId);
    expect(file.fileId).toMatch(/^buyers-2025-rejects-\d{8}-\d{6}z-[0-9a-f]{8}\.csv$/);
    expect(file.rows).toBe(2504);
    const bytes = fs.readFileSync(file.path);
    expect(file.bytes).toBe(bytes.length);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8').slice(1);
    expect(text.startsWith('import_id,row_number,column,reason,reason_label,raw_value\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(2505);
    expect(rows[1]).toEqual([String(first.importId), '2', 'email', 'missing_at', 'No @ in the email', `'=HYPERLINK("http://x")`]);
    expect(rows[2]![5]).toBe("'@SUM(1)");
    expect(rows[3]![5]).toBe("'-2+3");
    expect(rows[4]![5]).toBe('say "hi", twice');
    expect(rows[5]![5]).toBe('two\nlines');
    expect(rows.at(-1)).toEqual([String(second.importId), '9003', 'email', 'missing_at', 'No @ in the email', 'say "hi", twice']);
    for (const row of rows.slice(1)) expect(row[5]).not.toMatch(/^[=+\-@\t\r]/);

    const onlySecond = await call(core, 'lists.exportRejects', { listId: first.listId, importId: second.importId });
    expect(onlySecond.rows).toBe(4);
    expect(onlySecond.fileId).not.toBe(file.fileId);
    expect(await failure(core, 'lists.exportRejects', { listId: first.listId, importId: 999 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.readdirSync(path.join(core.dataDir, 'exports')).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('lists.exportHashes', () => {
  it('writes the hashes of one kind, one per line, no header, sorted, across chunks', async () => {
    const core = open();
    const members = memberHashes(SET_CHUNK_HASHES * 3 + 17, 11);
    const { listId } = seedImport(core.db, 'Ads', { members: { email: members, gaid: memberHashes(2, 1) } });
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const file = await call(core, 'lists.exportHashes', { listId, kind: 'email' });
    ticking = false;
    // The export awaited the event loop between chunks instead of holding it for the whole file.
    expect(turns).toBeGreaterThanOrEqual(3);
    const text = fs.readFileSync(file.path, 'latin1');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toEqual(hexList(members));
    expect(file).toMatchObject({ rows: lines.length, bytes: lines.length * 65 });
    expect(file.fileId).toMatch(/^ads-email-hashes-.*\.csv$/);
    expect(await failure(core, 'lists.exportHashes', { listId, kind: 'idfa' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(core, 'lists.exportHashes', { listId, kind: 'maid' })).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('lists.rename and lists.delete', () => {
  it('renames, refusing a taken name (ignoring case), an empty one and the suppression list', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'Buyers', { members: { email: memberHashes(3, 1) } });
    seedImport(core.db, 'Sellers', { members: { email: memberHashes(3, 2) } });
    const renamed = await call(core, 'lists.rename', { listId, name: '  Big buyers ' });
    expect(renamed).toMatchObject({ id: listId, name: 'Big buyers', members: { email: 3 }, total: 3 });
    expect(renamed.lastImport).not.toBeNull();
    expect(await failure(core, 'lists.rename', { listId, name: 'SELLERS' })).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(core, 'lists.rename', { listId, name: '   ' })).toMatchObject({ code: 'INVALID_INPUT' });
    const suppression = seedImport(core.db, '', { members: { email: memberHashes(3, 3) }, suppression: true });
    expect(await failure(core, 'lists.rename', { listId: suppression.listId, name: 'x' })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('deletes a list with its members, history and rejects, and never the suppression list', async () => {
    const core = open();
    const { listId } = seedImport(core.db, 'Buyers', { members: { email: memberHashes(30, 1) }, rejects: hostileRejects(4) });
    const kept = seedImport(core.db, 'Sellers', { members: { email: memberHashes(3, 2) } });
    const setsBefore = core.db.prepare('SELECT count(*) FROM hash_sets').pluck().get() as number;
    expect(await call(core, 'lists.delete', { listId })).toEqual({ deleted: true });
    expect((await call(core, 'lists.list', {})).map((list) => list.id)).toEqual([kept.listId]);
    expect(await failure(core, 'lists.get', { listId })).toMatchObject({ code: 'LIST_NOT_FOUND' });
    expect(await failure(core, 'lists.delete', { listId })).toMatchObject({ code: 'LIST_NOT_FOUND' });
    // Its member set, which is also its import's change set (what the import added), goes with it.
    expect(core.db.prepare('SELECT count(*) FROM hash_sets').pluck().get()).toBe(setsBefore - 1);
    expect(orphanHashSets(core.db)).toEqual([]);
    expect(core.db.prepare('SELECT count(*) FROM rejects').pluck().get()).toBe(0);
    const suppression = seedImport(core.db, '', { members: { email: memberHashes(3, 3) }, suppression: true });
    expect(await failure(core, 'lists.delete', { listId: suppression.listId })).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('suppression.summary and suppression.remove', () => {
  it('summarises an absent suppression list as empty', async () => {
    const core = open();
    expect(await call(core, 'suppression.summary', {})).toEqual({
      listId: null,
      members: { email: 0, gaid: 0, idfa: 0 },
      total: 0,
      lastImport: null,
      updatedAt: null,
    });
    expect(await call(core, 'suppression.remove', { kind: 'email', value: ALICE })).toMatchObject({ removed: false, total: 0 });
  });

  it('removes one person, in a new set, leaving everyone else', async () => {
    const core = open();
    const members = memberHashes(SET_CHUNK_HASHES + 100, 21, [ALICE]);
    const { listId, importId } = seedImport(core.db, '', { members: { email: members, gaid: memberHashes(4, 2) }, suppression: true, fileName: 'optouts.csv' });
    const before = await call(core, 'suppression.summary', {});
    expect(before).toMatchObject({ listId, members: { email: SET_CHUNK_HASHES + 101, gaid: 4, idfa: 0 }, total: SET_CHUNK_HASHES + 105 });
    expect(before.lastImport).toMatchObject({ id: importId, fileName: 'optouts.csv' });
    expect(await call(core, 'lists.lookup', { listId, kind: 'email', value: ALICE })).toMatchObject({ found: true });

    const removal = await call(core, 'suppression.remove', { kind: 'email', value: ' ALICE@example.com ' });
    expect(removal).toEqual({ hash: sha256(ALICE).toString('hex'), removed: true, members: { email: SET_CHUNK_HASHES + 100, gaid: 4, idfa: 0 }, total: SET_CHUNK_HASHES + 104 });
    expect(await call(core, 'lists.lookup', { listId, kind: 'email', value: ALICE })).toMatchObject({ found: false });
    const left: string[] = [];
    for (let offset = 0; offset < SET_CHUNK_HASHES + 100; offset += 500) {
      left.push(...(await call(core, 'lists.members', { listId, kind: 'email', offset, limit: 500 })).hashes);
    }
    expect(left).toEqual(hexList(members).filter((hex) => hex !== sha256(ALICE).toString('hex')));
    // The list's two member sets, and the old email set, kept only as what its import added.
    expect(core.db.prepare('SELECT count(*) FROM hash_sets').pluck().get()).toBe(3);
    expect(orphanHashSets(core.db)).toEqual([]);

    expect(await call(core, 'suppression.remove', { kind: 'email', value: ALICE })).toMatchObject({ removed: false, total: SET_CHUNK_HASHES + 104 });
    expect(await call(core, 'suppression.remove', { kind: 'gaid', value: 'not an id' })).toEqual({ rejected: 'bad_ad_id' });
    expect(await failure(core, 'suppression.remove', { kind: 'email' })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('can empty a kind entirely', async () => {
    const core = open();
    seedImport(core.db, '', { members: { idfa: memberHashes(0, 1, [IDFA]) }, suppression: true });
    expect(await call(core, 'suppression.remove', { kind: 'idfa', value: IDFA })).toMatchObject({ removed: true, total: 0 });
    expect((await call(core, 'suppression.summary', {})).members.idfa).toBe(0);
  });
});

describe('settings', () => {
  it('reads defaults and changes only the keys given', async () => {
    const core = open();
    expect(await call(core, 'settings.get', {})).toEqual(defaultSettings);
    expect(await call(core, 'settings.update', { theme: 'dark' })).toMatchObject({ theme: 'dark', batchSize: defaultSettings.batchSize });
    const updated = await call(core, 'settings.update', { batchSize: 500 });
    expect(updated).toMatchObject({ theme: 'dark', batchSize: 500 });
    expect(await call(core, 'settings.get', {})).toEqual(updated);
    expect(await failure(core, 'settings.update', { batchSize: 0 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'settings.update', { colour: 'red' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(core, 'settings.update', { keepPlaintext: 'yes' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await call(core, 'settings.get', {})).batchSize).toBe(500);
  });
});
