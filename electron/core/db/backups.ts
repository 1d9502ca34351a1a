import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from './open.js';
import { BACKUPS_FOLDER, databaseDamaged } from './storage-errors.js';

/**
 * Automatic backups of pinlist.db in `<data>/backups/`: one a day (made when Pinlist opens the
 * database and the newest backup is older than a day) and one before each schema migration. The
 * newest seven are kept, so a damaged database costs at most a day of changes.
 */

export const KEEP_BACKUPS = 7;
export const DAILY_MS = 24 * 60 * 60 * 1000;
const BACKUP_NAME = /^pinlist-\d{8}-\d{6}z(?:-[a-z0-9-]+)?\.db$/;

export interface BackupFile {
  name: string;
  path: string;
  /** When it was made (its modification time), ISO 8601. */
  createdAt: string;
  bytes: number;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_FOLDER);
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'z').replace('T', '-');
}

/** A new backup's path: `pinlist-<UTC time>[-<why>].db`. */
function newBackupPath(dataDir: string, why?: string, now = new Date()): string {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = `pinlist-${stamp(now)}${why ? `-${why}` : ''}.db`;
  for (let n = 2; fs.existsSync(path.join(dir, name)); n++) name = `pinlist-${stamp(now)}-${why ? `${why}-` : ''}${n}.db`;
  return path.join(dir, name);
}

/** The backups, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const backups: BackupFile[] = [];
  for (const name of names) {
    if (!BACKUP_NAME.test(name)) continue;
    try {
      const stat = fs.statSync(path.join(dir, name));
      if (stat.isFile()) backups.push({ name, path: path.join(dir, name), createdAt: stat.mtime.toISOString(), bytes: stat.size });
    } catch {
      // removed meanwhile
    }
  }
  return backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/** Keeps the newest `keep` backups; never throws. */
export function pruneBackups(dataDir: string, keep = KEEP_BACKUPS): void {
  for (const old of listBackups(dataDir).slice(keep)) fs.rmSync(old.path, { force: true });
}

/** True when no backup is younger than a day. */
export function dailyBackupDue(dataDir: string, now = Date.now()): boolean {
  const newest = listBackups(dataDir)[0];
  return !newest || now - Date.parse(newest.createdAt) >= DAILY_MS;
}

/**
 * A consistent copy through SQLite's online backup, a few pages per step so the event loop
 * keeps turning (better-sqlite3's backup is asynchronous). Written as `.partial`, renamed when
 * whole; on failure nothing is left.
 */
export async function backupDatabase(db: Db, dataDir: string, why?: string): Promise<BackupFile> {
  const target = newBackupPath(dataDir, why);
  const partial = `${target}.partial`;
  try {
    await db.backup(partial, { progress: () => 256 });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  pruneBackups(dataDir);
  return listBackups(dataDir).find((backup) => backup.path === target)!;
}

/** A synchronous copy (VACUUM INTO), for the moment just before a migration changes the schema. */
export function backupDatabaseNow(db: Db, dataDir: string, why: string): string {
  const target = newBackupPath(dataDir, why);
  const partial = `${target}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  pruneBackups(dataDir);
  return target;
}

export interface IntegrityReport {
  ok: boolean;
  /** What SQLite found (at most 20 lines), empty when ok. */
  problems: string[];
}

/** `PRAGMA quick_check` of a database file, opened read-only; a file SQLite cannot read at all is a problem too. */
export function checkDatabaseFile(file: string, full = false): IntegrityReport {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(`${full ? 'integrity_check' : 'quick_check'}(20)`, { simple: false }) as Record<string, string>[];
    const problems = rows.map((row) => Object.values(row)[0] ?? '').filter((line) => line !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  } finally {
    db?.close();
  }
}

/** What SQLite says about the open database, as the detail of DATABASE_DAMAGED. */
export function quickCheck(db: Db): IntegrityReport {
  try {
    const rows = db.pragma('quick_check(20)', { simple: false }) as Record<string, string>[];
    const problems = rows.map((row) => Object.values(row)[0] ?? '').filter((line) => line !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
}

export interface RestoreResult {
  restoredFrom: BackupFile;
  /** Where the database that was replaced now is (kept, never deleted), or null if there was none. */
  keptAs: string | null;
}

/**
 * Puts a backup (the newest, or the one named) in place of the database, which must be closed.
 * The replaced file is kept beside it as `pinlist.db.damaged-<time>`; the WAL and shared-memory
 * files of the old database go, since they belong to it. The backup is checked first: a damaged
 * backup is refused and nothing is changed.
 */
export function restoreBackup(databasePath: string, dataDir: string, name?: string): RestoreResult {
  const backups = listBackups(dataDir);
  if (backups.length === 0) {
    throw new PinlistError('NOT_FOUND', `There are no backups in ${backupsDir(dataDir)}. Nothing was changed.`);
  }
  const chosen = name === undefined ? backups[0]! : backups.find((backup) => backup.name === name || backup.path === name);
  if (!chosen) {
    throw new PinlistError('NOT_FOUND', `There is no backup named "${name}". The backups are: ${backups.map((b) => b.name).join(', ')}. Nothing was changed.`);
  }
  const check = checkDatabaseFile(chosen.path);
  if (!check.ok) throw databaseDamaged(chosen.path, check.problems.slice(0, 3).join('; '));
  const staged = `${databasePath}.restoring`;
  fs.copyFileSync(chosen.path, staged);
  let keptAs: string | null = null;
  if (fs.existsSync(databasePath)) {
    keptAs = `${databasePath}.damaged-${stamp(new Date())}`;
    fs.renameSync(databasePath, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) {
    const side = `${databasePath}${suffix}`;
    if (keptAs && fs.existsSync(side)) fs.renameSync(side, `${keptAs}${suffix}`);
  }
  fs.renameSync(staged, databasePath);
  return { restoredFrom: chosen, keptAs };
}
