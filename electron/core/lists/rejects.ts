import type { RejectRowView } from '../../../shared/contract/lists.js';
import { PinlistError } from '../../../shared/errors.js';
import { REJECT_REASON_LABEL, type RejectReason } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { latestImportId, requireList } from '../store/index.js';

/** Checks the import belongs to the list, so one list's screen never shows another's rejects. */
export function requireImportOfList(db: Db, listId: number, importId: number): void {
  const owner = db.prepare('SELECT list_id FROM imports WHERE id = ?').pluck().get(importId) as number | undefined;
  if (owner !== listId) {
    throw new PinlistError('NOT_FOUND', `Import ${importId} is not an import of this list. Pick an import from the list's history.`);
  }
}

/**
 * The import a rejects request means: the one named (checked to be the list's), the list's newest
 * for 'latest' (undefined when it has none), or undefined (all imports) when omitted.
 */
export function resolveRejectsImport(db: Db, listId: number, importId: number | 'latest' | undefined): number | undefined | null {
  if (importId === undefined) return undefined;
  if (importId === 'latest') return latestImportId(db, listId) ?? null;
  requireImportOfList(db, listId, importId);
  return importId;
}

/** The name of the extra column an import kept beside its rejects, if any. */
export function rejectsExtraColumnOf(db: Db, importId: number): string | null {
  return (db.prepare('SELECT reject_extra_column FROM imports WHERE id = ?').pluck().get(importId) as string | null | undefined) ?? null;
}

export function reasonLabel(reason: RejectReason): string {
  return REJECT_REASON_LABEL[reason] ?? reason;
}

/**
 * A page of rejected rows for a table: of one import (the newest with 'latest'), or of all the
 * list's imports (oldest import first), in row order. Offset paging is fine here: the rejects
 * index is walked, and a table pages through at most a few hundred thousand rows.
 */
export function rejectsPage(
  db: Db,
  params: { listId: number; importId?: number | 'latest' | undefined; offset: number; limit: number },
): { total: number; rows: RejectRowView[]; importId: number | null; extraColumn: string | null } {
  requireList(db, params.listId);
  const importId = resolveRejectsImport(db, params.listId, params.importId);
  // 'latest' of a list with no import yet: nothing to show.
  if (importId === null) return { total: 0, rows: [], importId: null, extraColumn: null };
  const where = importId === undefined ? 'r.import_id IN (SELECT id FROM imports WHERE list_id = ?)' : 'r.import_id = ?';
  const key = importId ?? params.listId;
  const total = db.prepare(`SELECT count(*) FROM rejects r WHERE ${where}`).pluck().get(key) as number;
  const rows = db
    .prepare(
      `SELECT r.import_id AS importId, r.row_number AS rowNumber, r.column_name AS "column", r.reason, r.raw_value AS rawValue,
              r.extra_value AS extra
         FROM rejects r WHERE ${where}
        ORDER BY r.import_id, r.row_number, r.rowid LIMIT ? OFFSET ?`,
    )
    .all(key, params.limit, params.offset) as Omit<RejectRowView, 'reasonLabel'>[];
  return {
    total,
    rows: rows.map((row) => ({ ...row, reasonLabel: reasonLabel(row.reason) })),
    importId: importId ?? null,
    extraColumn: importId === undefined ? null : rejectsExtraColumnOf(db, importId),
  };
}
