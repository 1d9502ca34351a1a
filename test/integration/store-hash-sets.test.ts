import { describe, expect, it } from 'vitest';
import {
  containsHash,
  deleteHashSet,
  HashSetProbe,
  hashSetInfo,
  hashSetSize,
  pageOfHashes,
  readHashSet,
  writeHashSet,
} from '../../electron/core/store/hash-sets.js';
import { SET_CHUNK_HASHES } from '../../electron/core/store/hashes.js';
import { createList } from '../../electron/core/store/lists.js';
import { collectHex, hexesToBuffer, hexList, randomChunks, randomHashes, sortedUnique } from '../helpers/hash-data.js';
import { useTempDatabases } from '../helpers/temp.js';

const openDb = useTempDatabases();

function sortedSet(count: number, seed: number): string[] {
  return sortedUnique(hexList(randomHashes(count, seed)));
}

describe('hash set store', () => {
  it('round-trips sets of every shape; chunks are full but the last, with their first hash', () => {
    const db = openDb();
    for (const count of [0, 1, SET_CHUNK_HASHES, SET_CHUNK_HASHES + 1, 50_000]) {
      const hexes = sortedSet(count, count + 1);
      const { setId, size } = writeHashSet(db, 'email', randomChunks(hexesToBuffer(hexes), count, 3000));
      expect(size).toBe(count);
      expect(hashSetSize(db, setId)).toBe(count);
      expect(hashSetInfo(db, setId)).toMatchObject({ setId, kind: 'email', size: count });
      const chunks = [...readHashSet(db, setId)];
      expect(collectHex(chunks)).toEqual(hexes);
      const rows = db.prepare('SELECT seq, first_hash AS first, size FROM hash_set_chunks WHERE set_id = ? ORDER BY seq').all(setId) as {
        seq: number;
        first: Buffer;
        size: number;
      }[];
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i));
      expect(rows.slice(0, -1).every((row) => row.size === SET_CHUNK_HASHES)).toBe(true);
      expect(rows.map((row) => row.first.toString('hex'))).toEqual(rows.map((_, i) => hexes[i * SET_CHUNK_HASHES]));
    }
  });

  it('refuses unsorted or repeated input and stores nothing', () => {
    const db = openDb();
    const hexes = sortedSet(40_000, 3);
    const swapped = [...hexes];
    [swapped[20_000], swapped[20_001]] = [swapped[20_001]!, swapped[20_000]!];
    const repeated = [...hexes.slice(0, 17_000), hexes[16_999]!, ...hexes.slice(17_000)];
    for (const bad of [swapped, repeated]) {
      expect(() => writeHashSet(db, 'gaid', randomChunks(hexesToBuffer(bad), 1, 5000))).toThrow(/out of order or repeated/);
    }
    // Across a chunk boundary too.
    expect(() => writeHashSet(db, 'gaid', [hexesToBuffer(hexes.slice(10, 20)), hexesToBuffer(hexes.slice(0, 10))])).toThrow(/out of order/);
    expect(db.prepare('SELECT count(*) FROM hash_sets').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM hash_set_chunks').pluck().get()).toBe(0);
  });

  it('pages by offset across chunk boundaries, reading only what is asked', () => {
    const db = openDb();
    const hexes = sortedSet(40_000, 4);
    const { setId } = writeHashSet(db, 'idfa', [hexesToBuffer(hexes)]);
    const cases: [number, number][] = [
      [0, 50],
      [SET_CHUNK_HASHES - 10, 25],
      [SET_CHUNK_HASHES, 1],
      [2 * SET_CHUNK_HASHES - 3, 3],
      [39_990, 100],
      [40_000, 10],
      [5, 0],
    ];
    for (const [offset, limit] of cases) {
      expect(hexList(pageOfHashes(db, setId, offset, limit))).toEqual(hexes.slice(offset, offset + limit));
    }
    expect(hexList(pageOfHashes(db, setId, 0, 2 * SET_CHUNK_HASHES + 5))).toEqual(hexes.slice(0, 2 * SET_CHUNK_HASHES + 5));
  });

  it('answers membership with containsHash and HashSetProbe', () => {
    const db = openDb();
    const all = sortedSet(60_000, 5);
    const members = all.filter((_, i) => i % 2 === 0);
    const others = all.filter((_, i) => i % 2 === 1);
    const { setId } = writeHashSet(db, 'email', [hexesToBuffer(members)]);
    const probe = new HashSetProbe(db, setId, 2);
    const samples = [0, 1, 8191, 8192, 16_383, 20_000, 29_999];
    for (const i of samples) {
      expect(containsHash(db, setId, Buffer.from(members[i]!, 'hex'))).toBe(true);
      expect(probe.has(Buffer.from(members[i]!, 'hex'))).toBe(true);
      expect(containsHash(db, setId, Buffer.from(others[i]!, 'hex'))).toBe(false);
      expect(probe.has(Buffer.from(others[i]!, 'hex'))).toBe(false);
    }
    expect(containsHash(db, setId, Buffer.alloc(32, 0))).toBe(false);
    expect(containsHash(db, setId, Buffer.alloc(32, 0xff))).toBe(false);
    expect(probe.has(Buffer.alloc(32, 0))).toBe(false);
    expect(() => containsHash(db, setId, Buffer.alloc(31))).toThrow(/32 bytes/);
  });

  it('deletes a set with its chunks, but not while a list points at it', () => {
    const db = openDb();
    const { setId } = writeHashSet(db, 'email', [hexesToBuffer(sortedSet(20_000, 6))]);
    const list = createList(db, 'Customers');
    db.prepare("INSERT INTO list_members (list_id, kind, set_id) VALUES (?, 'email', ?)").run(list.id, setId);
    expect(() => deleteHashSet(db, setId)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM list_members').run();
    expect(deleteHashSet(db, setId)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM hash_set_chunks').pluck().get()).toBe(0);
    expect(() => [...readHashSet(db, setId)]).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a reader whose set disappears mid-read fails with CONFLICT instead of ending early', () => {
    const db = openDb();
    const { setId } = writeHashSet(db, 'email', [hexesToBuffer(sortedSet(40_000, 7))]);
    const reader = readHashSet(db, setId);
    expect(reader.next().done).toBe(false);
    deleteHashSet(db, setId);
    expect(() => reader.next()).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
