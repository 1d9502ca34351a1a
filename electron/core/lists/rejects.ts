import type { RejectRowView } from '../../../shared/contract/lists.js';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { requireList } from '../store/index.js';

/** Checks the import belongs to the list, so one list's screen never shows another's rejects. */
export function requireImportOfList(db: Db, listId: number, importId: number): void {
  const owner = db.prepare('SELECT list_id FROM imports WHERE id = ?').pluck().get(importId) as number | undefined;
  if (owner !== listId) {
    throw new PinlistError('NOT_FOUND', `Import ${importId} is not an import of this list. Pick an import from the list's history.`);
  }
}

/**
 * A page of rejected rows for a table: of one import, or of all the list's imports (oldest
 * import first), in row order. Offset paging is fine here: the rejects index is walked, and a
 * table pages through at most a few hundred thousand rows.
 */
export function rejectsPage(
  db: Db,
  params: { listId: number; importId?: number | undefined; offset: number; limit: number },
): { total: number; rows: RejectRowView[] } {
  requireList(db, params.listId);
  if (params.importId !== undefined) requireImportOfList(db, params.listId, params.importId);
  const where =
    params.importId === undefined ? 'r.import_id IN (SELECT id FROM imports WHERE list_id = ?)' : 'r.import_id = ?';
  const key = params.importId ?? params.listId;
  const total = db.prepare(`SELECT count(*) FROM rejects r WHERE ${where}`).pluck().get(key) as number;
  const rows = db
    .prepare(
      `SELECT r.import_id AS importId, r.row_number AS rowNumber, r.column_name AS "column", r.reason, r.raw_value AS rawValue
         FROM rejects r WHERE ${where}
        ORDER BY r.import_id, r.row_number, r.rowid LIMIT ? OFFSET ?`,
    )
    .all(key, params.limit, params.offset) as RejectRowView[];
  return { total, rows };
}
