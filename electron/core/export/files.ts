import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PinlistError } from '../../../shared/errors.js';

/** Exports live in the data folder, so browser mode can serve them and the desktop app can show them. */
export const EXPORTS_FOLDER = 'exports';

/** What a file id may look like: a plain name inside exports/, never a path. */
const FILE_ID = /^[a-z0-9][a-z0-9._-]{0,199}\.csv$/;

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
  const fileId = [...parts.map(slugify), timestamp(now).toLowerCase(), randomBytes(4).toString('hex')].join('-') + '.csv';
  return { fileId, path: path.join(dir, fileId) };
}

/** The path of an existing export by its id, or undefined (bad id, not a file, gone). */
export function resolveExportFile(dataDir: string, fileId: string): string | undefined {
  if (!FILE_ID.test(fileId) || fileId.includes('..')) return undefined;
  const file = path.join(exportsDir(dataDir), fileId);
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
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
