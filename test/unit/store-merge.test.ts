import { describe, expect, it } from 'vitest';
import {
  compareSets,
  diff,
  diffAsync,
  intersectionCount,
  mergeSets,
  mergeSetsAsync,
  type DiffChunk,
  type SetOperation,
} from '../../electron/core/store/merge.js';
import { collectHex, collectHexAsync, hexesToBuffer, hexList, randomChunks, randomHashes, rng, sortedUnique } from '../helpers/hash-data.js';

/** Two random sorted sets drawn from one pool, so they overlap. */
function twoSets(seed: number, poolSize: number, aShare: number, bShare: number): { a: string[]; b: string[] } {
  const pool = hexList(randomHashes(poolSize, seed));
  const next = rng(seed + 1);
  const a = sortedUnique(pool.filter(() => next() % 100 < aShare));
  const b = sortedUnique(pool.filter(() => next() % 100 < bShare));
  return { a, b };
}

function expected(operation: SetOperation, a: string[], b: string[]): string[] {
  const setA = new Set(a);
  const setB = new Set(b);
  switch (operation) {
    case 'union':
      return sortedUnique([...a, ...b]);
    case 'difference':
      return a.filter((h) => !setB.has(h));
    case 'intersection':
      return a.filter((h) => setB.has(h));
    case 'replace':
      return a.filter((h) => setA.has(h));
  }
}

async function* asyncChunks(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

const OPERATIONS: SetOperation[] = ['union', 'difference', 'intersection', 'replace'];
const CASES: [number, number, number, number][] = [
  // seed, pool, % in A, % in B
  [1, 3000, 60, 60],
  [2, 3000, 95, 95],
  [3, 2000, 100, 0],
  [4, 2000, 0, 100],
  [5, 2000, 10, 90],
  [6, 0, 50, 50],
];

describe('sorted-stream set algebra', () => {
  for (const operation of OPERATIONS) {
    it(`${operation} matches a Set reference, with exact counts, on random chunkings`, () => {
      for (const [seed, pool, aShare, bShare] of CASES) {
        const { a, b } = twoSets(seed, pool, aShare, bShare);
        const merged = mergeSets(operation, randomChunks(hexesToBuffer(a), seed), randomChunks(hexesToBuffer(b), seed + 9), { chunkHashes: 64 });
        const chunks = [...merged];
        const want = expected(operation, a, b);
        expect(collectHex(chunks)).toEqual(want);
        expect(chunks.slice(0, -1).every((chunk) => chunk.length === 64 * 32)).toBe(true);
        expect(merged.count).toBe(want.length);
        const setB = new Set(b);
        const both = a.filter((h) => setB.has(h)).length;
        expect(merged.counts).toEqual({ onlyA: a.length - both, onlyB: b.length - both, both });
      }
    });
  }

  it('yielded chunks are fresh: keeping them while reading on gives the right content', () => {
    const { a, b } = twoSets(8, 5000, 70, 70);
    // The producer reuses one buffer for every chunk it yields.
    function* reusing(hexes: string[]): Generator<Buffer> {
      const shared = Buffer.alloc(10 * 32);
      for (let i = 0; i < hexes.length; i += 10) {
        const part = hexes.slice(i, i + 10);
        hexesToBuffer(part).copy(shared);
        yield shared.subarray(0, part.length * 32);
      }
    }
    const kept = [...mergeSets('union', reusing(a), reusing(b), { chunkHashes: 100 })];
    expect(collectHex(kept)).toEqual(expected('union', a, b));
  });

  it('with reuseChunks, recycles a few output buffers and the content read at once is right', () => {
    const { a, b } = twoSets(10, 5000, 70, 70);
    const buffers = new Set<ArrayBufferLike>();
    const seen: string[] = [];
    for (const chunk of mergeSets('union', randomChunks(hexesToBuffer(a), 1, 300), [hexesToBuffer(b)], { chunkHashes: 20, reuseChunks: true })) {
      seen.push(...hexList(chunk));
      buffers.add(chunk.buffer);
    }
    expect(seen).toEqual(expected('union', a, b));
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it('compareSets and intersectionCount only count', () => {
    const { a, b } = twoSets(9, 4000, 50, 50);
    const both = a.filter((h) => new Set(b).has(h)).length;
    expect(compareSets(randomChunks(hexesToBuffer(a), 1), randomChunks(hexesToBuffer(b), 2))).toEqual({
      onlyA: a.length - both,
      onlyB: b.length - both,
      both,
    });
    expect(intersectionCount([hexesToBuffer(a)], [hexesToBuffer(b)])).toBe(both);
    expect(intersectionCount([], [hexesToBuffer(b)])).toBe(0);
  });

  it('diff yields adds (desired − confirmed) and removes (confirmed − desired) with counts', () => {
    for (const [seed, pool, aShare, bShare] of CASES) {
      const { a: desired, b: confirmed } = twoSets(seed + 20, pool, aShare, bShare);
      const result = diff(randomChunks(hexesToBuffer(desired), seed), randomChunks(hexesToBuffer(confirmed), seed + 1), { chunkHashes: 50 });
      const chunks: DiffChunk[] = [...result];
      const adds = collectHex(chunks.filter((c) => c.op === 'add').map((c) => c.hashes));
      const removes = collectHex(chunks.filter((c) => c.op === 'remove').map((c) => c.hashes));
      const confirmedSet = new Set(confirmed);
      const desiredSet = new Set(desired);
      expect(adds).toEqual(desired.filter((h) => !confirmedSet.has(h)));
      expect(removes).toEqual(confirmed.filter((h) => !desiredSet.has(h)));
      expect(result.adds).toBe(adds.length);
      expect(result.removes).toBe(removes.length);
      expect(chunks.every((c) => c.hashes.length > 0 && c.hashes.length <= 50 * 32)).toBe(true);
    }
  });

  it('async variants accept async and sync inputs and agree with the sync ones', async () => {
    const { a, b } = twoSets(11, 3000, 60, 40);
    const merged = mergeSetsAsync('difference', asyncChunks(randomChunks(hexesToBuffer(a), 3)), randomChunks(hexesToBuffer(b), 4));
    expect(await collectHexAsync(merged)).toEqual(expected('difference', a, b));
    expect(merged.counts.both).toBe(a.filter((h) => new Set(b).has(h)).length);

    const result = diffAsync(asyncChunks([hexesToBuffer(a)]), asyncChunks(randomChunks(hexesToBuffer(b), 5)));
    const adds: string[] = [];
    const removes: string[] = [];
    for await (const chunk of result) (chunk.op === 'add' ? adds : removes).push(...hexList(chunk.hashes));
    expect(adds).toEqual(expected('difference', a, b));
    expect(removes).toEqual(expected('difference', b, a));
    expect(result.adds).toBe(adds.length);
  });

  it('rejects a chunk that is not a whole number of hashes', () => {
    expect(() => [...mergeSets('union', [Buffer.alloc(33)], [])]).toThrow(/whole number/);
  });
});
