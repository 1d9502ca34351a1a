import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { HASH_BYTES } from './hashes.js';
import { HashSetProbe, readHashSet } from './hash-sets.js';
import { currentSet, emptyCounts, findSuppressionList } from './lists.js';
import { intersectionCount } from './merge.js';

/**
 * How many of a list's members are on the suppression list: |members ∩ suppression| per kind.
 *
 * Cached in `suppressed_counts` by the pair of set ids. Sets are immutable (an import or a
 * removal writes a new set), so a cached pair is never stale and needs no invalidation; rows go
 * with their sets (ON DELETE CASCADE). A miss costs one pass: a merge of the two sorted sets, or,
 * when the suppression set is much smaller, an index probe per suppressed hash.
 */

/** Below members / PROBE_RATIO suppressed hashes, probing each one beats reading every member. */
const PROBE_RATIO = 64;

function cached(db: Db, memberSetId: number, suppressionSetId: number): number | undefined {
  return db
    .prepare('SELECT suppressed FROM suppressed_counts WHERE member_set_id = ? AND suppression_set_id = ?')
    .pluck()
    .get(memberSetId, suppressionSetId) as number | undefined;
}

/** |a ∩ b| of two stored sets, reading the larger one only when that is cheaper than probing it. */
export function storedIntersectionCount(db: Db, a: { setId: number; size: number }, b: { setId: number; size: number }): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size * PROBE_RATIO < large.size) {
    const probe = new HashSetProbe(db, large.setId);
    let both = 0;
    for (const chunk of readHashSet(db, small.setId)) {
      for (let at = 0; at < chunk.length; at += HASH_BYTES) if (probe.has(chunk, at)) both++;
    }
    return both;
  }
  return intersectionCount(readHashSet(db, a.setId), readHashSet(db, b.setId));
}

/**
 * Keeps a computed count. Best effort and never waits: a reader must not stall behind an import's
 * commit just to fill the cache (the next read computes it again).
 */
export function rememberSuppressedCount(db: Db, memberSetId: number, suppressionSetId: number, suppressed: number): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 0');
    db.prepare('INSERT OR REPLACE INTO suppressed_counts (member_set_id, suppression_set_id, suppressed) VALUES (?, ?, ?)').run(
      memberSetId,
      suppressionSetId,
      suppressed,
    );
  } catch {
    // Busy, read-only or a set deleted meanwhile: the count stays correct, only uncached.
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** |members ∩ suppression| for two stored sets, from the cache or computed (and cached). */
export function suppressedCountOf(db: Db, members: { setId: number; size: number }, suppression: { setId: number; size: number }): number {
  if (members.size === 0 || suppression.size === 0) return 0;
  const hit = cached(db, members.setId, suppression.setId);
  if (hit !== undefined) return hit;
  const count = storedIntersectionCount(db, members, suppression);
  rememberSuppressedCount(db, members.setId, suppression.setId, count);
  return count;
}

/** The list's members on the suppression list, per kind (all 0 for the suppression list itself). */
export function suppressedCounts(db: Db, listId: number): Record<IdentifierKind, number> {
  const counts = emptyCounts();
  const suppression = findSuppressionList(db);
  if (!suppression || suppression.id === listId) return counts;
  for (const kind of IDENTIFIER_KINDS) {
    const members = currentSet(db, listId, kind);
    const suppressed = currentSet(db, suppression.id, kind);
    if (members && suppressed) counts[kind] = suppressedCountOf(db, members, suppressed);
  }
  return counts;
}
