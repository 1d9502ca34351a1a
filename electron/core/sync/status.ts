import type { PinterestTargetStatus, SyncStatus } from '../../../shared/contract/sync.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';
import { requireList } from '../store/index.js';
import { liveLock } from './lock.js';
import { latestSnapshot, newestSnapshotOf, refreshSnapshot, snapshotColumns, snapshotFromRow, type SnapshotRow } from './remote-status.js';
import { listTargets, TARGET_COLUMNS, targetFromRow, targetView, type RawTargetRow } from './targets.js';

/**
 * The list's targets with Pinterest's last known word on each; `client` given: asked now (and
 * kept). A target Pinterest cannot be asked about keeps its last answer, with the reason.
 */
export async function syncStatus(db: Db, listId: number, options: { adAccountId?: string | undefined; client?: PinterestClient | undefined } = {}): Promise<SyncStatus> {
  const list = requireList(db, listId);
  const targets = listTargets(db, list.id, options.adAccountId);
  const rows: SyncStatus['targets'] = [];
  for (const target of targets) {
    let remote = latestSnapshot(db, target.id);
    if (options.client && target.customerListId) {
      // Per-target problems are kept in the snapshot; auth problems concern every target and throw.
      remote = await refreshSnapshot(db, options.client, target);
    }
    rows.push({ target: targetView(db, target), remote });
  }
  const lock = liveLock(db, list.id);
  return {
    listId: list.id,
    list: list.name,
    targets: rows,
    lock: lock ? { pid: lock.pid, host: lock.host, since: lock.acquiredAt, heartbeatAt: lock.heartbeatAt } : null,
  };
}

/**
 * The Pinterest customer lists of every list (or of one) with their newest kept snapshot, for the
 * list overview: one statement for all lists, in the order `syncStatus` gives them. Nothing is
 * asked of Pinterest.
 */
export function pinterestStatusByList(db: Db, listId?: number): Map<number, PinterestTargetStatus[]> {
  const rows = db
    .prepare(
      `SELECT ${TARGET_COLUMNS}, ${snapshotColumns('s')}
         FROM sync_targets t LEFT JOIN sync_remote_status s ON ${newestSnapshotOf('s', 't.id')}
        ${listId === undefined ? '' : 'WHERE t.list_id = ?'}
        ORDER BY t.list_id, t.ad_account_id, t.id`,
    )
    .all(...(listId === undefined ? [] : [listId])) as (RawTargetRow & SnapshotRow)[];
  const byList = new Map<number, PinterestTargetStatus[]>();
  for (const row of rows) {
    const target = targetFromRow(row);
    let statuses = byList.get(target.listId);
    if (!statuses) byList.set(target.listId, (statuses = []));
    statuses.push({
      adAccountId: target.adAccountId,
      kind: target.kind,
      listType: target.listType,
      customerListId: target.customerListId,
      audienceState: target.audienceState,
      remote: snapshotFromRow(row),
    });
  }
  return byList;
}
