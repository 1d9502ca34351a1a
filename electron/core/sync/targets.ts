import type { AudienceState, SyncTarget } from '../../../shared/contract/sync.js';
import { PINTEREST_LIST_TYPE, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';

/**
 * Where a list syncs to: one row per local list, ad account and identifier kind, holding the
 * Pinterest customer list (and audience) and the ledger of what Pinterest confirmed.
 */

export interface TargetRow {
  id: number;
  listId: number;
  adAccountId: string;
  kind: IdentifierKind;
  listType: 'EMAIL' | 'MAID' | 'IDFA';
  customerListName: string;
  customerListId: string | null;
  createSentAt: string | null;
  adopted: boolean;
  audienceId: string | null;
  audienceState: AudienceState;
  audienceMessage: string | null;
  audienceLookup: boolean;
  ledgerSetId: number | null;
  uncertainSetId: number | null;
  lastSyncAt: string | null;
  createdAt: string;
}

/** The target's columns, from `sync_targets t`; read into a TargetRow with {@link targetFromRow}. */
export const TARGET_COLUMNS = `t.id, t.list_id AS listId, t.ad_account_id AS adAccountId, t.kind, t.list_type AS listType,
  t.customer_list_name AS customerListName, t.customer_list_id AS customerListId, t.create_sent_at AS createSentAt,
  t.adopted, t.audience_id AS audienceId, t.audience_state AS audienceState, t.audience_message AS audienceMessage,
  t.audience_lookup AS audienceLookup, t.ledger_set_id AS ledgerSetId, t.uncertain_set_id AS uncertainSetId,
  t.last_sync_at AS lastSyncAt, t.created_at AS createdAt`;

export type RawTargetRow = Omit<TargetRow, 'adopted' | 'audienceLookup'> & { adopted: number; audienceLookup: number };

export function targetFromRow(row: RawTargetRow): TargetRow {
  return { ...row, adopted: row.adopted === 1, audienceLookup: row.audienceLookup === 1 };
}

function fromRaw(row: RawTargetRow | undefined): TargetRow | undefined {
  return row ? targetFromRow(row) : undefined;
}

/** "Spring promo (email)": how Pinlist names the customer list and audience of a kind. */
export function remoteName(listName: string, kind: IdentifierKind): string {
  return `${listName} (${kind})`;
}

export function getTarget(db: Db, listId: number, adAccountId: string, kind: IdentifierKind): TargetRow | undefined {
  return fromRaw(
    db.prepare(`SELECT ${TARGET_COLUMNS} FROM sync_targets t WHERE t.list_id = ? AND t.ad_account_id = ? AND t.kind = ?`).get(listId, adAccountId, kind) as
      | RawTargetRow
      | undefined,
  );
}

export function getTargetById(db: Db, targetId: number): TargetRow | undefined {
  return fromRaw(db.prepare(`SELECT ${TARGET_COLUMNS} FROM sync_targets t WHERE t.id = ?`).get(targetId) as RawTargetRow | undefined);
}

export function listTargets(db: Db, listId: number, adAccountId?: string): TargetRow[] {
  const rows = (
    adAccountId === undefined
      ? db.prepare(`SELECT ${TARGET_COLUMNS} FROM sync_targets t WHERE t.list_id = ? ORDER BY t.ad_account_id, t.id`).all(listId)
      : db.prepare(`SELECT ${TARGET_COLUMNS} FROM sync_targets t WHERE t.list_id = ? AND t.ad_account_id = ? ORDER BY t.id`).all(listId, adAccountId)
  ) as RawTargetRow[];
  return rows.map((row) => fromRaw(row)!);
}

/** The target of a kind, made (without a remote list yet) if it does not exist. */
export function ensureTarget(db: Db, listId: number, adAccountId: string, kind: IdentifierKind, listName: string): TargetRow {
  const existing = getTarget(db, listId, adAccountId, kind);
  if (existing) return existing;
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO sync_targets (list_id, ad_account_id, kind, list_type, customer_list_name, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(listId, adAccountId, kind, PINTEREST_LIST_TYPE[kind], remoteName(listName, kind), now, now);
  return getTarget(db, listId, adAccountId, kind)!;
}

/** Which local target already uses a remote customer list, if any. */
export function targetUsingRemote(db: Db, adAccountId: string, customerListId: string): TargetRow | undefined {
  return fromRaw(
    db.prepare(`SELECT ${TARGET_COLUMNS} FROM sync_targets t WHERE t.ad_account_id = ? AND t.customer_list_id = ?`).get(adAccountId, customerListId) as
      | RawTargetRow
      | undefined,
  );
}

function touch(db: Db, targetId: number, sets: string, params: unknown[]): void {
  db.prepare(`UPDATE sync_targets SET ${sets}, updated_at = ? WHERE id = ?`).run(...params, new Date().toISOString(), targetId);
}

export function markCreateSent(db: Db, targetId: number, at: string | null): void {
  touch(db, targetId, 'create_sent_at = ?', [at]);
}

export function setRemoteList(db: Db, targetId: number, customerListId: string, adopted: boolean): void {
  touch(db, targetId, 'customer_list_id = ?, create_sent_at = NULL, adopted = ?', [customerListId, adopted ? 1 : 0]);
}

export function setAudience(db: Db, targetId: number, state: AudienceState, audienceId: string | null, message: string | null, lookup = false): void {
  touch(db, targetId, 'audience_state = ?, audience_id = ?, audience_message = ?, audience_lookup = ?', [state, audienceId, message, lookup ? 1 : 0]);
}

export function markSynced(db: Db, targetId: number, at: string): void {
  touch(db, targetId, 'last_sync_at = ?', [at]);
}

export function setLedgerSets(db: Db, targetId: number, ledgerSetId: number | null, uncertainSetId: number | null): void {
  touch(db, targetId, 'ledger_set_id = ?, uncertain_set_id = ?', [ledgerSetId, uncertainSetId]);
}

function setSize(db: Db, setId: number | null): number {
  if (setId === null) return 0;
  return (db.prepare('SELECT size FROM hash_sets WHERE id = ?').pluck().get(setId) as number | undefined) ?? 0;
}

/** The contract's view of a target. */
export function targetView(db: Db, row: TargetRow): SyncTarget {
  return {
    targetId: row.id,
    listId: row.listId,
    adAccountId: row.adAccountId,
    kind: row.kind,
    listType: row.listType,
    customerListId: row.customerListId,
    customerListName: row.customerListName,
    adopted: row.adopted,
    audienceId: row.audienceId,
    audienceState: row.audienceState,
    audienceMessage: row.audienceMessage,
    confirmedMembers: setSize(db, row.ledgerSetId),
    uncertainMembers: setSize(db, row.uncertainSetId),
    lastSyncAt: row.lastSyncAt,
    createdAt: row.createdAt,
  };
}
