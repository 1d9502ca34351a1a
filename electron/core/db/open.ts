import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PinlistError } from '../../../shared/errors.js';
import { migrations as allMigrations, type Migration } from './migrations.js';
import { storageError } from './storage-errors.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron's ABI); Node's own by default. */
  nativeBinding?: string | undefined;
  readonly?: boolean;
  migrations?: readonly Migration[];
  /** Called before the first pending migration of an existing database (schema > 0), e.g. to back it up. */
  beforeMigration?: (db: Db, from: number, to: number) => void;
}

/**
 * Where the Electron build of better-sqlite3 lives, if the app runs inside Electron.
 * Set by the Electron main process before the core opens the database; workers inherit it
 * through their environment.
 */
export function nativeBindingFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PINLIST_SQLITE_BINDING || undefined;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, {
      nativeBinding: options.nativeBinding ?? nativeBindingFromEnv(),
      readonly: options.readonly ?? false,
    });
  } catch (error) {
    throw (
      storageError(error, { path: path.dirname(file), databasePath: file, what: 'The database' }) ??
      new PinlistError(
        'DATA_DIR_UNAVAILABLE',
        `Could not open the database at ${file}: ${(error as Error).message}. Check that the folder is writable, or choose another with --data-dir.`,
      )
    );
  }
  try {
    // Members are 512 KiB blobs (decision 0003): 16 KiB pages write a million members' 32 MB in
    // about half the time of SQLite's default 4 KiB and checkpoint it ~25% faster (decision 0014).
    // Takes effect only for a new database (an existing one keeps its size; this is a no-op there).
    if (!options.readonly) db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // A 10M-member import passes ~320 MB through the WAL; do not keep a file that size afterwards.
    db.pragma('journal_size_limit = 67108864');
    if (!options.readonly) {
      const migrations = options.migrations ?? allMigrations;
      const current = schemaVersion(db);
      const latest = migrations.at(-1)?.version ?? 0;
      if (options.beforeMigration && current > 0 && current < latest) options.beforeMigration(db, current, latest);
      migrate(db, migrations);
    }
  } catch (error) {
    db.close();
    // A truncated or overwritten file fails here, at its first read; a read-only folder at the WAL.
    throw storageError(error, { path: path.dirname(file), databasePath: file, what: 'The database' }) ?? error;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the database, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = allMigrations): number {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new PinlistError(
      'DB_MIGRATION_FAILED',
      `This database was written by a newer Pinlist (schema ${current}, this version knows ${latest}). Update Pinlist, or open another data folder with --data-dir.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply();
    } catch (error) {
      throw new PinlistError(
        'DB_MIGRATION_FAILED',
        `Upgrading the database to schema ${migration.version} (${migration.name}) failed: ${(error as Error).message}. Nothing was changed; report this with the message above.`,
      );
    }
  }
  return schemaVersion(db);
}
