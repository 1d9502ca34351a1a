import { describe, expect, it } from 'vitest';
import { compareHashes, hashToHex, hexToHash } from '../../electron/core/store/hashes.js';
import { SortScratch, sortUniqueHashes } from '../../electron/core/store/sort.js';
import { hexList, randomHashes, rng, sortedUnique } from '../helpers/hash-data.js';

function reference(buffer: Buffer, count: number): string[] {
  return sortedUnique(hexList(buffer.subarray(0, count * 32)));
}

describe('hash primitives', () => {
  it('compareHashes orders like Buffer.compare, including long shared prefixes', () => {
    const next = rng(7);
    const a = randomHashes(1, 1);
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.from(a);
      // Differ in one random byte (or not at all), so every word position gets exercised.
      const at = next() % 33;
      if (at < 32) b[at] = next() & 0xff;
      const expected = Math.sign(a.compare(b));
      expect(compareHashes(a, 0, b, 0)).toBe(expected);
      expect(compareHashes(b, 0, a, 0)).toBe(0 - expected || 0);
    }
    const pair = randomHashes(2, 3);
    expect(compareHashes(pair, 0, pair, 32)).toBe(Math.sign(pair.subarray(0, 32).compare(pair.subarray(32))));
  });

  it('hexToHash and hashToHex round-trip and reject anything but 64 hex digits', () => {
    const hex = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'f'.repeat(8);
    const hash = hexToHash(hex);
    expect(hash.length).toBe(32);
    expect(hashToHex(hash)).toBe(hex);
    const padded = Buffer.concat([Buffer.alloc(5), hash]);
    expect(hashToHex(padded, 5)).toBe(hex);
    expect(hashToHex(hexToHash(hex.toUpperCase()))).toBe(hex);
    expect(() => hexToHash(hex.slice(1))).toThrow(/64 hexadecimal/);
    expect(() => hexToHash(hex.slice(1) + 'g')).toThrow(/64 hexadecimal/);
  });
});

describe('sortUniqueHashes', () => {
  const scratch = new SortScratch();

  it('matches a naive sort on random data with duplicates', () => {
    for (const [count, seed] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [1000, 4],
      [50_000, 5],
    ] as const) {
      const buffer = randomHashes(count, seed);
      const next = rng(seed + 100);
      for (let i = 0; i < count / 5; i++) {
        const from = next() % count;
        buffer.copy(buffer, (next() % count) * 32, from * 32, from * 32 + 32);
      }
      const expected = reference(buffer, count);
      const result = sortUniqueHashes(buffer, count, scratch);
      expect(hexList(result.buffer)).toEqual(expected);
      expect(result.count).toBe(expected.length);
      expect(result.duplicates).toBe(count - expected.length);
    }
  });

  it('settles ties on later words: equal 4-, 8- and 28-byte prefixes', () => {
    for (const prefixBytes of [4, 8, 28]) {
      const count = 5000;
      const buffer = randomHashes(count, prefixBytes);
      const next = rng(prefixBytes * 11);
      for (let i = 0; i < count; i++) {
        // A handful of prefixes shared by many records, so some ties are long (radix) and some short.
        const group = next() % (i % 2 === 0 ? 3 : 400);
        buffer.fill(group, i * 32, i * 32 + prefixBytes);
        if (i % 7 === 0 && i > 0) buffer.copy(buffer, i * 32, (i - 1) * 32, i * 32);
      }
      const expected = reference(buffer, count);
      const result = sortUniqueHashes(buffer, count, scratch);
      expect(hexList(result.buffer)).toEqual(expected);
      expect(result.duplicates).toBe(count - expected.length);
    }
  });

  it('handles one value repeated many times, and a handful of values', () => {
    const same = Buffer.alloc(40_000 * 32, 0xab);
    const result = sortUniqueHashes(same, 40_000, scratch);
    expect(result.count).toBe(1);
    expect(result.duplicates).toBe(39_999);
    expect(hashToHex(result.buffer)).toBe('ab'.repeat(32));

    const few = randomHashes(30_000, 9);
    for (let i = 0; i < 30_000; i++) few.copy(few, i * 32, (i % 5) * 32, (i % 5) * 32 + 32);
    const expected = reference(few, 30_000);
    expect(expected).toHaveLength(5);
    expect(hexList(sortUniqueHashes(few, 30_000, scratch).buffer)).toEqual(expected);
  });

  it('sorts only the first `count` hashes, in place, also from an unaligned buffer', () => {
    const data = randomHashes(300, 12);
    const expected = reference(data, 200);
    const unaligned = Buffer.alloc(300 * 32 + 1).subarray(1);
    data.copy(unaligned);
    const result = sortUniqueHashes(unaligned, 200);
    expect(hexList(result.buffer)).toEqual(expected);
    expect(hexList(unaligned.subarray(0, 200 * 32))).toEqual(expected);
    expect(hexList(unaligned.subarray(200 * 32))).toEqual(hexList(data.subarray(200 * 32)));
    expect(() => sortUniqueHashes(data, 301)).toThrow(RangeError);
  });
});
