import type { ExportFile, HashesExport } from '../../../shared/contract/lists.js';
import { PinlistError } from '../../../shared/errors.js';
import { KIND_LABEL, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { csvRow, UTF8_BOM } from '../export/csv.js';
import path from 'node:path';
import { newExportTarget, writeFileInPieces, type ExportTarget } from '../export/files.js';
import { diskFull, isOutOfSpace } from '../db/storage-errors.js';
import { hashLinesOf } from '../export/hashes-csv.js';
import { currentSet, findSuppressionList, mergeSets, readHashSet, rejectsOf, requireList } from '../store/index.js';
import { reasonLabel, rejectsExtraColumnOf, resolveRejectsImport } from './rejects.js';

export const REJECTS_CSV_HEADER = ['import_id', 'row_number', 'column', 'reason', 'reason_label', 'raw_value'] as const;

/** Rows per piece handed to the writer: one page of `rejectsOf`, so each step is one short query. */
const REJECT_ROWS_PER_PIECE = 1000;

/**
 * The header of the extra column an import kept beside its rejects (e.g. "Customer ID"), or, over
 * all imports, "extra" when any of them kept one; null: no extra column.
 */
function extraHeader(db: Db, listId: number, importId: number | undefined): string | null {
  if (importId !== undefined) return rejectsExtraColumnOf(db, importId);
  const any = db.prepare('SELECT 1 FROM imports WHERE list_id = ? AND reject_extra_column IS NOT NULL LIMIT 1').pluck().get(listId);
  return any ? 'extra' : null;
}

function* rejectsCsv(db: Db, listId: number, importId: number | undefined, counter: { rows: number }): Generator<string> {
  const extra = extraHeader(db, listId, importId);
  // The BOM makes Excel read the raw values (accents, names) as UTF-8.
  yield UTF8_BOM + csvRow(extra === null ? REJECTS_CSV_HEADER : [...REJECTS_CSV_HEADER, extra]);
  let piece = '';
  let inPiece = 0;
  for (const reject of rejectsOf(db, listId, importId)) {
    const cells = [reject.importId, reject.rowNumber, reject.column, reject.reason, reasonLabel(reject.reason), reject.rawValue];
    piece += csvRow(extra === null ? cells : [...cells, reject.extra ?? '']);
    counter.rows++;
    if (++inPiece === REJECT_ROWS_PER_PIECE) {
      yield piece;
      piece = '';
      inPiece = 0;
    }
  }
  if (piece) yield piece;
}

/**
 * Writes the list's rejected rows (one import's, or all) to a spreadsheet-safe CSV in exports/.
 * Streams: a page of rows at a time, never the whole file in memory.
 */
/**
 * A file the CLI's --out names, written straight there (as `<file>.partial` beside it, renamed
 * when whole): never through the data folder, which may be on another, fuller disk.
 */
function directTarget(destination: string): ExportTarget {
  return { fileId: path.basename(destination), path: destination };
}

/** Writes an export; a full disk is DISK_FULL naming the destination's disk, a bad --out path is SAVE_FAILED. */
async function writeExport(target: string, pieces: Iterable<string | Buffer>, direct: boolean): Promise<{ bytes: number }> {
  try {
    return await writeFileInPieces(target, pieces);
  } catch (error) {
    if (isOutOfSpace(error)) throw diskFull({ path: path.dirname(target), what: `The export ${target}`, outcome: 'No file was written and nothing was changed.' });
    // A file system refusal (no such folder, no permission); a database error goes on to be mapped as one.
    if (direct && (error as NodeJS.ErrnoException | null)?.syscall !== undefined) {
      throw new PinlistError('SAVE_FAILED', `Cannot write ${target}: ${(error as Error).message}. Choose a path in a folder you can write to.`);
    }
    throw error;
  }
}

/** `destination`: the CLI's --out, written straight there; otherwise a file in exports/. */
export async function exportRejects(db: Db, dataDir: string, listId: number, which?: number | 'latest', destination?: string): Promise<ExportFile> {
  const list = requireList(db, listId);
  const resolved = resolveRejectsImport(db, listId, which);
  if (resolved === null) {
    throw new PinlistError('NOT_FOUND', `The list "${list.name}" has no imports yet, so it has no rejected rows. Import a file first.`);
  }
  const importId = resolved;
  const target = destination ? directTarget(destination) : newExportTarget(dataDir, [list.name, 'rejects', ...(importId === undefined ? [] : [`import-${importId}`])]);
  const counter = { rows: 0 };
  const { bytes } = await writeExport(target.path, rejectsCsv(db, listId, importId, counter), destination !== undefined);
  return { fileId: target.fileId, path: target.path, rows: counter.rows, bytes };
}

/**
 * Writes the list's hashes of one kind for Ads Manager's manual upload: one SHA-256 hex per
 * line, no header (see hashes-csv.ts). An export is an upload by hand, so members on the
 * suppression list are left out, as a sync leaves them out. Streams one chunk at a time: the
 * members merged against the suppression set.
 */
export async function exportHashes(db: Db, dataDir: string, listId: number, kind: IdentifierKind, destination?: string): Promise<HashesExport> {
  const list = requireList(db, listId);
  const set = currentSet(db, listId, kind);
  if (!set || set.size === 0) {
    throw new PinlistError(
      'NOT_FOUND',
      `The list "${list.name}" has no ${KIND_LABEL[kind]} members, so there is nothing to export. Pick a kind the list has members of.`,
    );
  }
  const suppressionList = findSuppressionList(db);
  const suppression = suppressionList && suppressionList.id !== list.id ? currentSet(db, suppressionList.id, kind) : undefined;
  const sendable = mergeSets('difference', readHashSet(db, set.setId), suppression && suppression.size > 0 ? readHashSet(db, suppression.setId) : []);
  const target = destination ? directTarget(destination) : newExportTarget(dataDir, [list.name, kind, 'hashes']);
  const { bytes } = await writeExport(target.path, hashLinesOf(sendable), destination !== undefined);
  return { fileId: target.fileId, path: target.path, rows: sendable.count, bytes, suppressedLeftOut: sendable.counts.both };
}
