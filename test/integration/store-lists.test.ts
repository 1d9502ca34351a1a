import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/open.js';
import { commitImport } from '../../electron/core/store/commit.js';
import { hashesOf } from '../../electron/core/store/merge.js';
import {
  createList,
  currentSet,
  deleteList,
  findListByName,
  getList,
  listLists,
  renameList,
  requireList,
  suppressionList,
} from '../../electron/core/store/lists.js';
import { hexesToBuffer, hexList, randomHashes, sortedUnique } from '../helpers/hash-data.js';
import { useTempDatabases } from '../helpers/temp.js';

const openDb = useTempDatabases();

function sorted(count: number, seed: number): Buffer {
  return hexesToBuffer(sortedUnique(hexList(randomHashes(count, seed))));
}

function fill(db: Db, listId: number, kind: 'email' | 'gaid' | 'idfa', members: Buffer): void {
  commitImport(db, {
    listId,
    mode: 'replace',
    incoming: [{ kind, hashes: hashesOf(members) }],
    file: { name: 'f.csv', size: 1, sha256: 'x' },
    mapping: {},
    format: {},
    rowsRead: members.length / 32,
    valid: members.length / 32,
    rejected: 0,
    rejectReasons: {},
    rejects: [{ rowNumber: 2, column: 'email', reason: 'missing_at', rawValue: 'nobody' }],
    durationMs: 1,
  });
}

describe('list store', () => {
  it('creates, finds (ignoring case), renames and refuses duplicate names', () => {
    const db = openDb();
    const list = createList(db, '  Newsletter ');
    expect(list).toMatchObject({ name: 'Newsletter', role: 'audience' });
    expect(getList(db, list.id)).toEqual(list);
    expect(findListByName(db, 'NEWSLETTER')?.id).toBe(list.id);
    expect(() => createList(db, 'newsletter')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => createList(db, '   ')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const other = createList(db, 'Buyers');
    expect(() => renameList(db, other.id, 'NewsLetter')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(renameList(db, list.id, 'newsletter')).toMatchObject({ id: list.id, name: 'newsletter' });
    expect(renameList(db, list.id, 'Weekly')).toMatchObject({ name: 'Weekly' });
    expect(findListByName(db, 'Newsletter')).toBeUndefined();
    expect(() => requireList(db, 999)).toThrow(expect.objectContaining({ code: 'LIST_NOT_FOUND' }));
    expect(getList(db, 999)).toBeUndefined();
  });

  it('has one suppression list, made on demand, never listed, whose name does not block an audience', () => {
    const db = openDb();
    const first = suppressionList(db);
    expect(first.role).toBe('suppression');
    expect(suppressionList(db).id).toBe(first.id);
    const audience = createList(db, first.name);
    expect(audience.id).not.toBe(first.id);
    expect(findListByName(db, first.name)?.id).toBe(audience.id);
    expect(listLists(db).map((list) => list.id)).toEqual([audience.id]);
    expect(() => renameList(db, first.id, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('lists lists by name with member counts per kind', () => {
    const db = openDb();
    const b = createList(db, 'b list');
    const a = createList(db, 'A list');
    createList(db, 'empty');
    fill(db, a.id, 'email', sorted(3000, 1));
    fill(db, a.id, 'gaid', sorted(1200, 2));
    fill(db, b.id, 'idfa', sorted(10, 3));
    fill(db, suppressionList(db).id, 'email', sorted(5, 4));
    const lists = listLists(db);
    expect(lists.map((list) => list.name)).toEqual(['A list', 'b list', 'empty']);
    expect(lists[0]).toMatchObject({ members: { email: 3000, gaid: 1200, idfa: 0 }, total: 4200 });
    expect(lists[1]).toMatchObject({ members: { email: 0, gaid: 0, idfa: 10 }, total: 10 });
    expect(lists[2]).toMatchObject({ members: { email: 0, gaid: 0, idfa: 0 }, total: 0 });
    expect(currentSet(db, a.id, 'gaid')?.size).toBe(1200);
    expect(currentSet(db, a.id, 'idfa')).toBeUndefined();
  });

  it('deleting a list removes its sets, chunks, imports, rejects and plaintext, and nothing else', () => {
    const db = openDb();
    const keep = createList(db, 'keep');
    const drop = createList(db, 'drop');
    fill(db, keep.id, 'email', sorted(20_000, 5));
    fill(db, drop.id, 'email', sorted(20_000, 6));
    fill(db, drop.id, 'gaid', sorted(100, 7));
    db.prepare("INSERT INTO member_plaintext VALUES (?, 'email', zeroblob(32), 'a@b.c')").run(drop.id);
    const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    // Each list's member sets, each also its first import's change set (what it added): stored once.
    expect(count('hash_sets')).toBe(3);
    expect(deleteList(db, drop.id)).toBe(true);
    expect(deleteList(db, drop.id)).toBe(false);
    expect(count('hash_sets')).toBe(1);
    expect(count('hash_set_chunks')).toBe(2);
    expect(count('imports')).toBe(1);
    expect(count('rejects')).toBe(1);
    expect(count('member_plaintext')).toBe(0);
    expect(listLists(db).map((list) => [list.name, list.total])).toEqual([['keep', 20_000]]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
