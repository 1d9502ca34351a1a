import type { RemoteSnapshot } from '../../../shared/contract/sync.js';
import { isPinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';
import type { TargetRow } from './targets.js';

/**
 * Pinterest's view of a target, asked on demand and kept with a timestamp: matching takes 24 to
 * 48 hours, so the last answer is what the app shows in between.
 */

export interface SnapshotRow {
  /** null: the row came from an outer join and no snapshot was kept. */
  fetchedAt: string | null;
  customerListStatus: string | null;
  numUploaded: number | null;
  numRemoved: number | null;
  numBatches: number | null;
  audienceStatus: string | null;
  audienceSize: number | null;
  problem: string | null;
  hasAudience: number | null;
  hasList: number | null;
}

/** A snapshot's columns from `sync_remote_status` under `alias`; read with {@link snapshotFromRow}. */
export function snapshotColumns(alias: string): string {
  return `${alias}.fetched_at AS fetchedAt, ${alias}.customer_list_status AS customerListStatus, ${alias}.num_uploaded_user_records AS numUploaded,
          ${alias}.num_removed_user_records AS numRemoved, ${alias}.num_batches AS numBatches, ${alias}.audience_status AS audienceStatus,
          ${alias}.audience_size AS audienceSize, ${alias}.problem AS problem,
          (${alias}.audience_status IS NOT NULL OR ${alias}.audience_size IS NOT NULL) AS hasAudience,
          (${alias}.customer_list_status IS NOT NULL OR ${alias}.num_uploaded_user_records IS NOT NULL) AS hasList`;
}

/** The newest snapshot of each target, as a join condition on `alias` (`LEFT JOIN sync_remote_status s ON ${newestSnapshotOf('s', 't.id')}`). */
export function newestSnapshotOf(alias: string, targetId: string): string {
  return `${alias}.id = (SELECT max(id) FROM sync_remote_status WHERE target_id = ${targetId})`;
}

export function snapshotFromRow(row: SnapshotRow): RemoteSnapshot | null {
  if (row.fetchedAt === null) return null;
  return {
    customerList: row.hasList
      ? { status: row.customerListStatus, numUploadedUserRecords: row.numUploaded, numRemovedUserRecords: row.numRemoved, numBatches: row.numBatches }
      : null,
    audience: row.hasAudience ? { status: row.audienceStatus, size: row.audienceSize } : null,
    fetchedAt: row.fetchedAt,
    problem: row.problem,
  };
}

export function latestSnapshot(db: Db, targetId: number): RemoteSnapshot | null {
  const row = db.prepare(`SELECT ${snapshotColumns('s')} FROM sync_remote_status s WHERE s.target_id = ? ORDER BY s.id DESC LIMIT 1`).get(targetId) as
    | SnapshotRow
    | undefined;
  return row ? snapshotFromRow(row) : null;
}

/** Asks Pinterest about the target's customer list and audience and keeps the answer. */
export async function refreshSnapshot(db: Db, client: PinterestClient, target: TargetRow): Promise<RemoteSnapshot> {
  const snapshot: RemoteSnapshot = { customerList: null, audience: null, fetchedAt: new Date().toISOString(), problem: null };
  const problems: string[] = [];
  const attempt = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (error) {
      // Auth problems concern every target: the caller shows them once.
      if (isPinlistError(error) && ['AUTH_EXPIRED', 'AUTH_FAILED', 'NOT_CONNECTED', 'KEYCHAIN_UNAVAILABLE', 'CANCELLED'].includes(error.code)) throw error;
      problems.push((error as Error).message);
    }
  };
  if (target.customerListId) {
    const id = target.customerListId;
    await attempt(async () => {
      const list = await client.getCustomerList(target.adAccountId, id);
      snapshot.customerList = {
        status: list.status ?? null,
        numUploadedUserRecords: list.num_uploaded_user_records ?? null,
        numRemovedUserRecords: list.num_removed_user_records ?? null,
        numBatches: list.num_batches ?? null,
      };
    });
  }
  if (target.audienceId) {
    const id = target.audienceId;
    await attempt(async () => {
      const audience = await client.getAudience(target.adAccountId, id);
      snapshot.audience = { status: audience.status ?? null, size: audience.size ?? null };
    });
  }
  snapshot.problem = problems.length > 0 ? problems.join(' ') : null;
  db.prepare(
    `INSERT INTO sync_remote_status (target_id, fetched_at, customer_list_status, num_uploaded_user_records, num_removed_user_records,
       num_batches, audience_status, audience_size, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    target.id,
    snapshot.fetchedAt,
    snapshot.customerList?.status ?? null,
    snapshot.customerList?.numUploadedUserRecords ?? null,
    snapshot.customerList?.numRemovedUserRecords ?? null,
    snapshot.customerList?.numBatches ?? null,
    snapshot.audience?.status ?? null,
    snapshot.audience?.size ?? null,
    snapshot.problem,
  );
  return snapshot;
}
