import { createHash } from 'node:crypto';
import type { LookupEvent, LookupPinterest, LookupRejectedRow, LookupResult, LookupSuppression } from '../../../shared/contract/lists.js';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import { normalizeIdentifier } from '../../../shared/normalize.js';
import type { Db } from '../db/open.js';
import { containsHash, currentSet, findSuppressionList, requireList } from '../store/index.js';
import { reasonLabel } from './rejects.js';

export type HashedValue =
  | { ok: true; normalized: string; hash: Buffer; prehashed: boolean }
  | { ok: false; reason: RejectReason };

/**
 * A typed identifier as the import would store it: the shared normalization rules, then SHA-256
 * of the UTF-8 bytes (a pre-hashed email is its own hash). The input is never logged or kept.
 */
export function hashTypedValue(kind: IdentifierKind, value: string): HashedValue {
  const normalized = normalizeIdentifier(kind, value);
  if (!normalized.ok) return { ok: false, reason: normalized.reason };
  const hash = normalized.prehashed
    ? Buffer.from(normalized.value, 'hex')
    : createHash('sha256').update(normalized.value, 'utf8').digest();
  return { ok: true, normalized: normalized.value, hash, prehashed: normalized.prehashed };
}

interface ChangeRow {
  importId: number;
  fileName: string;
  at: string;
  mode: 'replace' | 'add' | 'remove';
  addedSetId: number | null;
  removedSetId: number | null;
}

/** The list's imports that changed this kind, oldest first, with their change sets (migration 6). */
function changesOf(db: Db, listId: number, kind: IdentifierKind): ChangeRow[] {
  return db
    .prepare(
      `SELECT i.id AS importId, i.file_name AS fileName, i.created_at AS at, i.mode, c.added_set_id AS addedSetId, c.removed_set_id AS removedSetId
         FROM imports i JOIN import_changes c ON c.import_id = i.id
        WHERE i.list_id = ? AND c.kind = ? ORDER BY i.id`,
    )
    .all(listId, kind) as ChangeRow[];
}

/** False when some import of the list predates the change history (it has no change row at all). */
function historyComplete(db: Db, listId: number): boolean {
  const missing = db
    .prepare('SELECT 1 FROM imports i WHERE i.list_id = ? AND NOT EXISTS (SELECT 1 FROM import_changes c WHERE c.import_id = i.id) LIMIT 1')
    .pluck()
    .get(listId);
  return missing === undefined;
}

interface Timeline {
  events: { change: ChangeRow; event: 'added' | 'removed' }[];
}

/** Which of the imports added or removed the hash: two index probes per import. */
function timelineOf(db: Db, listId: number, kind: IdentifierKind, hash: Buffer): Timeline {
  const events: Timeline['events'] = [];
  for (const change of changesOf(db, listId, kind)) {
    if (change.addedSetId !== null && containsHash(db, change.addedSetId, hash)) events.push({ change, event: 'added' });
    else if (change.removedSetId !== null && containsHash(db, change.removedSetId, hash)) events.push({ change, event: 'removed' });
  }
  return { events };
}

/** Whether the suppression list held the hash at a moment, by its import history (false when unknown). */
function suppressedAt(suppression: Timeline, at: string): boolean {
  let on = false;
  for (const { change, event } of suppression.events) {
    if (change.at > at) break;
    on = event === 'added';
  }
  return on;
}

function rejectedRowsOf(db: Db, listId: number, value: string): LookupRejectedRow[] {
  const typed = value.trim();
  if (typed === '') return [];
  const rows = db
    .prepare(
      `SELECT i.id AS importId, i.file_name AS fileName, i.created_at AS at, i.mode, r.row_number AS rowNumber, r.column_name AS "column", r.reason
         FROM rejects r JOIN imports i ON i.id = r.import_id
        WHERE i.list_id = ? AND trim(r.raw_value) = ?
        ORDER BY i.id, r.row_number LIMIT 50`,
    )
    .all(listId, typed) as Omit<LookupRejectedRow, 'reasonLabel'>[];
  return rows.map((row) => ({ ...row, reasonLabel: reasonLabel(row.reason) }));
}

