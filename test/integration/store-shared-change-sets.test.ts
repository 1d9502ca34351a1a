/**
 * Migration 7: an import's change set that is a whole member set (a first import adds everyone,
 * a replace that empties a kind removes everyone) is that set, stored once, and a set is deleted
 * only once neither a list nor any import holds it.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/open.js';
import { migrations } from '../../electron/core/db/migrations.js';
import { migrate } from '../../electron/core/db/open.js';
import { commitImport, type CommitImportParams } from '../../electron/core/store/commit.js';
import { createList, currentSet, deleteList, suppressionList } from '../../electron/core/store/lists.js';
import { removeFromSuppression } from '../../electron/core/lists/suppression.js';
import { hashTypedValue } from '../../electron/core/lists/lookup.js';
import { hexesToBuffer, hexList, randomChunks, randomHashes, sortedUnique } from '../helpers/hash-data.js';
import { orphanHashSets, recordedChanges, setContent } from '../helpers/set-ownership.js';
import { useTempDatabases, useTempDirs } from '../helpers/temp.js';

const openDb = useTempDatabases();
const tempDir = useTempDirs();
const pool = sortedUnique(hexList(randomHashes(50_000, 7)));

function commit(db: Db, listId: number, mode: CommitImportParams['mode'], hexes: string[], kind: 'email' | 'gaid' = 'email', alsoEmpty: 'gaid' | null = null): void {
  const sorted = sortedUnique(hexes);
  commitImport(db, {
    listId,
    mode,
    incoming: [{ kind, hashes: randomChunks(hexesToBuffer(sorted), sorted.length, 3000) }, ...(alsoEmpty ? [{ kind: alsoEmpty, hashes: [] }] : [])],
    file: { name: `${mode}.csv`, size: 1, sha256: 'cd'.repeat(32) },
    mapping: [{ column: 'Email', kind }],
    format: { delimiter: ',', encoding: 'utf-8' },
    rowsRead: sorted.length,
    valid: sorted.length,
    rejected: 0,
    duplicates: 0,
    rejectReasons: {},
    durationMs: 1,
  });
}

const storedBytes = (db: Db): number => db.prepare('SELECT coalesce(sum(length(data)), 0) FROM hash_set_chunks').pluck().get() as number;
const countOf = (db: Db, table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('change sets shared with member sets (migration 7)', () => {
  it('a first import stores its members once: the list and the import hold the same set', () => {
    const db = openDb();
    const list = createList(db, 'Buyers');
    commit(db, list.id, 'replace', pool.slice(0, 40_000));
    const members = currentSet(db, list.id, 'email')!;
    const [first] = recordedChanges(db, list.id, 'email');
    expect(first!.added!.equals(hexesToBuffer(pool.slice(0, 40_000)))).toBe(true);
    expect(db.prepare('SELECT added_set_id FROM import_changes').pluck().get()).toBe(members.setId);
    expect(storedBytes(db)).toBe(40_000 * 32);

    // The next import replaces the members; the first set stays as what import 1 added.
    commit(db, list.id, 'replace', pool.slice(10_000, 45_000));
    const changes = recordedChanges(db, list.id, 'email');
    expect(changes[0]!.added!.equals(hexesToBuffer(pool.slice(0, 40_000)))).toBe(true);
    expect(changes[1]!.added!.equals(hexesToBuffer(pool.slice(40_000, 45_000)))).toBe(true);
    expect(changes[1]!.removed!.equals(hexesToBuffer(pool.slice(0, 10_000)))).toBe(true);
    expect(orphanHashSets(db)).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('a replace that empties a kind keeps the old set as what it removed, and deleting the list leaves no set behind', () => {
    const db = openDb();
    const keep = createList(db, 'Keep');
    commit(db, keep.id, 'replace', pool.slice(0, 1_000));
    const list = createList(db, 'Buyers');
    commit(db, list.id, 'replace', pool.slice(0, 20_000), 'gaid');
    const gaidSet = currentSet(db, list.id, 'gaid')!.setId;
    commit(db, list.id, 'replace', pool.slice(20_000, 21_000), 'email', 'gaid');
    // The email file had no ad IDs: every gaid member is removed, and that change is the old set itself.
    const removedGaid = db
      .prepare("SELECT removed_set_id FROM import_changes c JOIN imports i ON i.id = c.import_id WHERE i.list_id = ? AND c.kind = 'gaid' AND removed_set_id IS NOT NULL")
      .pluck()
      .get(list.id);
    expect(removedGaid).toBe(gaidSet);
    expect(setContent(db, gaidSet).equals(hexesToBuffer(pool.slice(0, 20_000)))).toBe(true);
    expect(orphanHashSets(db)).toEqual([]);

    expect(deleteList(db, list.id)).toBe(true);
    expect(orphanHashSets(db)).toEqual([]);
    // Only the other list's set (its members and its first import's change) is left.
    expect(countOf(db, 'hash_sets')).toBe(1);
    expect(storedBytes(db)).toBe(1_000 * 32);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('taking someone off the suppression list keeps the set its first import added', () => {
    const db = openDb();
    const suppression = suppressionList(db);
    const hashed = hashTypedValue('email', 'someone@example.com');
    if (!hashed.ok) throw new Error('the test address should be valid');
    commit(db, suppression.id, 'add', [hashed.hash.toString('hex'), ...pool.slice(0, 500)]);
    const firstSet = currentSet(db, suppression.id, 'email')!.setId;
    expect(removeFromSuppression(db, 'email', 'someone@example.com')).toMatchObject({ removed: true });
    expect(currentSet(db, suppression.id, 'email')!.size).toBe(500);
    expect(db.prepare('SELECT added_set_id FROM import_changes').pluck().get()).toBe(firstSet);
    expect(setContent(db, firstSet).length).toBe(501 * 32);
    expect(orphanHashSets(db)).toEqual([]);
  });

  it('migrates a version-6 database: its change sets are kept, and deleted with their import unless still held', () => {
    const db = new Database(path.join(tempDir(), 'v6.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((migration) => migration.version <= 6));
    const now = new Date().toISOString();
    const list = Number(db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('a', ?, ?)").run(now, now).lastInsertRowid);
    const newImport = (): number =>
      Number(
        db
          .prepare(
            `INSERT INTO imports (list_id, file_name, file_size, file_sha256, mode, mapping_json, format_json, rows_read, valid, rejected,
              duplicates, suppressed, added, removed, reject_reasons_json, members_after_json, duration_ms, created_at)
             VALUES (?, 'f.csv', 1, 'x', 'replace', '[]', '{}', 1, 1, 0, 0, 0, 1, 0, '{}', '{}', 1, ?)`,
          )
          .run(list, now).lastInsertRowid,
      );
    const set = (): number => Number(db.prepare("INSERT INTO hash_sets (kind, size, created_at) VALUES ('email', 0, ?)").run(now).lastInsertRowid);
    const oldImport = newImport();
    const oldAdded = set();
    db.prepare("INSERT INTO import_changes VALUES (?, 'email', ?, NULL)").run(oldImport, oldAdded);

    migrate(db, migrations);
    expect(db.prepare('PRAGMA user_version').pluck().get()).toBe(migrations.length);
    // A set held by a list and by an import, as migration 7 stores a first import.
    const shared = set();
    db.prepare("INSERT INTO list_members VALUES (?, 'email', ?)").run(list, shared);
    const sharedImport = newImport();
    db.prepare("INSERT INTO import_changes VALUES (?, 'email', ?, NULL)").run(sharedImport, shared);

    db.prepare('DELETE FROM import_changes WHERE import_id = ?').run(oldImport);
    expect(db.prepare('SELECT count(*) FROM hash_sets WHERE id = ?').pluck().get(oldAdded)).toBe(0);
    db.prepare('DELETE FROM import_changes WHERE import_id = ?').run(sharedImport);
    expect(db.prepare('SELECT count(*) FROM hash_sets WHERE id = ?').pluck().get(shared)).toBe(1);
    db.close();
  });
});
