import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashSetBuilder, removeStaleRunDirs } from '../../electron/core/store/sorted-runs.js';
import { collectHex, hexList, randomHashes, rng, sortedUnique } from '../helpers/hash-data.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** 50k hashes in random batches, a third of them repeats of earlier hashes (so across runs). */
function feed(builder: HashSetBuilder, total = 50_000, seed = 1): string[] {
  const pool = randomHashes(total, seed);
  const next = rng(seed + 1);
  const given: string[] = [];
  let made = 0;
  while (made < total) {
    const size = Math.min(total - made, 1 + (next() % 700));
    const batch = Buffer.alloc(size * 32);
    for (let i = 0; i < size; i++) {
      const n = made + i;
      const source = n > 10 && next() % 3 === 0 ? next() % n : n;
      pool.copy(batch, i * 32, source * 32, source * 32 + 32);
    }
    builder.add(batch, size);
    given.push(...hexList(batch));
    made += size;
  }
  return given;
}

describe('HashSetBuilder (external sort)', () => {
  it('with tiny runs, yields exactly the sorted unique input and counts duplicates across runs', () => {
    const dir = tempDir();
    const builder = new HashSetBuilder({ tempDir: dir, runLimit: 1000, readHashes: 97, chunkHashes: 333 });
    const given = feed(builder);
    expect(builder.runsSpilled).toBeGreaterThanOrEqual(49);
    expect(filesUnder(dir).length).toBe(builder.runsSpilled);
    const stream = builder.finish();
    const chunks = [...stream];
    const expected = sortedUnique(given);
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === 333 * 32)).toBe(true);
    expect(collectHex(chunks)).toEqual(expected);
    expect(stream.count).toBe(expected.length);
    expect(stream.duplicates).toBe(given.length - expected.length);
    expect(builder.added).toBe(given.length);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('with reuseChunks, still dedupes across chunk boundaries and reuses one output buffer', () => {
    const builder = new HashSetBuilder({ tempDir: tempDir(), runLimit: 1000, chunkHashes: 10, reuseChunks: true });
    const given = feed(builder, 20_000, 6);
    const seen: string[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const chunk of builder.finish()) {
      seen.push(...hexList(chunk));
      buffers.add(chunk.buffer);
    }
    expect(seen).toEqual(sortedUnique(given));
    expect(buffers.size).toBe(1);
  });

  it('keeps a single run in memory and writes no file', () => {
    const dir = tempDir();
    const builder = new HashSetBuilder({ tempDir: dir, runLimit: 100_000 });
    const given = feed(builder, 20_000, 5);
    expect(builder.runsSpilled).toBe(0);
    const stream = builder.finish();
    expect(collectHex(stream)).toEqual(sortedUnique(given));
    expect(stream.duplicates).toBe(given.length - new Set(given).size);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reads a run kept in regions by top bits as one sorted stream of full chunks, copied or reused', () => {
    for (const reuseChunks of [false, true]) {
      const builder = new HashSetBuilder({ tempDir: tempDir(), runLimit: 100_000, chunkHashes: 333, reuseChunks });
      const given = feed(builder, 20_000, 7);
      expect(builder.runsSpilled).toBe(0);
      const sizes: number[] = [];
      const seen: string[] = [];
      for (const chunk of builder.finish()) {
        sizes.push(chunk.length / 32);
        seen.push(...hexList(chunk));
      }
      const expected = sortedUnique(given);
      expect(seen).toEqual(expected);
      // 8 regions, and still no short chunk before the last: the ones across a region's end are put together.
      expect(sizes.slice(0, -1).every((size) => size === 333)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(expected.length);
    }
  });

  it('sorts hashes that all fall in one region, or in two far apart, across spills', () => {
    const pool = randomHashes(6000, 8);
    for (let i = 0; i < 6000; i++) pool[i * 32] = i % 3 === 0 ? 0xff : pool[i * 32]! & 0x1f;
    const builder = new HashSetBuilder({ tempDir: tempDir(), runLimit: 1000, chunkHashes: 64 });
    builder.add(pool);
    builder.add(pool.subarray(0, 3200));
    expect(builder.runsSpilled).toBe(6);
    const stream = builder.finish();
    const given = hexList(pool);
    expect(collectHex(stream)).toEqual(sortedUnique(given));
    expect(stream.duplicates).toBe(100);
  });

  it('yields nothing for no input', () => {
    const builder = new HashSetBuilder({ tempDir: tempDir() });
    const stream = builder.finish();
    expect([...stream]).toEqual([]);
    expect(stream.count).toBe(0);
  });

  it('removes its temp files when the reader stops early', () => {
    const dir = tempDir();
    const builder = new HashSetBuilder({ tempDir: dir, runLimit: 1000, chunkHashes: 100 });
    feed(builder, 10_000, 2);
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    for (const chunk of builder.finish()) {
      expect(chunk.length).toBe(3200);
      break;
    }
    expect(filesUnder(dir)).toEqual([]);
  });

  it('removes its temp files on close() mid-read, and further reading throws CANCELLED', () => {
    const dir = tempDir();
    const builder = new HashSetBuilder({ tempDir: dir, runLimit: 1000, chunkHashes: 100 });
    feed(builder, 10_000, 3);
    const iterator = builder.finish()[Symbol.iterator]();
    expect(iterator.next().done).toBe(false);
    builder.close();
    expect(filesUnder(dir)).toEqual([]);
    expect(() => iterator.next()).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });

  it('removes its temp files when its AbortSignal fires while adding', () => {
    const dir = tempDir();
    const controller = new AbortController();
    const builder = new HashSetBuilder({ tempDir: dir, runLimit: 1000, signal: controller.signal });
    feed(builder, 5000, 4);
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    controller.abort();
    expect(filesUnder(dir)).toEqual([]);
    expect(() => builder.add(randomHashes(1, 1))).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });

  it('removeStaleRunDirs removes run folders of dead processes only', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.mkdirSync(path.join(dir, `hashruns-${dead}-abc`));
    fs.writeFileSync(path.join(dir, `hashruns-${dead}-abc`, 'run-0.bin'), 'x');
    fs.mkdirSync(path.join(dir, `hashruns-${process.pid}-def`));
    fs.mkdirSync(path.join(dir, 'unrelated'));
    expect(removeStaleRunDirs(dir)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual([`hashruns-${process.pid}-def`, 'unrelated']);
    expect(removeStaleRunDirs(path.join(dir, 'missing'))).toBe(0);
  });
});
