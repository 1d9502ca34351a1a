import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/db/migrations.js';
import { migrate, openDatabase, schemaVersion } from '../../electron/core/db/open.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
}

describe('schema migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('open a new database in WAL mode with foreign keys on, at the latest version', () => {
    const db = openDatabase(path.join(tempDir(), 'pinlist.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('apply each migration on top of the previous one, and re-running is a no-op', () => {
    const db = new Database(path.join(tempDir(), 'step.db'));
    for (const migration of migrations) {
      migrate(db, migrations.filter((candidate) => candidate.version <= migration.version));
      expect(schemaVersion(db)).toBe(migration.version);
    }
    const before = tables(db);
    migrate(db, migrations);
    expect(tables(db)).toEqual(before);
    db.close();
  });

  it('migration 1 creates lists, hash sets, imports and rejects, and cascades list deletion', () => {
    const db = new Database(path.join(tempDir(), 'v1.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((migration) => migration.version <= 1));
    expect(tables(db)).toEqual(expect.arrayContaining(['lists', 'hash_sets', 'hash_set_chunks', 'list_members', 'imports', 'rejects', 'member_plaintext']));
    const now = new Date().toISOString();
    const list = db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('a', ?, ?)").run(now, now).lastInsertRowid;
    const importId = db
      .prepare(
        `INSERT INTO imports (list_id, file_name, file_size, file_sha256, mode, mapping_json, format_json, rows_read, valid, rejected,
          duplicates, suppressed, added, removed, reject_reasons_json, members_after_json, duration_ms, created_at)
         VALUES (?, 'f.csv', 1, 'x', 'replace', '[]', '{}', 1, 0, 1, 0, 0, 0, 0, '{}', '{}', 1, ?)`,
      )
      .run(list, now).lastInsertRowid;
    db.prepare("INSERT INTO rejects VALUES (?, 2, 'email', 'missing_at', 'nobody')").run(importId);
    expect(() => db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('A', ?, ?)").run(now, now)).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM lists WHERE id = ?').run(list);
    expect(db.prepare('SELECT count(*) AS n FROM rejects').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database from a newer Pinlist with an actionable error', () => {
    const file = path.join(tempDir(), 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Pinlist/);
  });
});
