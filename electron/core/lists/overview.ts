import type { ImportRecordView, LastImport, ListDetail, ListSummary } from '../../../shared/contract/lists.js';
import type { LastSync, PinterestTargetStatus } from '../../../shared/contract/sync.js';
import { IDENTIFIER_KINDS } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import {
  adAccountChoices,
  emptyCounts,
  importHistory,
  listLists,
  memberCounts,
  requireList,
  suppressedCounts,
  type ImportRecord,
  type ListRecord,
} from '../store/index.js';
import { lastRuns } from '../sync/runs.js';
import { pinterestStatusByList } from '../sync/status.js';

/**
 * What the list screens read: the overview (every list with its sizes, newest import, newest sync
 * and Pinterest status) and one list's detail with its import history. Queries are per screen,
 * not per list, so 50 lists cost the same few statements as one.
 */

interface LastImportRow {
  listId: number;
  id: number;
  at: string;
  fileName: string;
  added: number;
  removed: number;
}

function lastImports(db: Db, listId?: number): Map<number, LastImport> {
  const rows = db
    .prepare(
      `SELECT i.list_id AS listId, i.id, i.created_at AS at, i.file_name AS fileName, i.added, i.removed
         FROM imports i
         JOIN (SELECT list_id, max(id) AS id FROM imports ${listId === undefined ? '' : 'WHERE list_id = ?'} GROUP BY list_id) newest
           ON newest.id = i.id`,
    )
    .all(...(listId === undefined ? [] : [listId])) as LastImportRow[];
  return new Map(rows.map(({ listId: owner, ...last }) => [owner, last]));
}

/** What the overview adds to a list's own record, read for every list (or one) at once. */
interface Extras {
  lastImports: Map<number, LastImport>;
  lastSyncs: Map<number, LastSync>;
  pinterest: Map<number, PinterestTargetStatus[]>;
  adAccounts: Map<number, string>;
}

function extras(db: Db, listId?: number): Extras {
  return {
    lastImports: lastImports(db, listId),
    lastSyncs: lastRuns(db, listId),
    pinterest: pinterestStatusByList(db, listId),
    adAccounts: adAccountChoices(db, listId),
  };
}

function summary(db: Db, list: ListRecord, members: ListSummary['members'], more: Extras): ListSummary {
  const total = IDENTIFIER_KINDS.reduce((sum, kind) => sum + members[kind], 0);
  const suppressed = suppressedCounts(db, list.id);
  const suppressedTotal = IDENTIFIER_KINDS.reduce((sum, kind) => sum + suppressed[kind], 0);
  return {
    id: list.id,
    name: list.name,
    members,
    total,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    lastImport: more.lastImports.get(list.id) ?? null,
    lastSync: more.lastSyncs.get(list.id) ?? null,
    pinterest: more.pinterest.get(list.id) ?? [],
    suppressed,
    suppressedTotal,
    toPinterest: total - suppressedTotal,
    adAccountId: more.adAccounts.get(list.id) ?? null,
  };
}

/** Every audience list, by name, with sizes per kind, its newest import and sync, and its Pinterest status. */
export function listOverview(db: Db): ListSummary[] {
  // One read transaction: a sync or import finishing in between cannot mix two moments.
  return db.transaction(() => {
    const more = extras(db);
    return listLists(db).map((list) => summary(db, list, list.members, more));
  })();
}

/** One list (any role) as the overview shows it; LIST_NOT_FOUND if it does not exist. */
export function listSummaryOf(db: Db, listId: number): ListSummary {
  const list = requireList(db, listId);
  return summary(db, list, memberCounts(db, listId), extras(db, listId));
}

function storedRejectsByImport(db: Db, listId: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT r.import_id AS importId, count(*) AS n FROM rejects r
        WHERE r.import_id IN (SELECT id FROM imports WHERE list_id = ?) GROUP BY r.import_id`,
    )
    .all(listId) as { importId: number; n: number }[];
  return new Map(rows.map(({ importId, n }) => [importId, n]));
}

export function importView(record: ImportRecord, rejectsStored: number): ImportRecordView {
  return {
    id: record.id,
    mode: record.mode,
    fileName: record.fileName,
    fileSize: record.fileSize,
    fileSha256: record.fileSha256,
    rowsRead: record.rowsRead,
    valid: record.valid,
    rejected: record.rejected,
    duplicates: record.duplicates,
    suppressed: record.suppressed,
    added: record.added,
    removed: record.removed,
    removedSuppressed: record.removedSuppressed,
    removedNotInFile: record.mode === 'replace' ? Math.max(0, record.removed - record.removedSuppressed) : 0,
    rejectReasons: record.rejectReasons,
    rejectsExtraColumn: record.rejectExtraColumn,
    membersAfter: { ...emptyCounts(), ...record.membersAfter },
    rejectsStored,
    durationMs: record.durationMs,
    at: record.createdAt,
    mapping: record.mapping,
    format: record.format,
  };
}

/** The list with its import history, newest first. */
export function listDetail(db: Db, listId: number): ListDetail {
  const base = listSummaryOf(db, listId);
  const stored = storedRejectsByImport(db, listId);
  const imports = importHistory(db, listId).map((record) => importView(record, stored.get(record.id) ?? 0));
  let rejectsStored = 0;
  for (const n of stored.values()) rejectsStored += n;
  return { ...base, imports, rejectsStored };
}
