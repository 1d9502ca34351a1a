import type { SyncStatus } from '../../../shared/contract/sync.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';
import { requireList } from '../store/index.js';
import { liveLock } from './lock.js';
import { latestSnapshot, refreshSnapshot } from './remote-status.js';
import { listTargets, targetView } from './targets.js';

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
