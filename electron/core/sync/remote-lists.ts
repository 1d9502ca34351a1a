import type { RemoteCustomerList } from '../../../shared/contract/sync.js';
import { PinlistError } from '../../../shared/errors.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';
import { PinterestApiError } from '../pinterest/errors.js';
import type { CustomerList, CustomerListAnswer } from '../pinterest/types.js';
import { resetLedger } from './ledger.js';
import type { SyncSession } from './session.js';
import { ensureTarget, setAudience, setRemoteList, targetUsingRemote, type TargetRow } from './targets.js';

/** Finding, adopting and checking the Pinterest customer lists a list syncs to. */

/** Lists created this long before the lost create still count as "ours" (clock differences). */
const CLOCK_SLACK_SECONDS = 600;

/**
 * The customer list a lost create may have made: same name, not used by another target,
 * created after the attempt (when Pinterest says when). The newest wins.
 */
export async function findListByName(session: SyncSession, target: TargetRow, sentAt: string | null): Promise<CustomerList | undefined> {
  session.countRequest(null, false);
  const lists = await session.client.listCustomerLists(target.adAccountId);
  const since = sentAt ? Date.parse(sentAt) / 1000 - CLOCK_SLACK_SECONDS : null;
  const candidates = lists.filter((list) => {
    if (list.name !== target.customerListName) return false;
    const user = targetUsingRemote(session.db, target.adAccountId, list.id);
    if (user && user.id !== target.id) return false;
    return since === null || list.created_time == null || list.created_time >= since;
  });
  candidates.sort((a, b) => (b.created_time ?? 0) - (a.created_time ?? 0));
  return candidates[0];
}

/** Checks that an adopted customer list exists in the ad account; throws an actionable error if not. */
export async function verifyAdoptable(client: PinterestClient, db: Db, listId: number, adAccountId: string, kind: IdentifierKind, customerListId: string): Promise<CustomerListAnswer> {
  const user = targetUsingRemote(db, adAccountId, customerListId);
  if (user && user.listId !== listId) {
    throw new PinlistError('CONFLICT', `Customer list ${customerListId} is already synced from another Pinlist list. Each Pinterest customer list can follow one list only; pick another ID.`);
  }
  if (user && user.kind !== kind) {
    throw new PinlistError('CONFLICT', `Customer list ${customerListId} already receives this list's ${user.kind} members; it cannot take the ${kind} members too.`);
  }
  try {
    return await client.getCustomerList(adAccountId, customerListId);
  } catch (error) {
    if (error instanceof PinterestApiError && error.status === 404) {
      throw new PinlistError(
        'NOT_FOUND',
        `Pinterest has no customer list ${customerListId} in ad account ${adAccountId}. Check the ID in Ads Manager (Audiences → the list's details) and that it belongs to this ad account.`,
      );
    }
    throw error;
  }
}

/**
 * Points the kind's target at an existing customer list. Pinterest cannot list a customer list's
 * members, so the ledger starts empty: every member is sent, and whatever the list held before
 * stays. Returns the warning to show, or null when the list was already the target.
 */
export function adoptList(db: Db, listId: number, listName: string, adAccountId: string, kind: IdentifierKind, customerListId: string): string | null {
  return db.transaction(() => {
    const target = ensureTarget(db, listId, adAccountId, kind, listName);
    if (target.customerListId === customerListId) return null;
    resetLedger(db, target.id);
    setRemoteList(db, target.id, customerListId, true);
    // The audience belongs to the old list; an audience already built on the adopted one is looked up.
    setAudience(db, target.id, 'none', null, null, true);
    return (
      `Adopted customer list ${customerListId} for the ${kind} members. Pinterest cannot show what it already holds, so every member is sent, ` +
      `and records it held before that are not in this list stay in it.`
    );
  })();
}

const KIND_OF_TYPE: Record<string, IdentifierKind> = { EMAIL: 'email', MAID: 'gaid', IDFA: 'idfa' };

/**
 * The ad account's customer lists for "Use an existing customer list": by name, with type, size
 * and status as Pinterest gives them, and which Pinlist list (and kind) already syncs to each.
 */
export async function remoteCustomerLists(client: PinterestClient, db: Db, adAccountId: string): Promise<RemoteCustomerList[]> {
  const lists = await client.listCustomerLists(adAccountId);
  const users = db
    .prepare(
      `SELECT t.customer_list_id AS customerListId, t.list_id AS listId, l.name AS listName, t.kind AS kind
         FROM sync_targets t JOIN lists l ON l.id = t.list_id
        WHERE t.ad_account_id = ? AND t.customer_list_id IS NOT NULL`,
    )
    .all(adAccountId) as { customerListId: string; listId: number; listName: string; kind: IdentifierKind }[];
  const usedBy = new Map(users.map(({ customerListId, ...user }) => [customerListId, user]));
  return lists
    .map((list) => {
      // Pinterest's list answers carry `type: "customerlist"`, not the list type; keep one if it is there.
      const listType = typeof list.list_type === 'string' ? list.list_type : null;
      const user = usedBy.get(list.id);
      return {
        id: list.id,
        name: list.name ?? `Customer list ${list.id}`,
        listType,
        kind: (listType ? KIND_OF_TYPE[listType] : undefined) ?? user?.kind ?? null,
      size: list.num_uploaded_user_records ?? null,
      status: list.status ?? null,
        createdTime: list.created_time ?? null,
        usedBy: user ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}
