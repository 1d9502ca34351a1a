import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { ImportMode } from '../../../shared/contract/import.js';
import type { Db } from '../db/open.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * Member sets written ahead of an import (migration 8, decision 0017): after a plan, while the
 * user reads it, the new member set and change sets an Import would write are written already,
 * belonging to nothing. The import adopts them when the list and the suppression list still hold
 * the very sets they were worked out against (sets are immutable: same ids, same members), so it
 * only repoints the list. Otherwise, or when the plan is dropped, they are deleted.
 */
/** What an import of one kind writes: its new member set and change sets (migration 6), with their counts. */
export interface KindUpdate {
  setId: number;
  size: number;
  added: number;
  removed: number;
  suppressed: number;
  addedSetId: number | null;
  removedSetId: number | null;
}

export interface PreparedKind extends KindUpdate {
  kind: IdentifierKind;
  mode: ImportMode;
  /** What the sets were worked out against: the list's set of this kind, the suppression set applied (null: none). */
  currentSetId: number | null;
  suppressionSetId: number | null;
  /** The sets written for it, listed in `prepared_sets` until adopted or deleted. */
  written: number[];
}

/** Sets a plan may still use are at most an hour old (StagedPlans.MAX_AGE_MS); these are long past that. */
export const PREPARED_MAX_AGE_MS = 2 * 60 * 60 * 1000;

export function listPrepared(db: Db, setIds: readonly number[], now = new Date()): void {
  const insert = db.prepare('INSERT INTO prepared_sets (set_id, owner_pid, created_at) VALUES (?, ?, ?)');
  for (const setId of new Set(setIds)) insert.run(setId, process.pid, now.toISOString());
}

/**
 * Takes a kind's prepared sets for the import (inside its transaction): true when every one is
 * still listed (none was swept), and they are then unlisted: the list and the import hold them.
 */
export function adoptPrepared(db: Db, prepared: PreparedKind): boolean {
  const sets = [...new Set(prepared.written)];
  const listed = db.prepare(`SELECT count(*) FROM prepared_sets WHERE set_id IN (${sets.map(() => '?').join(', ')})`).pluck().get(...sets) as number;
  if (listed !== sets.length) return false;
  db.prepare(`DELETE FROM prepared_sets WHERE set_id IN (${sets.map(() => '?').join(', ')})`).run(...sets);
  return true;
}

/** Deletes those of these sets still listed as prepared (an adopted set is not touched). */
export function discardPrepared(db: Db, setIds: readonly number[]): number {
  let deleted = 0;
  const remove = db.prepare('DELETE FROM hash_sets WHERE id = ? AND id IN (SELECT set_id FROM prepared_sets)');
  db.transaction(() => {
    for (const setId of new Set(setIds)) deleted += remove.run(setId).changes;
  })();
  return deleted;
}

/** Deletes sets written ahead, if they are still unused; a busy database leaves them to a later sweep. */
export function discardQuietly(db: Db, setIds: readonly number[]): void {
  if (setIds.length === 0) return;
  try {
    discardPrepared(db, setIds);
  } catch {
    // Swept later (sweepPreparedSets).
  }
}

/** Every set a list of prepared kinds wrote. */
export function preparedSetIds(prepared: readonly PreparedKind[] | null | undefined): number[] {
  return (prepared ?? []).flatMap((kind) => kind.written);
}

/**
 * Deletes prepared sets no plan can use any more: written by a process that has ended (a crash, or
 * an exit before the plan was dropped) or older than any plan is kept.
 */
export function sweepPreparedSets(db: Db, now = Date.now(), isAlive: (pid: number) => boolean = isProcessAlive): number {
  const rows = db.prepare('SELECT set_id AS setId, owner_pid AS pid, created_at AS createdAt FROM prepared_sets').all() as { setId: number; pid: number; createdAt: string }[];
  const stale = rows.filter((row) => now - Date.parse(row.createdAt) > PREPARED_MAX_AGE_MS || !isAlive(row.pid)).map((row) => row.setId);
  return stale.length > 0 ? discardPrepared(db, stale) : 0;
}
