import type { ExportFile } from '../../../shared/contract/lists.js';
import { PinlistError } from '../../../shared/errors.js';
import { KIND_LABEL, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { csvRow, UTF8_BOM } from '../export/csv.js';
import { newExportTarget, writeFileInPieces } from '../export/files.js';
import { hashLinesOf } from '../export/hashes-csv.js';
import { currentSet, readHashSet, rejectsOf, requireList } from '../store/index.js';
import { requireImportOfList } from './rejects.js';

export const REJECTS_CSV_HEADER = ['import_id', 'row_number', 'column', 'reason', 'raw_value'] as const;

/** Rows per piece handed to the writer: one page of `rejectsOf`, so each step is one short query. */
const REJECT_ROWS_PER_PIECE = 1000;

function* rejectsCsv(db: Db, listId: number, importId: number | undefined, counter: { rows: number }): Generator<string> {
  // The BOM makes Excel read the raw values (accents, names) as UTF-8.
  yield UTF8_BOM + csvRow(REJECTS_CSV_HEADER);
  let piece = '';
  let inPiece = 0;
  for (const reject of rejectsOf(db, listId, importId)) {
    piece += csvRow([reject.importId, reject.rowNumber, reject.column, reject.reason, reject.rawValue]);
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
export async function exportRejects(db: Db, dataDir: string, listId: number, importId?: number): Promise<ExportFile> {
  const list = requireList(db, listId);
  if (importId !== undefined) requireImportOfList(db, listId, importId);
  const target = newExportTarget(dataDir, [list.name, 'rejects', ...(importId === undefined ? [] : [`import-${importId}`])]);
  const counter = { rows: 0 };
  const { bytes } = await writeFileInPieces(target.path, rejectsCsv(db, listId, importId, counter));
  return { fileId: target.fileId, path: target.path, rows: counter.rows, bytes };
}

/**
 * Writes the list's hashes of one kind for Ads Manager's manual upload: one SHA-256 hex per
 * line, no header (see hashes-csv.ts). Streams one stored chunk (16,384 hashes) at a time.
 */
export async function exportHashes(db: Db, dataDir: string, listId: number, kind: IdentifierKind): Promise<ExportFile> {
  const list = requireList(db, listId);
  const set = currentSet(db, listId, kind);
  if (!set || set.size === 0) {
    throw new PinlistError(
      'NOT_FOUND',
      `The list "${list.name}" has no ${KIND_LABEL[kind]} members, so there is nothing to export. Pick a kind the list has members of.`,
    );
  }
  const target = newExportTarget(dataDir, [list.name, kind, 'hashes']);
  const { bytes } = await writeFileInPieces(target.path, hashLinesOf(readHashSet(db, set.setId)));
  return { fileId: target.fileId, path: target.path, rows: set.size, bytes };
}
