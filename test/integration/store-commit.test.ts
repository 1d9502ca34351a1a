import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/open.js';
import { commitImport, planMemberUpdate, type CommitImportParams, type RejectRow } from '../../electron/core/store/commit.js';
import { readHashSet } from '../../electron/core/store/hash-sets.js';
import { getImport, importHistory, purgeRejects, rejectsOf } from '../../electron/core/store/import-records.js';
import { createList, currentSet, suppressionList } from '../../electron/core/store/lists.js';
import { hashesOf } from '../../electron/core/store/merge.js';
import { HashSetBuilder } from '../../electron/core/store/sorted-runs.js';
import { collectHex, hexesToBuffer, hexList, randomChunks, randomHashes, rng, sortedUnique } from '../helpers/hash-data.js';
import { orphanHashSets } from '../helpers/set-ownership.js';
import { useTempDatabases, useTempDirs } from '../helpers/temp.js';

const openDb = useTempDatabases();
const tempDir = useTempDirs();

const pool = hexList(randomHashes(60_000, 42));
const countOf = (db: Db, table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** A sorted subset of the shared pool: ~share% of it, chosen by seed. */
function subset(seed: number, share: number): string[] {
  const next = rng(seed);
  return sortedUnique(pool.filter(() => next() % 100 < share));
}

function params(listId: number, mode: CommitImportParams['mode'], email: string[], extra: Partial<CommitImportParams> = {}): CommitImportParams {
  return {
    listId,
    mode,
    incoming: [{ kind: 'email', hashes: randomChunks(hexesToBuffer(email), email.length, 4000) }],
    file: { name: 'customers.csv', size: 1234, sha256: 'ab'.repeat(32) },
    mapping: [{ column: 'Email', kind: 'email' }],
    format: { delimiter: ',', encoding: 'utf-8' },
    rowsRead: email.length + 3,
    valid: email.length,
    rejected: 3,
    duplicates: 0,
    rejectReasons: { missing_at: 2, empty: 1 },
    durationMs: 12.4,
    ...extra,
  };
}

function members(db: Db, listId: number, kind: 'email' | 'gaid' | 'idfa' = 'email'): string[] {
  const set = currentSet(db, listId, kind);
  return set ? collectHex(readHashSet(db, set.setId)) : [];
}

describe('commitImport', () => {
  it('replace, add and remove give the reference sets and exact counts', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const first = subset(1, 50);
    const r1 = commitImport(db, params(list.id, 'replace', first));
    expect(r1).toMatchObject({ added: first.length, removed: 0, suppressed: 0, membersAfter: { email: first.length, gaid: 0, idfa: 0 } });
    expect(members(db, list.id)).toEqual(first);

    const second = subset(2, 50);
    const r2 = commitImport(db, params(list.id, 'replace', second));
    const inFirst = new Set(first);
    const inSecond = new Set(second);
    expect(r2.added).toBe(second.filter((h) => !inFirst.has(h)).length);
    expect(r2.removed).toBe(first.filter((h) => !inSecond.has(h)).length);
    expect(members(db, list.id)).toEqual(second);

    const more = subset(3, 20);
    const r3 = commitImport(db, params(list.id, 'add', more));
    const afterAdd = sortedUnique([...second, ...more]);
    expect(r3).toMatchObject({ added: afterAdd.length - second.length, removed: 0 });
    expect(members(db, list.id)).toEqual(afterAdd);

    const gone = subset(4, 30);
    const r4 = commitImport(db, params(list.id, 'remove', gone));
    const goneSet = new Set(gone);
    const afterRemove = afterAdd.filter((h) => !goneSet.has(h));
    expect(r4).toMatchObject({ added: 0, removed: afterAdd.length - afterRemove.length, membersAfter: { email: afterRemove.length } });
    expect(members(db, list.id)).toEqual(afterRemove);

    // Old sets are gone: every set left is the list's members or an import's change set.
    expect(orphanHashSets(db)).toEqual([]);
    // The remove import recorded exactly the hashes it took out (what a lookup's history reads).
    const removedSetId = db.prepare("SELECT removed_set_id FROM import_changes WHERE import_id = ? AND kind = 'email'").pluck().get(r4.importId) as number;
    expect(collectHex(readHashSet(db, removedSetId))).toEqual(afterAdd.filter((h) => goneSet.has(h)));
    expect(importHistory(db, list.id).map((i) => [i.mode, i.added, i.removed])).toEqual([
      ['remove', 0, r4.removed],
      ['add', r3.added, 0],
      ['replace', r2.added, r2.removed],
      ['replace', first.length, 0],
    ]);
  });

  it('records the import row with every count and the JSON fields', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const emails = subset(5, 10);
    const gaids = subset(6, 5);
    const result = commitImport(db, {
      ...params(list.id, 'replace', emails),
      incoming: [
        { kind: 'email', hashes: hashesOf(hexesToBuffer(emails)) },
        { kind: 'gaid', hashes: hashesOf(hexesToBuffer(gaids)) },
      ],
      duplicates: 17,
    });
    const record = getImport(db, result.importId)!;
    expect(record).toMatchObject({
      listId: list.id,
      fileName: 'customers.csv',
      fileSize: 1234,
      fileSha256: 'ab'.repeat(32),
      mode: 'replace',
      mapping: [{ column: 'Email', kind: 'email' }],
      format: { delimiter: ',', encoding: 'utf-8' },
      rowsRead: emails.length + 3,
      valid: emails.length,
      rejected: 3,
      duplicates: 17,
      suppressed: 0,
      added: emails.length + gaids.length,
      removed: 0,
      rejectReasons: { missing_at: 2, empty: 1 },
      membersAfter: { email: emails.length, gaid: gaids.length, idfa: 0 },
      durationMs: 12,
    });
    expect(result.kinds.gaid).toMatchObject({ size: gaids.length, added: gaids.length });
    expect(members(db, list.id, 'gaid')).toEqual(gaids);
  });

  it('leaves out suppressed hashes (replace and add) and counts them; remove ignores suppression', () => {
    const db = openDb();
    const suppressed = subset(7, 10);
    commitImport(db, params(suppressionList(db).id, 'replace', suppressed));
    const list = createList(db, 'Customers');
    const incoming = subset(8, 40);
    const blocked = new Set(suppressed);
    const kept = incoming.filter((h) => !blocked.has(h));
    const r1 = commitImport(db, params(list.id, 'replace', incoming));
    expect(r1.suppressed).toBe(incoming.length - kept.length);
    expect(r1.suppressed).toBeGreaterThan(0);
    expect(members(db, list.id)).toEqual(kept);
    expect(getImport(db, r1.importId)?.suppressed).toBe(r1.suppressed);

    const more = subset(9, 20);
    const r2 = commitImport(db, params(list.id, 'add', more));
    const afterAdd = sortedUnique([...kept, ...more.filter((h) => !blocked.has(h))]);
    expect(members(db, list.id)).toEqual(afterAdd);
    expect(r2.suppressed).toBe(more.filter((h) => blocked.has(h)).length);

    const r3 = commitImport(db, params(list.id, 'add', more, { applySuppression: false }));
    expect(r3.suppressed).toBe(0);
    expect(members(db, list.id)).toEqual(sortedUnique([...afterAdd, ...more]));

    const r4 = commitImport(db, params(list.id, 'remove', suppressed));
    expect(r4.suppressed).toBe(0);
    expect(members(db, list.id)).toEqual(sortedUnique([...afterAdd, ...more]).filter((h) => !blocked.has(h)));
  });

  it('takes HashSetBuilder output directly and adds up its duplicates', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const builder = new HashSetBuilder({ tempDir: tempDir(), runLimit: 5000 });
    const values = subset(10, 40);
    const doubled = [...values, ...values.slice(0, 3000)].reverse();
    for (let i = 0; i < doubled.length; i += 777) builder.add(hexesToBuffer(doubled.slice(i, i + 777)));
    const { duplicates, ...rest } = params(list.id, 'replace', []);
    void duplicates;
    const result = commitImport(db, { ...rest, incoming: [{ kind: 'email', hashes: builder.finish() }] });
    expect(result.duplicates).toBe(3000);
    expect(members(db, list.id)).toEqual(values);
  });

  it('stores rejects in batches and reads them back by import, in row order, across pages; purge removes them', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const rejects = (count: number, base: number): RejectRow[] =>
      Array.from({ length: count }, (_, i) => ({
        rowNumber: base + count - i, // given in reverse: rejectsOf sorts by row
        column: i % 2 ? 'Email' : 'Phone',
        reason: i % 3 ? 'missing_at' : 'empty',
        rawValue: `value ${base + count - i}`,
      }));
    const a = commitImport(db, { ...params(list.id, 'replace', subset(11, 1)), rejects: rejects(2345, 0) });
    const b = commitImport(db, { ...params(list.id, 'add', subset(12, 1)), rejects: rejects(7, 10_000) });
    expect(a.rejectsStored).toBe(2345);
    const ofA = [...rejectsOf(db, list.id, a.importId)];
    expect(ofA).toHaveLength(2345);
    expect(ofA.map((r) => r.rowNumber)).toEqual(Array.from({ length: 2345 }, (_, i) => i + 1));
    expect(ofA[0]).toEqual({ importId: a.importId, rowNumber: 1, column: 'Phone', reason: 'missing_at', rawValue: 'value 1', extra: null });
    expect([...rejectsOf(db, list.id)].map((r) => r.importId)).toEqual([...Array<number>(2345).fill(a.importId), ...Array<number>(7).fill(b.importId)]);
    expect([...rejectsOf(db, list.id + 1, a.importId)]).toEqual([]);
    expect(purgeRejects(db, list.id)).toBe(2352);
    expect([...rejectsOf(db, list.id)]).toEqual([]);
    expect(importHistory(db, list.id)).toHaveLength(2);
  });

  it('keeps plaintext only as asked: replace clears, add upserts, remove deletes, suppressed are skipped', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const [h1, h2, h3, h4] = sortedUnique(pool.slice(0, 4)).map((h) => Buffer.from(h, 'hex')) as [Buffer, Buffer, Buffer, Buffer];
    commitImport(db, params(suppressionList(db).id, 'replace', [h4.toString('hex')]));
    const plaintext = (): [string, string][] =>
      (db.prepare('SELECT hash, value FROM member_plaintext WHERE list_id = ? ORDER BY value').all(list.id) as { hash: Buffer; value: string }[]).map(
        (row) => [row.hash.toString('hex'), row.value],
      );
    commitImport(db, {
      ...params(list.id, 'replace', [h1, h2].map((h) => h.toString('hex'))),
      plaintext: [
        { kind: 'email', hash: h1, value: 'a@x.com' },
        { kind: 'email', hash: h2, value: 'b@x.com' },
      ],
    });
    expect(plaintext()).toEqual([
      [h1.toString('hex'), 'a@x.com'],
      [h2.toString('hex'), 'b@x.com'],
    ]);
    commitImport(db, {
      ...params(list.id, 'add', [h3, h4].map((h) => h.toString('hex'))),
      plaintext: [
        { kind: 'email', hash: h3, value: 'c@x.com' },
        { kind: 'email', hash: h4, value: 'suppressed@x.com' },
      ],
    });
    expect(plaintext().map(([, value]) => value)).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
    commitImport(db, { ...params(list.id, 'remove', [h1.toString('hex')]), plaintext: [{ kind: 'email', hash: h1, value: 'a@x.com' }] });
    expect(plaintext().map(([, value]) => value)).toEqual(['b@x.com', 'c@x.com']);
    commitImport(db, { ...params(list.id, 'replace', [h3.toString('hex')]), plaintext: [{ kind: 'email', hash: h3, value: 'c2@x.com' }] });
    expect(plaintext()).toEqual([[h3.toString('hex'), 'c2@x.com']]);
  });

  it('a failure mid-commit leaves the list, its sets and its history untouched', () => {
    const db = openDb();
    const list = createList(db, 'Customers');
    const before = subset(13, 50);
    commitImport(db, params(list.id, 'replace', before));
    const next = subset(14, 50);
    function* failing(): Generator<Buffer> {
      yield* hashesOf(hexesToBuffer(next.slice(0, 20_000)), 1000);
      throw new Error('reader failed');
    }
    expect(() => commitImport(db, { ...params(list.id, 'replace', []), incoming: [{ kind: 'email', hashes: failing() }] })).toThrow('reader failed');
    // Out-of-order input is caught by the set writer, also rolling everything back.
    const unsorted = [...next].reverse();
    expect(() => commitImport(db, params(list.id, 'add', unsorted))).toThrow(/out of order/);
    expect(members(db, list.id)).toEqual(before);
    expect(importHistory(db, list.id)).toHaveLength(1);
    // One set: the members, which are also the first import's added set; nothing half-written.
    expect(countOf(db, 'hash_sets')).toBe(1);
    expect(orphanHashSets(db)).toEqual([]);
    expect(countOf(db, 'import_changes')).toBe(1);
    expect(() => commitImport(db, { ...params(list.id, 'add', before), incoming: [{ kind: 'email', hashes: [] }, { kind: 'email', hashes: [] }] })).toThrow(
      /twice/,
    );
    expect(() => commitImport(db, params(999, 'add', before))).toThrow(expect.objectContaining({ code: 'LIST_NOT_FOUND' }));
  });

  it('planMemberUpdate previews counts without writing', () => {
    const current = subset(15, 50);
    const incoming = subset(16, 50);
    const suppression = subset(17, 10);
    const plan = planMemberUpdate({
      mode: 'add',
      incoming: hashesOf(hexesToBuffer(incoming)),
      current: hashesOf(hexesToBuffer(current)),
      suppression: hashesOf(hexesToBuffer(suppression)),
    });
    const result = collectHex(plan);
    const blocked = new Set(suppression);
    const expected = sortedUnique([...current, ...incoming.filter((h) => !blocked.has(h))]);
    expect(result).toEqual(expected);
    expect(plan.size).toBe(expected.length);
    expect(plan.added).toBe(expected.length - current.length);
    expect(plan.suppressed).toBe(incoming.filter((h) => blocked.has(h)).length);
  });
});
