import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations.js';
import { migrate, schemaVersion } from '../../electron/core/db/open.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

const count = (db: Database.Database, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('migration 6: import changes, suppressed-count cache, list preferences, rejects extra column', () => {
  it('keeps existing imports and rejects, and its tables clean up after their owners', () => {
    const db = new Database(path.join(tempDir(), 'v6.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((migration) => migration.version < 6));
    const now = new Date().toISOString();
    const list = db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('a', ?, ?)").run(now, now).lastInsertRowid;
    const oldImport = db
      .prepare(
        `INSERT INTO imports (list_id, file_name, file_size, file_sha256, mode, mapping_json, format_json, rows_read, valid, rejected,
          duplicates, suppressed, added, removed, reject_reasons_json, members_after_json, duration_ms, created_at)
         VALUES (?, 'f.csv', 1, 'x', 'replace', '[]', '{}', 1, 0, 1, 0, 0, 0, 0, '{}', '{}', 1, ?)`,
      )
      .run(list, now).lastInsertRowid;
    db.prepare("INSERT INTO rejects VALUES (?, 2, 'email', 'missing_at', 'nobody')").run(oldImport);

    migrate(db, migrations.filter((migration) => migration.version <= 6));
    expect(schemaVersion(db)).toBe(6);
    // Old rows read with the new columns' defaults.
    expect(db.prepare('SELECT removed_suppressed, reject_extra_column FROM imports').get()).toEqual({ removed_suppressed: 0, reject_extra_column: null });
    expect(db.prepare('SELECT extra_value FROM rejects').get()).toEqual({ extra_value: null });

    const set = (): number => Number(db.prepare("INSERT INTO hash_sets (kind, size, created_at) VALUES ('email', 0, ?)").run(now).lastInsertRowid);
    const added = set();
    const removed = set();
    db.prepare("INSERT INTO import_changes VALUES (?, 'email', ?, ?)").run(oldImport, added, removed);
    const members = set();
    const suppression = set();
    db.prepare('INSERT INTO suppressed_counts VALUES (?, ?, 7)').run(members, suppression);
    db.prepare("INSERT INTO list_preferences VALUES (?, '549755885175', ?)").run(list, now);

    // A cached count goes with either of its sets.
    db.prepare('DELETE FROM hash_sets WHERE id = ?').run(suppression);
    expect(count(db, 'SELECT count(*) FROM suppressed_counts')).toBe(0);
    // Deleting the list takes its imports, their change rows and their change sets, and its preferences.
    db.prepare('DELETE FROM lists WHERE id = ?').run(list);
    expect(count(db, 'SELECT count(*) FROM import_changes')).toBe(0);
    expect(count(db, `SELECT count(*) FROM hash_sets WHERE id IN (${added}, ${removed})`)).toBe(0);
    expect(count(db, 'SELECT count(*) FROM list_preferences')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM hash_sets')).toBe(1);
    db.close();
  });
});
