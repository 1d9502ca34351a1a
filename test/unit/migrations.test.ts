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
    // 16 KiB pages for the member blobs (decision 0014).
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    db.close();
  });

  it('leave an existing database at the page size it was made with', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE keep (x)');
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(schemaVersion(db)).toBe(migrations.length);
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

  it('migration 2 adds the Pinterest connection facts: one row at most, a known method, and no column for a secret', () => {
    const db = new Database(path.join(tempDir(), 'v2.db'));
    migrate(db, migrations.filter((migration) => migration.version <= 1));
    expect(tables(db)).not.toContain('pinterest_connection');
    migrate(db, migrations.filter((migration) => migration.version <= 2));
    expect(schemaVersion(db)).toBe(2);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('pinterest_connection')").all() as { name: string }[]).map((row) => row.name);
    expect(columns).toEqual(expect.arrayContaining(['method', 'app_id', 'account_id', 'username', 'scopes', 'connected_at', 'expires_at', 'refresh_expires_at']));
    // Tokens and the app secret live in the keychain only: the table has nowhere to put them.
    expect(columns.filter((name) => /token|secret/i.test(name))).toEqual([]);
    const now = new Date().toISOString();
    db.prepare("INSERT INTO pinterest_connection (id, method, app_id, connected_at) VALUES (1, 'oauth', '1234', ?)").run(now);
    expect(() => db.prepare("INSERT INTO pinterest_connection (id, method, connected_at) VALUES (2, 'token', ?)").run(now)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT OR REPLACE INTO pinterest_connection (id, method, connected_at) VALUES (1, 'password', ?)").run(now)).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT OR REPLACE INTO pinterest_connection (id, method, connected_at) VALUES (1, ?, NULL)').run('token')).toThrow(/NOT NULL/);
    expect(db.prepare('SELECT method, app_id FROM pinterest_connection').all()).toEqual([{ method: 'oauth', app_id: '1234' }]);
    db.close();
  });

  it('a migration that fails changes nothing: its tables are rolled back and the version stays', () => {
    const db = new Database(path.join(tempDir(), 'broken.db'));
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_FAILED', message: expect.stringMatching(/schema \d+ \(broken\).*Nothing was changed/) }));
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('migration 3 adds sync targets, ledger, runs, plans, locks and remote status, and a deleted list takes its ledger sets along', () => {
    const db = new Database(path.join(tempDir(), 'v3.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((migration) => migration.version <= 3));
    expect(tables(db)).toEqual(
      expect.arrayContaining(['sync_targets', 'sync_runs', 'sync_batches', 'sync_plan_sets', 'sync_locks', 'sync_remote_status']),
    );
    const now = new Date().toISOString();
    const list = db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('a', ?, ?)").run(now, now).lastInsertRowid;
    const newSet = () => db.prepare("INSERT INTO hash_sets (kind, size, created_at) VALUES ('email', 0, ?)").run(now).lastInsertRowid;
    const ledger = newSet();
    const uncertain = newSet();
    const plan = newSet();
    const target = db
      .prepare(
        `INSERT INTO sync_targets (list_id, ad_account_id, kind, list_type, customer_list_name, customer_list_id, ledger_set_id, uncertain_set_id, created_at, updated_at)
         VALUES (?, '123', 'email', 'EMAIL', 'a (email)', '77', ?, ?, ?, ?)`,
      )
      .run(list, ledger, uncertain, now, now).lastInsertRowid;
    // One target per list, ad account and kind; one local target per remote list.
    expect(() =>
      db
        .prepare(`INSERT INTO sync_targets (list_id, ad_account_id, kind, list_type, customer_list_name, created_at, updated_at) VALUES (?, '123', 'email', 'EMAIL', 'x', ?, ?)`)
        .run(list, now, now),
    ).toThrow(/UNIQUE/);
    const run = db
      .prepare("INSERT INTO sync_runs (list_id, ad_account_id, state, started_at, owner_pid, owner_host) VALUES (?, '123', 'running', ?, 1, 'h')")
      .run(list, now).lastInsertRowid;
    db.prepare("INSERT INTO sync_batches (target_id, run_id, op, state, size, hashes, sent_at) VALUES (?, ?, 'ADD', 'sent', 1, zeroblob(32), ?)").run(target, run, now);
    expect(() =>
      db.prepare("INSERT INTO sync_batches (target_id, run_id, op, state, size, hashes, sent_at) VALUES (?, ?, 'ADD', 'sent', 2, zeroblob(32), ?)").run(target, run, now),
    ).toThrow(/CHECK/);
    db.prepare("INSERT INTO sync_plan_sets (run_id, kind, op, set_id) VALUES (?, 'email', 'ADD', ?)").run(run, plan);
    db.prepare("INSERT INTO sync_locks (list_id, run_id, token, owner_pid, owner_host, acquired_at, heartbeat_at) VALUES (?, ?, 't', 1, 'h', ?, ?)").run(list, run, now, now);
    db.prepare('INSERT INTO sync_remote_status (target_id, fetched_at, audience_size) VALUES (?, ?, 150)').run(target, now);

    db.prepare('DELETE FROM lists WHERE id = ?').run(list);
    for (const table of ['sync_targets', 'sync_runs', 'sync_batches', 'sync_plan_sets', 'sync_locks', 'sync_remote_status', 'hash_sets']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
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
