/**
 * The import's batch SHA-256 (WebAssembly SIMD, decision 0016) must give exactly what
 * `crypto.hash` gives for every string: checked over random strings of every kind and length
 * around the one-block edge (55 UTF-8 bytes), in batches larger than the kernel's capacity, into
 * positions in order and scattered, and through the BatchHasher the import uses.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchHasher } from '../../electron/core/import/batch-hasher.js';
import { BatchSha256 } from '../../electron/core/import/sha256-batch.js';
import { sha256SimdModuleBytes } from '../../electron/core/import/sha256-simd-module.js';
import { rng } from '../helpers/hash-data.js';

const reference = (value: string): string => crypto.hash('sha256', value, 'hex');
const digestsOf = (buffer: Buffer, positions: readonly number[]): string[] => positions.map((at) => buffer.toString('hex', at * 32, at * 32 + 32));

/** Strings of ASCII, 2-, 3- and 4-byte characters and lone surrogates, 0 to 70 code units long. */
function mixedStrings(count: number, seed: number): string[] {
  const next = rng(seed);
  const alphabet = ['a', 'Z', '0', '@', '.', 'é', 'ß', '€', '中', '😀', '\ud800', '\udfff', '\u0000', '\u007f', '\u0080'];
  return Array.from({ length: count }, () => {
    const length = next() % 71;
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
    return text;
  });
}

describe('BatchSha256', () => {
  it('runs here, and its module is valid WebAssembly', () => {
    expect(WebAssembly.validate(sha256SimdModuleBytes())).toBe(true);
    expect(BatchSha256.create()).not.toBeNull();
  });

  it('agrees with crypto.hash on 10,000 mixed strings, past its capacity, into consecutive positions', () => {
    const values = mixedStrings(10_000, 11);
    const target = Buffer.alloc(values.length * 32);
    const positions = values.map((_, i) => i);
    BatchSha256.create()!.hashInto(values, target, positions);
    expect(digestsOf(target, positions)).toEqual(values.map(reference));
  });

  it('writes each digest to its own position when they are scattered, leaving the others alone', () => {
    const values = mixedStrings(999, 12);
    const positions = values.map((_, i) => i * 3 + 1);
    const target = Buffer.alloc(3000 * 32, 0xab);
    BatchSha256.create()!.hashInto(values, target, positions);
    expect(digestsOf(target, positions)).toEqual(values.map(reference));
    expect(target.subarray(0, 32).every((byte) => byte === 0xab)).toBe(true);
    expect(target.subarray(2 * 32, 3 * 32).every((byte) => byte === 0xab)).toBe(true);
  });

  it('agrees with crypto.hash on any string (fast-check), lengths on both sides of one block', () => {
    const hasher = BatchSha256.create()!;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme-ascii', minLength: 50, maxLength: 60 })), { minLength: 1, maxLength: 9 }), (values) => {
        const target = Buffer.alloc(values.length * 32);
        const positions = values.map((_, i) => i);
        hasher.hashInto(values, target, positions);
        expect(digestsOf(target, positions)).toEqual(values.map(reference));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('BatchHasher with the batch SHA-256', () => {
  it('stores what writeMemberHash would, with pre-hashed values and rejects between the hashed ones', () => {
    const emails = Array.from({ length: 5000 }, (_, i) =>
      i % 7 === 0 ? crypto.hash('sha256', `pre${i}@example.com`, 'hex') : i % 11 === 0 ? 'not an email' : `Person.${i}@Example.COM`,
    );
    const hasher = new BatchHasher([{ index: 0, name: 'email', kind: 'email' }], { keepValues: true, reuseBuffers: false });
    const batch = hasher.hash({ firstRowNumber: 2, count: emails.length, values: [emails], raggedOffsets: [], raggedRaw: [] });
    const [kind] = batch.kinds;
    const expected = kind!.values!.map((value) => (/^[0-9a-f]{64}$/.test(value) ? value : reference(value)));
    expect(kind!.count).toBe(emails.length - batch.rejectRows.length);
    expect(digestsOf(Buffer.from(kind!.hashes.buffer, kind!.hashes.byteOffset, kind!.hashes.byteLength), expected.map((_, i) => i))).toEqual(expected);
  });
});
