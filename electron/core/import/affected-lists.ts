import type { AffectedList } from '../../../shared/contract/import.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import type { KindCommitResult } from '../store/commit.js';
import { HASH_BYTES } from '../store/hashes.js';
import { HashSetProbe, readHashSet } from '../store/hash-sets.js';
import { currentSet, emptyCounts, listLists } from '../store/lists.js';
import { mergeSets } from '../store/merge.js';
import { suppressedCountOf } from '../store/suppressed-counts.js';

/**
 * What an import into the suppression list did to the audience lists: per list, the members it
 * newly suppressed (list ∩ the hashes this import added) and how many of those Pinterest holds
 * by the ledger (the next sync removes them). Runs inside the import's transaction, where the
 * added set was just written; it also fills the suppressed-count cache for the new suppression
 * sets, so the next `lists.list` does not pay for it.
 */
export function affectedLists(db: Db, kinds: Partial<Record<IdentifierKind, KindCommitResult>>): AffectedList[] {
  const ledgers = db.prepare(
    'SELECT ledger_set_id FROM sync_targets WHERE list_id = ? AND kind = ? AND ledger_set_id IS NOT NULL',
  ).pluck();
  const affected: AffectedList[] = [];
  for (const list of listLists(db)) {
    const suppressed = emptyCounts();
    let onPinterest = 0;
    for (const kind of IDENTIFIER_KINDS) {
      const change = kinds[kind];
      const members = currentSet(db, list.id, kind);
      if (!change || !members || members.size === 0) continue;
      suppressedCountOf(db, members, { setId: change.setId, size: change.size });
      if (change.addedSetId === null) continue;
      const probes = (ledgers.all(list.id, kind) as number[]).map((setId) => new HashSetProbe(db, setId));
      for (const chunk of mergeSets('intersection', readHashSet(db, members.setId), readHashSet(db, change.addedSetId))) {
        for (let at = 0; at < chunk.length; at += HASH_BYTES) {
          suppressed[kind]++;
          if (probes.some((probe) => probe.has(chunk, at))) onPinterest++;
        }
      }
    }
    const total = IDENTIFIER_KINDS.reduce((sum, kind) => sum + suppressed[kind], 0);
    if (total > 0) affected.push({ listId: list.id, name: list.name, suppressed, total, onPinterest });
  }
  return affected;
}
