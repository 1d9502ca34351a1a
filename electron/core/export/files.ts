import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PinlistError } from '../../../shared/errors.js';

/** Exports live in the data folder, so browser mode can serve them and the desktop app can show them. */
export const EXPORTS_FOLDER = 'exports';

/** What a file id may look like: a plain name inside exports/, never a path. */
const FILE_ID = /^[a-z0-9][a-z0-9._-]{0,199}\.csv$/;

/** How long an export waits in exports/ for its download (browser) or its save dialog (desktop). */
export const EXPORT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** True for a plain export name (see newExportTarget); false for anything that could name another file. */
export function isExportFileId(fileId: string): boolean {
  return FILE_ID.test(fileId) && !fileId.includes('..');
}

export function exportsDir(dataDir: string): string {
  return path.join(dataDir, EXPORTS_FOLDER);
}

/** Lowercase ASCII letters, digits and hyphens: safe in a file name and in a URL. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // the accents NFKD split off: "Ü" → "U"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'list';
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

export interface ExportTarget {
  fileId: string;
  path: string;
}

/**
 * A new, unique file in exports/: `<parts…>-<UTC time>-<random>.csv`. The random suffix makes
 * two exports in the same second distinct and the name hard to guess.
 */
export function newExportTarget(dataDir: string, parts: string[], now = new Date()): ExportTarget {
  const dir = exportsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweepOldExports(dataDir);
  const fileId = [...parts.map(slugify), timestamp(now).toLowerCase(), randomBytes(4).toString('hex')].join('-') + '.csv';
  return { fileId, path: path.join(dir, fileId) };
}

/** The name to suggest when saving an export: its id without the random part that keeps ids unique. */
export function suggestedExportName(fileId: string): string {
  return fileId.replace(/-[0-9a-f]{8}\.csv$/, '.csv');
}

/** The path of an existing export by its id, or undefined (bad id, not a file, gone). */
export function resolveExportFile(dataDir: string, fileId: string): string | undefined {
  if (!isExportFileId(fileId)) return undefined;
  const file = path.join(exportsDir(dataDir), fileId);
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes exports (and `.partial` leftovers of a crashed write) last modified more than
 * `maxAgeMs` ago, so exports/ does not grow forever: an export is only a hand-over to a download
 * or a save dialog, never kept. Other files in the folder are left alone. Never throws (a file
 * that cannot be deleted now is tried again next time); returns the names it deleted.
 */
export function sweepOldExports(dataDir: string, now = Date.now(), maxAgeMs = EXPORT_MAX_AGE_MS): string[] {
  const dir = exportsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // no exports yet
  }
  const deleted: string[] = [];
  for (const name of names) {
    if (!isExportFileId(name.replace(/\.partial$/, ''))) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile() || now - stat.mtimeMs <= maxAgeMs) continue;
      fs.rmSync(file);
      deleted.push(name);
    } catch {
      // gone already, or not ours to delete: leave it for the next sweep
    }
  }
  return deleted;
}

export interface WrittenFile {
  bytes: number;
}

/** Bytes buffered before a write is issued: large enough that 1M hashes are ~130 writes. */
const WRITE_BATCH_BYTES = 512 * 1024;
/** Longest the producer may hold the event loop before the batch is written and the loop gets a turn. */
const MAX_HOLD_MS = 8;

/**
 * Streams pieces into a file without holding it in memory and without holding the event loop:
 * pieces are batched into writes of ~512 KiB (or ~8 ms of producing), each awaited, with a turn
 * of the event loop between batches so IPC and HTTP keep being served. The file appears under its name only when
 * complete (written as `.partial`, then renamed); on failure nothing is left behind.
 *
 * `pieces` may be a synchronous generator doing SQLite reads: it is advanced between awaits, so
 * each step must be short (a page of rows, one stored chunk of hashes).
 */
export async function writeFileInPieces(target: string, pieces: Iterable<string | Buffer>): Promise<WrittenFile> {
  const partial = `${target}.partial`;
  const handle = await fs.promises.open(partial, 'w', 0o600);
  let bytes = 0;
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let heldSince = performance.now();
    const flush = async (): Promise<void> => {
      if (pendingBytes > 0) {
        const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await handle.write(data);
      }
      await yieldToEventLoop();
      heldSince = performance.now();
    };
    for (const piece of pieces) {
      const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      pending.push(data);
      pendingBytes += data.length;
      bytes += data.length;
      if (pendingBytes >= WRITE_BATCH_BYTES || performance.now() - heldSince > MAX_HOLD_MS) await flush();
    }
    await flush();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  try {
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new PinlistError('DATA_DIR_UNAVAILABLE', `Cannot save the export ${target}: ${(error as Error).message}. Check the data folder is writable.`);
  }
  return { bytes };
}
