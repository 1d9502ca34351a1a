import fs from 'node:fs';
import path from 'node:path';
import { isPinlistError, PinlistError } from '../../../shared/errors.js';

/**
 * The one place where what the disk or SQLite said (ENOSPC, SQLITE_FULL, SQLITE_CORRUPT,
 * SQLITE_NOTADB, EROFS, SQLITE_READONLY…) becomes an error a person can act on: DISK_FULL,
 * DATABASE_DAMAGED or DATA_DIR_READ_ONLY. Every surface and every worker maps through here, so a
 * full disk reads the same whether an import, an export, a sync or an upload met it.
 */

export interface StoragePlace {
  /** The folder or file being written: names the disk in the message. */
  path: string;
  /** What was being saved, as the message's subject: "The import", "The export". */
  what?: string;
  /** Bytes the operation needed, when known. */
  neededBytes?: number;
  /** What happened to the user's data; "Nothing was changed." unless said otherwise. */
  outcome?: string;
  /** The database, for DATABASE_DAMAGED (it names the file and its backups). */
  databasePath?: string;
}

const OUT_OF_SPACE_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
/** Errors that crossed a thread as text keep only their message. */
const OUT_OF_SPACE_TEXT = /\bENOSPC\b|no space left on device|database or disk is full|disk quota exceeded/i;
const DAMAGED_TEXT = /database disk image is malformed|file is not a database/i;
const READ_ONLY_CODES = new Set(['EROFS']);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isOutOfSpace(error: unknown): boolean {
  if (isPinlistError(error)) return error.code === 'DISK_FULL';
  return OUT_OF_SPACE_CODES.has(codeOf(error)) || OUT_OF_SPACE_TEXT.test(messageOf(error));
}

export function isDatabaseDamage(error: unknown): boolean {
  if (isPinlistError(error)) return false;
  const code = codeOf(error);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || DAMAGED_TEXT.test(messageOf(error));
}

export function isReadOnly(error: unknown): boolean {
  if (isPinlistError(error)) return false;
  const code = codeOf(error);
  return READ_ONLY_CODES.has(code) || code.startsWith('SQLITE_READONLY');
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The nearest existing folder at or above `target`. */
function existingFolder(target: string): string {
  let at = path.resolve(target);
  for (;;) {
    try {
      if (fs.statSync(at).isDirectory()) return at;
    } catch {
      // not there (yet): look above
    }
    const up = path.dirname(at);
    if (up === at) return at;
    at = up;
  }
}

/** Where the file system holding `folder` is mounted: the highest folder above it on the same device. */
export function mountPointOf(folder: string): string {
  let at = existingFolder(folder);
  try {
    const device = fs.statSync(at).dev;
    for (;;) {
      const up = path.dirname(at);
      if (up === at || fs.statSync(up).dev !== device) return at;
      at = up;
    }
  } catch {
    return at;
  }
}

/** Bytes free for this user on the disk holding `folder`, or null when the OS will not say. */
export function freeBytes(folder: string): number | null {
  try {
    const stats = fs.statfsSync(existingFolder(folder));
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

/** DISK_FULL for `place`: which disk, how much is free and needed, and that nothing was changed. */
export function diskFull(place: StoragePlace): PinlistError {
  const folder = existingFolder(place.path);
  const mount = mountPointOf(folder);
  const free = freeBytes(folder);
  const disk = mount === folder ? `The disk holding ${folder}` : `The disk mounted at ${mount} (holding ${folder})`;
  const room = [free === null ? null : `${formatBytes(free)} free`, place.neededBytes ? `about ${formatBytes(place.neededBytes)} needed` : null]
    .filter(Boolean)
    .join(', ');
  const what = place.what ? `${place.what} could not be written` : 'Pinlist could not write there';
  return new PinlistError(
    'DISK_FULL',
    `${disk} is full${room ? ` (${room})` : ''}: ${what}. ${place.outcome ?? 'Nothing was changed.'} Free some space on that disk and try again.`,
    { path: folder, mountPoint: mount, freeBytes: free, neededBytes: place.neededBytes ?? null },
  );
}

export const BACKUPS_FOLDER = 'backups';

/** DATABASE_DAMAGED: which file, what SQLite found, and how to get back to the newest backup. */
export function databaseDamaged(databasePath: string, detail: string): PinlistError {
  const backups = path.join(path.dirname(databasePath), BACKUPS_FOLDER);
  let hasBackup = false;
  try {
    hasBackup = fs.readdirSync(backups).some((name) => name.endsWith('.db'));
  } catch {
    // no backups folder yet
  }
  const advice = hasBackup
    ? `Run \`pinlist db restore\` to go back to the newest automatic backup in ${backups} (backups are made daily, so at most a day of changes is lost; the damaged file is kept beside it), or \`pinlist db check\` for details.`
    : `There is no backup in ${backups} yet. Move the file aside (Pinlist then starts with an empty database) and import your lists again, or restore it from your own backup.`;
  return new PinlistError('DATABASE_DAMAGED', `The database ${databasePath} is damaged (${detail}). ${advice}`, { path: databasePath });
}

/** DATA_DIR_READ_ONLY: the folder, and what to do. */
export function dataDirReadOnly(dataDir: string, detail?: string): PinlistError {
  return new PinlistError(
    'DATA_DIR_READ_ONLY',
    `The data folder ${dataDir} is read-only${detail ? ` (${detail})` : ''}, so Pinlist cannot save anything there. Make it writable for your user (check its permissions, or that its disk is not mounted read-only), or choose another folder with --data-dir or PINLIST_DATA_DIR.`,
    { path: dataDir },
  );
}

/**
 * The person-facing error for a storage failure, or null when `error` is not one (the caller
 * then handles it as before). PinlistErrors pass through unchanged.
 */
export function storageError(error: unknown, place: StoragePlace): PinlistError | null {
  if (isPinlistError(error)) return null;
  if (isOutOfSpace(error)) {
    // SQLite's own "full" is about the database's disk, whatever the caller was writing.
    const onDatabase = place.databasePath && (codeOf(error) === 'SQLITE_FULL' || /database or disk is full/i.test(messageOf(error)));
    return diskFull(onDatabase ? { ...place, path: path.dirname(place.databasePath!) } : place);
  }
  if (isDatabaseDamage(error) && place.databasePath) return databaseDamaged(place.databasePath, messageOf(error));
  if (isReadOnly(error)) return dataDirReadOnly(place.databasePath ? path.dirname(place.databasePath) : existingFolder(place.path), messageOf(error));
  return null;
}
