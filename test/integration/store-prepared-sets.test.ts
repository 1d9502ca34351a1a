/**
 * Sets written ahead of an import (store/prepared-sets.ts, migration 8): an import that adopts
 * them ends exactly as one that writes its own, writes no set itself, and leaves nothing behind;
 * sets that no longer fit (the list or the suppression list changed, another mode) are deleted
 * and the import writes its own; a sweep deletes those of ended processes and old ones.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/open.js';
import { planStage } from '../../electron/core/import/commit-stage.js';
import type { StageResult } from '../../electron/core/import/hash-stage.js';
import { commitImport, kindBasis, prepareKind, type CommitImportParams, type CommitImportResult } from '../../electron/core/store/commit.js';
import { createList, currentSet, suppressionList, type ListRecord } from '../../electron/core/store/lists.js';
import { PREPARED_MAX_AGE_MS, sweepPreparedSets, type PreparedKind } from '../../electron/core/store/prepared-sets.js';
import { hexesToBuffer, hexList, randomChunks, randomHashes, sortedUnique } from '../helpers/hash-data.js';
import { orphanHashSets, recordedChanges, setContent } from '../helpers/set-ownership.js';
import { commitHexes, emailIncoming } from '../helpers/commit-hexes.js';
import { useTempDatabases } from '../helpers/temp.js';

const openDb = useTempDatabases();
const pool = sortedUnique(hexList(randomHashes(30_000, 11)));
type Mode = CommitImportParams['mode'];

function kindIncoming(kind: 'email' | 'gaid', hexes: string[]): CommitImportParams['incoming'] {
  return emailIncoming(hexes).map((entry) => ({ ...entry, kind }));
}

function minimalImport(listId: number, mode: Mode): CommitImportParams {
  return { listId, mode, incoming: [], file: { name: 'f.csv', size: 1, sha256: 'ab'.repeat(32) }, mapping: [], format: {}, rowsRead: 0, valid: 0, rejected: 0, rejectReasons: {}, durationMs: 1 };
}

function commit(db: Db, list: ListRecord, mode: Mode, hexes: string[], prepared?: PreparedKind[]): CommitImportResult {
  return commitHexes(db, list.id, mode, hexes, { prepared });
}

/** As a kept plan does (planStage): the sets worked out against the list as it is now, in one transaction. */
function prepare(db: Db, list: ListRecord, mode: Mode, hexes: string[]): PreparedKind[] {
  return db.transaction(() =>
    emailIncoming(hexes).map(({ kind, hashes }) => prepareKind(db, { kind, mode, hashes, ...kindBasis(db, list, kind, mode) })),
  ).immediate();
}

const maxSetId = (db: Db): number => db.prepare('SELECT coalesce(max(id), 0) FROM hash_sets').pluck().get() as number;
const preparedCount = (db: Db): number => db.prepare('SELECT count(*) FROM prepared_sets').pluck().get() as number;

/** What a list ends as, comparable across two databases: its members and each import's change sets. */
function outcome(db: Db, list: ListRecord) {
  const members = currentSet(db, list.id, 'email');
  return {
    members: members ? setContent(db, members.setId).toString('hex') : '',
    changes: recordedChanges(db, list.id, 'email').map((change) => [change.added?.toString('hex') ?? null, change.removed?.toString('hex') ?? null]),
  };
}

// Each step: the suppression list's members (null: none), then an import.
const steps: { suppressed: string[] | null; mode: Mode; file: string[] }[] = [
  { suppressed: null, mode: 'replace', file: pool.slice(0, 12_000) },
  { suppressed: null, mode: 'replace', file: pool.slice(6_000, 18_000) },
  { suppressed: pool.slice(17_000, 19_000), mode: 'add', file: pool.slice(16_000, 22_000) },
  { suppressed: pool.slice(17_000, 19_000), mode: 'replace', file: pool.slice(0, 20_000) },
  { suppressed: null, mode: 'remove', file: pool.slice(0, 5_000) },
  { suppressed: null, mode: 'replace', file: [] },
];

