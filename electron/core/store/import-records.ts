import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import type { ImportMode } from './commit.js';

export interface ImportRecord {
  id: number;
  listId: number;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  mode: ImportMode;
  mapping: unknown;
  format: unknown;
  rowsRead: number;
  valid: number;
  rejected: number;
  duplicates: number;
  suppressed: number;
  added: number;
  removed: number;
  /** Of `removed`, members who were on the suppression list. */
  removedSuppressed: number;
  /** The file column kept beside each reject (its name), if the user chose one. */
  rejectExtraColumn: string | null;
  rejectReasons: Partial<Record<RejectReason, number>>;
  membersAfter: Partial<Record<IdentifierKind, number>>;
  durationMs: number;
  createdAt: string;
}

export interface RejectRecord {
  importId: number;
  rowNumber: number;
  column: string;
  reason: RejectReason;
  rawValue: string;
  /** The import's extra column's value in that row (null: none chosen). */
  extra: string | null;
}

interface ImportRow {
  id: number;
  list_id: number;
  file_name: string;
  file_size: number;
  file_sha256: string;
  mode: ImportMode;
  mapping_json: string;
  format_json: string;
  rows_read: number;
  valid: number;
  rejected: number;
  duplicates: number;
  suppressed: number;
  added: number;
  removed: number;
  removed_suppressed: number;
  reject_extra_column: string | null;
  reject_reasons_json: string;
  members_after_json: string;
  duration_ms: number;
  created_at: string;
}

function toRecord(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    listId: row.list_id,
    fileName: row.file_name,
    fileSize: row.file_size,
    fileSha256: row.file_sha256,
    mode: row.mode,
    mapping: JSON.parse(row.mapping_json) as unknown,
    format: JSON.parse(row.format_json) as unknown,
    rowsRead: row.rows_read,
    valid: row.valid,
    rejected: row.rejected,
    duplicates: row.duplicates,
    suppressed: row.suppressed,
    added: row.added,
    removed: row.removed,
    removedSuppressed: row.removed_suppressed,
    rejectExtraColumn: row.reject_extra_column,
    rejectReasons: JSON.parse(row.reject_reasons_json) as ImportRecord['rejectReasons'],
    membersAfter: JSON.parse(row.members_after_json) as ImportRecord['membersAfter'],
    durationMs: row.duration_ms,
    createdAt: row.created_at,
  };
}

/** The list's newest import's id, if it has any. */
export function latestImportId(db: Db, listId: number): number | undefined {
  return db.prepare('SELECT max(id) FROM imports WHERE list_id = ?').pluck().get(listId) as number | null ?? undefined;
}

/** The list's imports, newest first. */
export function importHistory(db: Db, listId: number): ImportRecord[] {
  return (db.prepare('SELECT * FROM imports WHERE list_id = ? ORDER BY id DESC').all(listId) as ImportRow[]).map(toRecord);
}

export function getImport(db: Db, importId: number): ImportRecord | undefined {
  const row = db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as ImportRow | undefined;
  return row ? toRecord(row) : undefined;
}

const REJECT_PAGE = 1000;

/**
 * The rejected rows of one import of the list, or of all its imports (oldest import first), in
 * row order. Reads pages of 1,000 by key, so the connection stays usable between items and a
 * million rejects never sit in memory.
 */
export function* rejectsOf(db: Db, listId: number, importId?: number): Generator<RejectRecord, void, undefined> {
  const importIds =
    importId === undefined
      ? (db.prepare('SELECT id FROM imports WHERE list_id = ? ORDER BY id').pluck().all(listId) as number[])
      : (db.prepare('SELECT id FROM imports WHERE list_id = ? AND id = ?').pluck().all(listId, importId) as number[]);
  const page = db.prepare(
    `SELECT rowid AS rid, import_id AS importId, row_number AS rowNumber, column_name AS "column", reason, raw_value AS rawValue,
            extra_value AS extra
       FROM rejects WHERE import_id = ? AND (row_number, rowid) > (?, ?)
      ORDER BY row_number, rowid LIMIT ${REJECT_PAGE}`,
  );
  for (const id of importIds) {
    let afterRow = Number.MIN_SAFE_INTEGER;
    let afterRowid = -1;
    for (;;) {
      const rows = page.all(id, afterRow, afterRowid) as (RejectRecord & { rid: number })[];
      for (const row of rows) {
        yield { importId: row.importId, rowNumber: row.rowNumber, column: row.column, reason: row.reason, rawValue: row.rawValue, extra: row.extra };
      }
      if (rows.length < REJECT_PAGE) break;
      const last = rows[rows.length - 1]!;
      afterRow = last.rowNumber;
      afterRowid = last.rid;
    }
  }
}

/** Deletes the stored rejects (raw values) of all the list's imports; returns how many. */
export function purgeRejects(db: Db, listId: number): number {
  return db.prepare('DELETE FROM rejects WHERE import_id IN (SELECT id FROM imports WHERE list_id = ?)').run(listId).changes;
}
