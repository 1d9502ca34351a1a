import type { SuppressionSummary } from '../../../shared/contract/lists.js';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import {
  containsHash,
  currentSet,
  releaseHashSet,
  emptyCounts,
  findSuppressionList,
  mergeSets,
  memberCounts,
  readHashSet,
  writeHashSet,
} from '../store/index.js';
import { hashTypedValue } from './lookup.js';
import { listSummaryOf } from './overview.js';

/** The suppression list's sizes and newest import; zeros (and a null id) before it exists. */
export function suppressionSummary(db: Db): SuppressionSummary {
  const list = findSuppressionList(db);
  if (!list) return { listId: null, members: emptyCounts(), total: 0, lastImport: null, updatedAt: null };
  const { id, members, total, lastImport, updatedAt } = listSummaryOf(db, list.id);
  return { listId: id, members, total, lastImport, updatedAt };
}

export type SuppressionRemoval =
  | { hash: string; removed: boolean; members: Record<IdentifierKind, number>; total: number }
  | { rejected: RejectReason };

/**
 * Takes one person off the suppression list. Sets are immutable, so this writes the set minus
 * that hash as a new set, points the list at it and deletes the old one, all in one immediate
 * transaction (the same pattern as an import), and drops any kept plaintext for it.
 */
export function removeFromSuppression(db: Db, kind: IdentifierKind, value: string): SuppressionRemoval {
  const hashed = hashTypedValue(kind, value);
  if (!hashed.ok) return { rejected: hashed.reason };
  const hash = hashed.hash;
  const removed = db
    .transaction((): boolean => {
      const list = findSuppressionList(db);
      const current = list && currentSet(db, list.id, kind);
      if (!list || !current || current.size === 0 || !containsHash(db, current.setId, hash)) return false;
      const remaining = mergeSets('difference', readHashSet(db, current.setId), [hash], { reuseChunks: true });
      const written = writeHashSet(db, kind, remaining);
      db.prepare('UPDATE list_members SET set_id = ? WHERE list_id = ? AND kind = ?').run(written.setId, list.id, kind);
      releaseHashSet(db, current.setId);
      db.prepare('DELETE FROM member_plaintext WHERE list_id = ? AND kind = ? AND hash = ?').run(list.id, kind, hash);
      db.prepare('UPDATE lists SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), list.id);
      return true;
    })
    .immediate();
  const list = findSuppressionList(db);
  const members = list ? memberCounts(db, list.id) : emptyCounts();
  return { hash: hash.toString('hex'), removed, members, total: members.email + members.gaid + members.idfa };
}