describe('member sets written ahead of an import', () => {
  it('an import that adopts them ends exactly as one that writes its own, writing no set and leaving none behind', () => {
    const plain = openDb();
    const ahead = openDb();
    const plainList = createList(plain, 'Buyers');
    const aheadList = createList(ahead, 'Buyers');
    for (const step of steps) {
      if (step.suppressed) {
        for (const db of [plain, ahead]) commit(db, suppressionList(db), 'replace', step.suppressed);
      }
      const expected = commit(plain, plainList, step.mode, step.file);
      const prepared = prepare(ahead, aheadList, step.mode, step.file);
      expect(preparedCount(ahead)).toBeGreaterThan(0);
      const lastSet = maxSetId(ahead);
      const got = commit(ahead, aheadList, step.mode, step.file, prepared);
      // Adopted: the commit wrote no set of its own.
      expect(maxSetId(ahead)).toBe(lastSet);
      expect(got.kinds.email!.setId).toBe(prepared[0]!.setId);
      const counts = ({ added, removed, suppressed, removedSuppressed, membersAfter }: CommitImportResult) => ({ added, removed, suppressed, removedSuppressed, membersAfter });
      expect(counts(got)).toEqual(counts(expected));
      expect(outcome(ahead, aheadList)).toEqual(outcome(plain, plainList));
      expect(preparedCount(ahead)).toBe(0);
      expect(orphanHashSets(ahead)).toEqual([]);
    }
  });

  it('sets that no longer fit are deleted and the import writes its own: the list changed, the suppression list changed, another mode', () => {
    const db = openDb();
    const list = createList(db, 'Changing');
    commit(db, list, 'replace', pool.slice(0, 1_000));

    const stale = prepare(db, list, 'replace', pool.slice(500, 2_000));
    commit(db, list, 'add', pool.slice(2_000, 2_100)); // another import in between
    const lastSet = maxSetId(db);
    const result = commit(db, list, 'replace', pool.slice(500, 2_000), stale);
    expect(maxSetId(db)).toBeGreaterThan(lastSet);
    expect(result.kinds.email!.setId).not.toBe(stale[0]!.setId);
    expect(result).toMatchObject({ added: 1_000, removed: 600, membersAfter: { email: 1_500 } });

    const beforeSuppression = prepare(db, list, 'add', pool.slice(3_000, 3_100));
    commit(db, suppressionList(db), 'replace', pool.slice(3_000, 3_010));
    expect(commit(db, list, 'add', pool.slice(3_000, 3_100), beforeSuppression)).toMatchObject({ added: 90, suppressed: 10 });

    const asReplace = prepare(db, list, 'replace', pool.slice(0, 10));
    expect(commit(db, list, 'remove', pool.slice(0, 10), asReplace)).toMatchObject({ removed: 0 });

    expect(preparedCount(db)).toBe(0);
    expect(orphanHashSets(db)).toEqual([]);
  });

  it('kind by kind: one whose list set changed is written afresh, the other is adopted', () => {
    const db = openDb();
    const list = createList(db, 'Two kinds');
    const gaids = pool.slice(20_000, 21_000);
    const both = (emails: string[], ads: string[]) => [...kindIncoming('email', emails), ...kindIncoming('gaid', ads)];
    commitImport(db, { ...minimalImport(list.id, 'replace'), incoming: both(pool.slice(0, 1_000), gaids) });

    const prepared = db.transaction(() =>
      both(pool.slice(500, 2_000), gaids.slice(0, 600)).map(({ kind, hashes }) => prepareKind(db, { kind, mode: 'replace', hashes, ...kindBasis(db, list, kind, 'replace') })),
    ).immediate();
    // Another import changes only the ad IDs in between.
    commitImport(db, { ...minimalImport(list.id, 'add'), incoming: kindIncoming('gaid', pool.slice(21_000, 21_050)) });

    const result = commitImport(db, { ...minimalImport(list.id, 'replace'), incoming: both(pool.slice(500, 2_000), gaids.slice(0, 600)), prepared });
    const [email, gaid] = prepared;
    expect(result.kinds.email!.setId).toBe(email!.setId);
    expect(result.kinds.gaid!.setId).not.toBe(gaid!.setId);
    expect(result.kinds.gaid).toMatchObject({ size: 600, removed: 450 });
    expect(result.membersAfter).toMatchObject({ email: 1_500, gaid: 600 });
    expect(preparedCount(db)).toBe(0);
    expect(orphanHashSets(db)).toEqual([]);
  });

  it('a sweep deletes the sets of a process that has ended and those too old for any plan, and keeps the rest', () => {
    const db = openDb();
    const list = createList(db, 'Swept');
    const mine = prepare(db, list, 'replace', pool.slice(0, 100));
    const theirs = prepare(db, list, 'replace', pool.slice(100, 200));
    const deadPid = 999_999;
    db.prepare(`UPDATE prepared_sets SET owner_pid = ? WHERE set_id IN (${theirs[0]!.written.join(',')})`).run(deadPid);
    const now = Date.now();

    expect(sweepPreparedSets(db, now, (pid) => pid !== deadPid)).toBe(theirs[0]!.written.length);
    expect(db.prepare('SELECT set_id FROM prepared_sets ORDER BY set_id').pluck().all()).toEqual(mine[0]!.written);
    expect(sweepPreparedSets(db, now + PREPARED_MAX_AGE_MS / 2, () => true)).toBe(0);
    expect(sweepPreparedSets(db, now + PREPARED_MAX_AGE_MS + 60_000, () => true)).toBe(mine[0]!.written.length);
    expect(preparedCount(db)).toBe(0);
    expect(orphanHashSets(db)).toEqual([]);
  });
});

