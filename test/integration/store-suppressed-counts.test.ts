/**
 * |members ∩ suppression| per list and kind (issue 9 item 3): right by either path (a merge of the
 * two sets, or index probes when the suppression set is small), cached by the pair of set ids, and
 * so never stale when either set changes.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/open.js';
import type { ImportMode } from '../../electron/core/store/commit.js';
import { createList, currentSet, suppressionList } from '../../electron/core/store/lists.js';
import { suppressedCounts } from '../../electron/core/store/suppressed-counts.js';
import { hexList, randomHashes } from '../helpers/hash-data.js';
import { commitHexes } from '../helpers/commit-hexes.js';
import { useTempDatabases } from '../helpers/temp.js';

const openDb = useTempDatabases();
const pool = hexList(randomHashes(40_000, 9));

function commit(db: Db, listId: number, mode: ImportMode, hexes: string[]): void {
  commitHexes(db, listId, mode, hexes);
}

const cachedRows = (db: Db): number => db.prepare('SELECT count(*) FROM suppressed_counts').pluck().get() as number;

describe('suppressed counts', () => {
  it('count members on the suppression list by probes (small suppression) and by a merge (large), cached per pair of sets', () => {
    const db = openDb();
    const list = createList(db, 'Buyers');
    commit(db, list.id, 'replace', pool.slice(0, 20_000));
    const suppression = suppressionList(db);
    // Small: 37 of the list's members and 63 strangers (the probe path).
    commit(db, suppression.id, 'add', [...pool.slice(100, 137), ...pool.slice(30_000, 30_063)]);
    expect(suppressedCounts(db, list.id)).toEqual({ email: 37, gaid: 0, idfa: 0 });
    // Large: 5,000 more members and 10,000 strangers (the merge path).
    commit(db, suppression.id, 'add', [...pool.slice(5_000, 10_000), ...pool.slice(20_000, 30_000)]);
    expect(suppressedCounts(db, list.id)).toEqual({ email: 5_037, gaid: 0, idfa: 0 });
    expect(suppressedCounts(db, suppression.id)).toEqual({ email: 0, gaid: 0, idfa: 0 });

    // The answer comes from the cache, by the pair of set ids.
    const members = currentSet(db, list.id, 'email')!;
    const suppressed = currentSet(db, suppression.id, 'email')!;
    db.prepare('UPDATE suppressed_counts SET suppressed = 4242 WHERE member_set_id = ? AND suppression_set_id = ?').run(members.setId, suppressed.setId);
    expect(suppressedCounts(db, list.id).email).toBe(4242);

    // Either set changing makes a new pair: never the stale count. Old pairs go with their sets.
    commit(db, list.id, 'add', pool.slice(35_000, 35_010));
    expect(suppressedCounts(db, list.id).email).toBe(5_037);
    commit(db, suppression.id, 'remove', pool.slice(100, 137));
    expect(suppressedCounts(db, list.id).email).toBe(5_000);
    // A replace leaves every suppressed hash out: its count (0) is known without a merge.
    commit(db, list.id, 'replace', pool.slice(0, 20_000));
    expect(db.prepare('SELECT suppressed FROM suppressed_counts WHERE member_set_id = ?').pluck().get(currentSet(db, list.id, 'email')!.setId)).toBe(0);
    expect(suppressedCounts(db, list.id).email).toBe(0);
    // The current pair, and the pair of both lists' first sets: each is still held as what its first import added.
    expect(cachedRows(db)).toBe(2);
  });
});
