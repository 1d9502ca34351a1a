import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../../shared/errors.js';
import { compareWords, copyWords, HASH_BYTES, HASH_WORDS, hashCount, SET_CHUNK_HASHES, wordsOf } from './hashes.js';
import { SortScratch, sortUniqueWords } from './sort.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * External sort of a hash stream of any length into one sorted, duplicate-free stream, in
 * bounded memory: hashes collect in an in-memory run; a full run is sorted, deduped and written
 * to a temp file; at the end the runs are merged (k-way, a small heap over buffered readers).
 * Memory: one run (runLimit × 32 bytes) plus the sort scratch (as large as the run's largest
 * region) and 1 MB per run while merging, whatever the input size.
 *
 * A run is kept in REGIONS regions by the hashes' top bits: its sorted form is the regions sorted
 * one by one, in order. A region (4 MB for a million hashes) and its sort scratch stay in cache
 * where the whole run and its 32 MB scratch did not: a million-hash run sorts ~25 ms faster, for
 * ~12 ms more to copy the hashes in one by one (decision 0015, which also records why the regions
 * are not sorted on two threads).
 */

export const DEFAULT_RUN_LIMIT = 1 << 20; // 32 MiB of hashes
const DEFAULT_READ_HASHES = 32_768; // 1 MiB per run reader
/** All run readers together stay under 16 MiB: 100M rows (100 runs) read 160 KiB blocks. */
const READ_BUDGET_HASHES = 524_288;
const MIN_READ_HASHES = 2048;
const RUN_DIR_PREFIX = 'hashruns-';
const REGION_BITS = 3;
const REGIONS = 1 << REGION_BITS;

/**
 * One region of the run: hashes whose first byte's top REGION_BITS bits are its index. Made with
 * room for its share of a run and a half (hashes are uniform: it does not fill), and grown, up to
 * a whole run, when skewed input (pre-hashed values chosen to collide) fills it: a run is still
 * spilled only when it holds `runLimit` hashes. Not a whole run each from the start: where memory
 * is committed when allocated (Windows), 8 regions would have cost 8 runs.
 */
interface Region {
  buffer: Buffer;
  words: Int32Array;
  count: number;
  /** Unique hashes at the front of `words` once the run is sorted. */
  unique: number;
}

/** A sorted, duplicate-free hash stream that also reports what it dropped. Read it once. */
export interface SortedHashes extends Iterable<Buffer> {
  /** Duplicates dropped so far; the total once the stream has been read to its end. */
  readonly duplicates: number;
  /** Unique hashes yielded so far; the set's size once the stream has been read to its end. */
  readonly count: number;
}

export interface HashSetBuilderOptions {
  /** Where run files go (e.g. `<dataDir>/tmp`); created if missing. Each builder uses its own subfolder. */
  tempDir: string;
  /** Hashes held in memory before a run is spilled to disk. */
  runLimit?: number;
  /** Hashes per read from each run file while merging. */
  readHashes?: number;
  /** Hashes per yielded chunk (the hash-set chunk size by default, so chunks can be stored as they are). */
  chunkHashes?: number;
  /**
   * Reuse output buffers when merging runs: a yielded chunk is then only valid until the next is
   * requested. Safe when the stream goes straight into `commitImport`, a merge or `writeHashSet`.
   */
  reuseChunks?: boolean;
  /** Share one scratch between the builders of one thread to keep a single sort buffer. */
  scratch?: SortScratch;
  /** Aborting closes the builder (temp files are removed) and makes further use throw CANCELLED. */
  signal?: AbortSignal;
}

interface Source {
  words: Int32Array;
  /** Word index of the current hash. */
  pos: number;
  end: number;
  /** Loads the next block; false at the end. */
  fill(): boolean;
  close(): void;
}

/** The sorted in-memory run: its regions' unique hashes, region after region. */
class RegionsSource implements Source {
  words: Int32Array = new Int32Array(0);
  pos = 0;
  end = 0;
  private next = 0;
  constructor(private readonly regions: readonly Region[]) {}
  fill(): boolean {
    while (this.next < this.regions.length) {
      const region = this.regions[this.next++]!;
      if (region.unique === 0) continue;
      this.words = region.words;
      this.pos = 0;
      this.end = region.unique * HASH_WORDS;
      return true;
    }
    return false;
  }
  close(): void {}
}

