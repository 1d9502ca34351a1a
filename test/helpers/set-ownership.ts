/**
 * For crash tests: who holds each hash set, and what an import's change sets (migration 6) hold,
 * read with plain SQL (never through the store code under test).
 */
import { expect } from 'vitest';
import type { IdentifierKind } from '../../shared/identifiers.js';
import type { Db } from '../../electron/core/db/open.js';

/** Every row that owns a hash set: a list's members (the suppression list's too), an import's change sets, a sync target's ledger, a sync run's plan. */
const HELD_SETS = `
  SELECT set_id FROM list_members
  UNION SELECT added_set_id FROM import_changes WHERE added_set_id IS NOT NULL
  UNION SELECT removed_set_id FROM import_changes WHERE removed_set_id IS NOT NULL
  UNION SELECT ledger_set_id FROM sync_targets WHERE ledger_set_id IS NOT NULL
  UNION SELECT uncertain_set_id FROM sync_targets WHERE uncertain_set_id IS NOT NULL
  UNION SELECT set_id FROM sync_plan_sets`;

/** Hash sets nothing points at: a half-written or forgotten set. */
export function orphanHashSets(db: Db): number[] {
  return db.prepare(`SELECT id FROM hash_sets WHERE id NOT IN (${HELD_SETS}) ORDER BY id`).pluck().all() as number[];
}

/** A set's hashes, concatenated in order. */
export function setContent(db: Db, setId: number): Buffer {
  return Buffer.concat(db.prepare('SELECT data FROM hash_set_chunks WHERE set_id = ? ORDER BY seq').pluck().all(setId) as Buffer[]);
}

export interface RecordedChange {
  importId: number;
  fileName: string;
  /** False when the import has no `import_changes` row for the kind. */
  recorded: boolean;
  added: Buffer | null;
  removed: Buffer | null;
}

/** The list's imports, oldest first, with the contents of their change sets of one kind (null: none stored). */
export function recordedChanges(db: Db, listId: number, kind: IdentifierKind): RecordedChange[] {
  const rows = db
    .prepare(
      `SELECT i.id AS importId, i.file_name AS fileName, c.kind AS kind, c.added_set_id AS added, c.removed_set_id AS removed
         FROM imports i LEFT JOIN import_changes c ON c.import_id = i.id AND c.kind = ?
        WHERE i.list_id = ? ORDER BY i.id`,
    )
    .all(kind, listId) as { importId: number; fileName: string; kind: string | null; added: number | null; removed: number | null }[];
  return rows.map((row) => ({
    importId: row.importId,
    fileName: row.fileName,
    recorded: row.kind !== null,
    added: row.added === null ? null : setContent(db, row.added),
    removed: row.removed === null ? null : setContent(db, row.removed),
  }));
}

/** `a − b` for two buffers of sorted, distinct 32-byte hashes. */
export function sortedDifference(a: Buffer, b: Buffer): Buffer {
  const out: Buffer[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 32) {
    const hash = a.subarray(i, i + 32);
    while (j < b.length && Buffer.compare(b.subarray(j, j + 32), hash) < 0) j += 32;
    if (j < b.length && Buffer.compare(b.subarray(j, j + 32), hash) === 0) continue;
    out.push(hash);
  }
  return Buffer.concat(out);
}

/** The change sets an import that turned `before` into `after` should store (null for an empty change). */
export function expectedChanges(before: Buffer, after: Buffer): { added: Buffer | null; removed: Buffer | null } {
  const added = sortedDifference(after, before);
  const removed = sortedDifference(before, after);
  return { added: added.length > 0 ? added : null, removed: removed.length > 0 ? removed : null };
}

/** Equal contents, or both absent. */
export function sameSet(actual: Buffer | null, expected: Buffer | null): boolean {
  return actual === null || expected === null ? actual === expected : actual.equals(expected);
}

/**
 * Asserts that no hash set is orphaned and that each import of `listId` (files named
 * `seed-N.csv`, oldest first) stored exactly what it changed; returns the last import's seed.
 */
export function expectChangeSetsFollowImports(
  db: Db,
  listId: number,
  kind: IdentifierKind,
  changesBetween: (from: number, to: number) => { added: Buffer | null; removed: Buffer | null },
): number {
  expect(orphanHashSets(db)).toEqual([]);
  let before = 0;
  for (const change of recordedChanges(db, listId, kind)) {
    const after = Number(/^seed-(\d+)\.csv$/.exec(change.fileName)![1]);
    const want = changesBetween(before, after);
    expect(change.recorded, `import ${change.importId} has no change row`).toBe(true);
    expect(sameSet(change.added, want.added), `import ${change.importId}'s added set`).toBe(true);
    expect(sameSet(change.removed, want.removed), `import ${change.importId}'s removed set`).toBe(true);
    before = after;
  }
  return before;
}