describe('a kept plan\'s counts and its sets, in one transaction (planStage)', () => {
  const stageOf = (hexes: string[]): StageResult => {
    const sorted = sortedUnique(hexes);
    return {
      kinds: ['email'],
      rowsRead: hexes.length,
      rejected: 0,
      rejectReasons: {},
      rejects: { rows: () => [] },
      plaintext: null,
      extraColumn: null,
      finish: () => [{ kind: 'email', hashes: Object.assign(randomChunks(hexesToBuffer(sorted), sorted.length, 2500), { duplicates: 0, count: sorted.length }) }],
      uniqueCount: () => sorted.length,
      duplicateCount: () => 0,
    };
  };
  const plan = (db: Db, prepare: boolean) =>
    planStage(db, { target: { list: 'Planned' }, mode: 'replace', stage: stageOf(pool.slice(2_000, 9_000)), throwIfCancelled: () => undefined, prepare });

  it('counts the same with or without writing the sets, which then wait, held by nothing, for the import', () => {
    const db = openDb();
    commit(db, createList(db, 'Planned'), 'replace', pool.slice(0, 5_000));
    commit(db, suppressionList(db), 'replace', pool.slice(8_000, 8_500));
    const counted = plan(db, false);
    expect(counted.prepared).toBeNull();
    const prepared = plan(db, true);
    expect(prepared.counts).toEqual(counted.counts);
    expect(prepared.counts).toMatchObject({ added: 3_500, removed: 2_000, suppressed: 500, membersAfter: { email: 6_500 } });
    expect(prepared.prepared).toMatchObject([{ kind: 'email', size: 6_500, added: 3_500, removed: 2_000, suppressed: 500 }]);
    expect(preparedCount(db)).toBe(prepared.prepared![0]!.written.length);
  });

  it('counts without writing when another connection holds the database', () => {
    const db = openDb();
    commit(db, createList(db, 'Planned'), 'replace', pool.slice(0, 5_000));
    const other = openDatabase(db.name);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      db.pragma('busy_timeout = 0');
      const result = plan(db, true);
      expect(result.prepared).toBeNull();
      expect(result.counts).toMatchObject({ added: 4_000, removed: 2_000 });
      other.prepare('ROLLBACK').run();
    } finally {
      other.close();
    }
    expect(preparedCount(db)).toBe(0);
  });
});