class FileSource implements Source {
  words: Int32Array = new Int32Array(0);
  pos = 0;
  end = 0;
  private fd: number | null;
  private readonly blockBytes: number;

  private block: Buffer | null = null;

  /** `reuseBlock`: only when nothing refers to a block once it has been read through. */
  constructor(
    file: string,
    blockHashes: number,
    private readonly reuseBlock: boolean,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.blockBytes = blockHashes * HASH_BYTES;
  }

  fill(): boolean {
    if (this.fd === null) return false;
    const block = (this.reuseBlock && this.block) || Buffer.allocUnsafeSlow(this.blockBytes);
    this.block = block;
    let got = 0;
    while (got < block.length) {
      const n = fs.readSync(this.fd, block, got, block.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got % HASH_BYTES !== 0) {
      throw new PinlistError('INTERNAL', `A temporary sort file ended mid-hash (${got} bytes). Free some disk space and import again.`);
    }
    if (got === 0) {
      this.close();
      return false;
    }
    this.words = wordsOf(block.subarray(0, got));
    this.pos = 0;
    this.end = got >>> 2;
    return true;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** Collects hashes of one kind and yields them sorted and duplicate-free. */
export class HashSetBuilder {
  private readonly tempDir: string;
  private readonly runLimit: number;
  private readonly readHashes: number;
  private readonly chunkHashes: number;
  private readonly reuseChunks: boolean;
  private readonly scratch: SortScratch;
  private readonly ownsScratch: boolean;
  private regions: Region[] = [];
  private runCount = 0;
  private runDir: string | null = null;
  private readonly runFiles: string[] = [];
  private readonly sources = new Set<Source>();
  private state: 'adding' | 'finished' | 'closed' = 'adding';
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => this.close();

  /** Hashes given to `add`, duplicates included. */
  added = 0;
  /** Duplicates dropped so far (within runs while adding, across runs while merging). */
  duplicates = 0;
  /** Unique hashes yielded so far. */
  count = 0;

  constructor(options: HashSetBuilderOptions) {
    this.tempDir = options.tempDir;
    this.runLimit = Math.max(1, Math.floor(options.runLimit ?? DEFAULT_RUN_LIMIT));
    this.readHashes = Math.max(1, Math.floor(options.readHashes ?? DEFAULT_READ_HASHES));
    this.chunkHashes = Math.max(1, Math.floor(options.chunkHashes ?? SET_CHUNK_HASHES));
    this.reuseChunks = options.reuseChunks ?? false;
    this.scratch = options.scratch ?? new SortScratch();
    this.ownsScratch = options.scratch === undefined;
    this.signal = options.signal;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Run files written so far. */
  get runsSpilled(): number {
    return this.runFiles.length;
  }

  /** Copies `count` hashes (32 bytes each) from `buffer`; the caller may reuse `buffer` after. */
  add(buffer: Uint8Array, count: number = hashCount(buffer)): void {
    this.assertState('adding');
    if (count * HASH_BYTES > buffer.length) {
      throw new RangeError(`HashSetBuilder.add: ${count} hashes do not fit in ${buffer.length} bytes`);
    }
    const words = wordsOf(buffer.subarray(0, count * HASH_BYTES));
    const bytes = new Uint8Array(words.buffer, words.byteOffset, count * HASH_BYTES);
    const shift = 8 - REGION_BITS;
    for (let i = 0; i < count; i++) {
      if (this.runCount === this.runLimit) this.spill();
      const index = bytes[i * HASH_BYTES]! >>> shift;
      let region = this.regions[index] ?? this.openRegion(index);
      if (region.count * HASH_WORDS === region.words.length) region = this.growRegion(index, region);
      copyWords(words, i * HASH_WORDS, region.words, region.count * HASH_WORDS);
      region.count++;
      this.runCount++;
    }
    this.added += count;
  }

  /**
   * Ends the input. The returned stream yields the hashes ascending and without duplicates in
   * chunks of `chunkHashes` (the last one shorter); yielded Buffers are not reused unless
   * `reuseChunks` is set. Temp files are removed when the stream ends, when iteration stops
   * early, or on `close()`.
   */
  finish(): SortedHashes {
    this.assertState('adding');
    this.state = 'finished';
    const unique = this.sortRun();
    // Merging copies every hash out of the run blocks, so their buffers can be reused; a single
    // run is handed out as slices of its blocks, which must then stay untouched.
    const merging = this.runFiles.length + (unique > 0 ? 1 : 0) > 1;
    const blockHashes = Math.max(MIN_READ_HASHES, Math.min(this.readHashes, Math.floor(READ_BUDGET_HASHES / Math.max(1, this.runFiles.length))));
    const sources: Source[] = this.runFiles.map((file) => new FileSource(file, Math.min(blockHashes, this.readHashes), merging));
    if (this.ownsScratch) this.scratch.release();
    if (unique > 0) sources.push(new RegionsSource(this.openedRegions()));
    for (const source of sources) this.sources.add(source);
    const chunks = sources.length <= 1 ? this.passThrough(sources[0]) : this.mergeSources(sources);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const builder = this;
    return {
      [Symbol.iterator]: () => chunks,
      get duplicates() {
        return builder.duplicates;
      },
      get count() {
        return builder.count;
      },
    };
  }

  /** Stops and removes the temp files. Safe to call more than once, and after `finish`. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const source of this.sources) source.close();
    this.sources.clear();
    if (this.runDir) fs.rmSync(this.runDir, { recursive: true, force: true });
    this.runDir = null;
    this.regions = [];
  }

  private assertState(expected: 'adding' | 'finished'): void {
    if (this.state === expected) return;
    if (this.state === 'closed') {
      throw new PinlistError('CANCELLED', 'The import was cancelled before its members were sorted. Start the import again.');
    }
    throw new PinlistError('INTERNAL', `HashSetBuilder used after finish(). This is a bug in Pinlist; report it.`);
  }

  private openRegion(index: number): Region {
    const share = Math.ceil((this.runLimit * 3) / (2 * REGIONS));
    const buffer = Buffer.allocUnsafeSlow(Math.min(this.runLimit, share) * HASH_BYTES);
    const region: Region = { buffer, words: wordsOf(buffer), count: 0, unique: 0 };
    this.regions[index] = region;
    return region;
  }

  private growRegion(index: number, region: Region): Region {
    const hashes = Math.min(this.runLimit, 2 * (region.words.length / HASH_WORDS));
    const buffer = Buffer.allocUnsafeSlow(hashes * HASH_BYTES);
    region.buffer.copy(buffer, 0, 0, region.count * HASH_BYTES);
    const grown: Region = { buffer, words: wordsOf(buffer), count: region.count, unique: 0 };
    this.regions[index] = grown;
    return grown;
  }

  /** The regions opened so far, in order. */
  private openedRegions(): Region[] {
    const opened: Region[] = [];
    for (let index = 0; index < REGIONS; index++) {
      const region = this.regions[index];
      if (region) opened.push(region);
    }
    return opened;
  }

  /** Sorts the current run's regions in place; returns the run's unique count. */
  private sortRun(): number {
    let unique = 0;
    for (const region of this.openedRegions()) {
      const result = sortUniqueWords(region.words, region.count, this.scratch);
      region.unique = result.count;
      unique += result.count;
      this.duplicates += result.duplicates;
    }
    return unique;
  }

  private spill(): void {
    this.sortRun();
    if (!this.runDir) {
      fs.mkdirSync(this.tempDir, { recursive: true });
      this.runDir = fs.mkdtempSync(path.join(this.tempDir, `${RUN_DIR_PREFIX}${process.pid}-`));
    }
    const file = path.join(this.runDir, `run-${this.runFiles.length}.bin`);
    const fd = fs.openSync(file, 'w');
    try {
      for (const region of this.openedRegions()) {
        const bytes = region.unique * HASH_BYTES;
        let written = 0;
        while (written < bytes) written += fs.writeSync(fd, region.buffer, written, bytes - written);
        region.count = 0;
        region.unique = 0;
      }
    } finally {
      fs.closeSync(fd);
    }
    this.runFiles.push(file);
    this.runCount = 0;
  }

  /**
   * One source's blocks (a run file's, or the sorted run's regions) cut into chunks, yielded as
   * slices of the blocks; a chunk that would straddle two blocks is put together in a copy, so
   * every chunk but the last is full (writeHashSet stores full chunks as they are).
   */
  private *passThrough(source: Source | undefined): Generator<Buffer, void, undefined> {
    const step = this.chunkHashes * HASH_BYTES;
    let carry: Buffer | null = null;
    let carried = 0;
    try {
      while (source?.fill()) {
        this.assertState('finished');
        const { words } = source;
        const bytes = Buffer.from(words.buffer, words.byteOffset, source.end * 4);
        let at = 0;
        if (carried > 0) {
          const take = Math.min(step - carried, bytes.length);
          bytes.copy(carry!, carried, 0, take);
          carried += take;
          at = take;
          if (carried < step) continue;
          this.count += this.chunkHashes;
          yield carry!;
          this.assertState('finished');
          carried = 0;
          if (!this.reuseChunks) carry = null;
        }
        for (; at + step <= bytes.length; at += step) {
          this.count += this.chunkHashes;
          yield bytes.subarray(at, at + step);
          this.assertState('finished');
        }
        if (at < bytes.length) {
          carry ??= Buffer.allocUnsafeSlow(step);
          bytes.copy(carry, 0, at);
          carried = bytes.length - at;
        }
      }
      if (carried > 0) {
        this.count += carried / HASH_BYTES;
        yield carry!.subarray(0, carried);
      }
    } finally {
      this.close();
    }
  }

  private *mergeSources(sources: Source[]): Generator<Buffer, void, undefined> {
    try {
      // Binary min-heap of sources ordered by their current hash.
      const heap: Source[] = [];
      for (const source of sources) if (source.fill()) heap.push(source);
      const less = (a: Source, b: Source): boolean => compareWords(a.words, a.pos, b.words, b.pos) < 0;
      const siftDown = (at: number): void => {
        const n = heap.length;
        const item = heap[at]!;
        for (;;) {
          let child = 2 * at + 1;
          if (child >= n) break;
          if (child + 1 < n && less(heap[child + 1]!, heap[child]!)) child++;
          if (!less(heap[child]!, item)) break;
          heap[at] = heap[child]!;
          at = child;
        }
        heap[at] = item;
      };
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);

      const chunkWords = this.chunkHashes * HASH_WORDS;
      let out = Buffer.allocUnsafeSlow(chunkWords * 4);
      let outWords = wordsOf(out);
      let at = 0;
      // The last hash written, possibly in the chunk just yielded.
      let lastWords: Int32Array | null = null;
      let lastAt = 0;
      const lastHash = new Int32Array(HASH_WORDS);
      while (heap.length > 0) {
        const top = heap[0]!;
        if (lastWords && compareWords(top.words, top.pos, lastWords, lastAt) === 0) {
          this.duplicates++;
        } else {
          copyWords(top.words, top.pos, outWords, at);
          lastWords = outWords;
          lastAt = at;
          at += HASH_WORDS;
          if (at === chunkWords) {
            this.count += this.chunkHashes;
            yield out;
            this.assertState('finished');
            // The last hash written is the dedupe reference: keep it while the buffer changes.
            if (this.reuseChunks) {
              lastWords = lastHash;
              lastHash.set(outWords.subarray(at - HASH_WORDS, at));
              lastAt = 0;
            } else {
              out = Buffer.allocUnsafeSlow(chunkWords * 4);
              outWords = wordsOf(out);
            }
            at = 0;
          }
        }
        top.pos += HASH_WORDS;
        if (top.pos >= top.end && !top.fill()) {
          const last = heap.pop()!;
          if (heap.length === 0) break;
          if (last === top) continue;
          heap[0] = last;
        }
        siftDown(0);
      }
      if (at > 0) {
        this.count += at / HASH_WORDS;
        yield out.subarray(0, at * 4);
      }
    } finally {
      this.close();
    }
  }
}

/**
 * Removes run folders left by a process that died mid-import (SIGKILL, power loss). Folders of
 * processes still alive are kept: the CLI and the app may share a data folder.
 */
export function removeStaleRunDirs(tempDir: string): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = fs.readdirSync(tempDir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const match = /^hashruns-(\d+)-/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (isProcessAlive(pid)) continue;
    fs.rmSync(path.join(tempDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