function pinterestOf(db: Db, listId: number, kind: IdentifierKind, hash: Buffer, sendable: boolean): LookupPinterest[] {
  const targets = db
    .prepare(
      `SELECT ad_account_id AS adAccountId, customer_list_id AS customerListId, ledger_set_id AS ledgerSetId, last_sync_at AS lastSyncAt
         FROM sync_targets WHERE list_id = ? AND kind = ? ORDER BY ad_account_id`,
    )
    .all(listId, kind) as { adAccountId: string; customerListId: string | null; ledgerSetId: number | null; lastSyncAt: string | null }[];
  return targets.map((target) => {
    const onPinterest = target.ledgerSetId !== null && containsHash(db, target.ledgerSetId, hash);
    const state: LookupPinterest['state'] = onPinterest
      ? sendable
        ? 'synced'
        : 'waiting_remove'
      : sendable
        ? 'waiting_add'
        : 'not_synced';
    return { adAccountId: target.adAccountId, customerListId: target.customerListId, state, lastSyncAt: target.lastSyncAt };
  });
}

/**
 * Is this typed email or ad ID a member of the list (of that kind), and why: which imports added
 * and removed them, whether and since when they are suppressed, rows where the value was
 * rejected, and where they stand on Pinterest. Only the hash is looked up; the typed value is
 * compared to stored rejected raw values (already kept by design) and never stored or logged.
 */
export function lookupMember(db: Db, listId: number, kind: IdentifierKind, value: string): LookupResult {
  const list = requireList(db, listId);
  const hashed = hashTypedValue(kind, value);
  const rejectedRows = rejectedRowsOf(db, listId, value);
  if (!hashed.ok) return { rejected: hashed.reason, reasonLabel: reasonLabel(hashed.reason), rejectedRows };
  return db.transaction((): LookupResult => {
    const hash = hashed.hash;
    const set = currentSet(db, listId, kind);
    const found = set !== undefined && set.size > 0 && containsHash(db, set.setId, hash);
    const suppressionList = findSuppressionList(db);
    const suppressionSet = suppressionList ? currentSet(db, suppressionList.id, kind) : undefined;
    const onSuppression = suppressionSet !== undefined && suppressionSet.size > 0 && containsHash(db, suppressionSet.setId, hash);
    const suppressionTimeline = suppressionList ? timelineOf(db, suppressionList.id, kind, hash) : { events: [] };
    const lastAdd = onSuppression ? suppressionTimeline.events.filter((e) => e.event === 'added').at(-1) : undefined;
    const suppression: LookupSuppression = {
      suppressed: onSuppression,
      since: lastAdd?.change.at ?? null,
      importId: lastAdd?.change.importId ?? null,
      fileName: lastAdd?.change.fileName ?? null,
    };
    const isSuppressionList = list.role === 'suppression';
    const history: LookupEvent[] = timelineOf(db, listId, kind, hash).events.map(({ change, event }) => {
      const base = { importId: change.importId, fileName: change.fileName, at: change.at, mode: change.mode };
      if (event === 'added') return { event: 'added', ...base };
      const cause =
        change.mode === 'remove'
          ? 'in_remove_file'
          : !isSuppressionList && suppressedAt(suppressionTimeline, change.at)
            ? 'suppressed'
            : 'not_in_file';
      return { event: 'removed', ...base, cause };
    });
    const suppressed = found && onSuppression && !isSuppressionList;
    return {
      normalized: hashed.normalized,
      hash: hash.toString('hex'),
      prehashed: hashed.prehashed,
      found,
      suppressed,
      history,
      historyComplete: historyComplete(db, listId),
      rejectedRows,
      suppression,
      pinterest: isSuppressionList ? [] : pinterestOf(db, listId, kind, hash, found && !onSuppression),
    };
  })();
}
