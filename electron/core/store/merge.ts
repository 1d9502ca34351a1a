import { HASH_BYTES, HASH_WORDS, hashCount, SET_CHUNK_HASHES, toSortKey, wordsOf } from './hashes.js';

/**
 * Set algebra on sorted, duplicate-free hash streams, in one linear pass and bounded memory.
 *
 * A stream is an iterable of Buffers, each a whole number of 32-byte hashes, ascending across
 * the whole stream with no repeats (hash sets read from the database, `HashSetBuilder` output,
 * or the output of another operation here). Inputs are not checked for order: `writeHashSet`
 * checks what it stores.
 *
 * Output streams yield chunks of `SET_CHUNK_HASHES` hashes (the last one shorter) that are never
 * reused, so a consumer may keep them (unless it asks for `reuseChunks`). Consecutive hashes taken from the same input block are
 * copied as one range: a union or diff of two nearly equal sets copies a few large slices instead
 * of a million 32-byte records.
 */

export type HashStream = Iterable<Buffer>;
export type AnyHashStream = Iterable<Buffer> | AsyncIterable<Buffer>;

/** How the hashes of two merged streams A and B fell out. */
export interface MergeCounts {
  /** In A only. */
  onlyA: number;
  /** In B only. */
  onlyB: number;
  /** In both. */
  both: number;
}

/** A merged stream; `counts` are final once it has been read to its end. */
export interface MergedHashes extends Iterable<Buffer> {
  readonly counts: Readonly<MergeCounts>;
  /** Hashes yielded so far. */
  readonly count: number;
}

export interface AsyncMergedHashes extends AsyncIterable<Buffer> {
  readonly counts: Readonly<MergeCounts>;
  readonly count: number;
}

export interface DiffChunk {
  op: 'add' | 'remove';
  hashes: Buffer;
}

/** The changes that turn `confirmed` into `desired`; counts are final once read to the end. */
export interface HashDiff extends Iterable<DiffChunk> {
  readonly adds: number;
  readonly removes: number;
}

export interface AsyncHashDiff extends AsyncIterable<DiffChunk> {
  readonly adds: number;
  readonly removes: number;
}

export type SetOperation = 'union' | 'difference' | 'intersection' | 'replace';

export interface MergeOptions {
  /** Hashes per output chunk (the last one shorter). Default SET_CHUNK_HASHES. */
  chunkHashes?: number;
  /**
   * Reuse output buffers: a yielded chunk is then only valid until the next one is requested.
   * For consumers that copy or store each chunk at once (another merge, `writeHashSet`); it
   * spares the GC a dead 512 KiB buffer per chunk.
   */
  reuseChunks?: boolean;
}

/** Which output (0 or 1) each outcome goes to; -1 drops it. "both" emits A's copy. */
interface Route {
  onlyA: number;
  onlyB: number;
  both: number;
}

const ROUTES: Record<SetOperation, Route> = {
  union: { onlyA: 0, onlyB: 0, both: 0 },
  difference: { onlyA: 0, onlyB: -1, both: -1 },
  intersection: { onlyA: -1, onlyB: -1, both: 0 },
  // A = the new set, B = the current one: the output is A, the counts say what changed.
  replace: { onlyA: 0, onlyB: -1, both: 0 },
};
const DIFF_ROUTE: Route = { onlyA: 0, onlyB: 1, both: -1 };
const COUNT_ROUTE: Route = { onlyA: -1, onlyB: -1, both: -1 };

const EMPTY_WORDS: Int32Array = new Int32Array(0);

/** Packs pushed hashes into fresh fixed-size chunks, coalescing contiguous source ranges. */
class ChunkWriter {
  readonly ready: Buffer[] = [];
  private readonly spare: Buffer[] = [];
  count = 0;
  private out: Buffer | null = null;
  private outWords = EMPTY_WORDS;
  private at = 0;
  private pendingSrc: Int32Array | null = null;
  private pendingFrom = 0;
  private pendingTo = 0;

  constructor(private readonly chunkWords: number) {}

  push(src: Int32Array, from: number, to: number): void {
    if (src === this.pendingSrc && from === this.pendingTo) {
      this.pendingTo = to;
    } else {
      this.flush();
      this.pendingSrc = src;
      this.pendingFrom = from;
      this.pendingTo = to;
    }
    // Bounds the chunks one flush can produce, so only a few are ever waiting to be yielded.
    if (this.pendingTo - this.pendingFrom >= this.chunkWords) this.flush();
  }

  /** Copies the pending range out; must run before the source block it points into is replaced. */
  flush(): void {
    const src = this.pendingSrc;
    if (!src) return;
    this.pendingSrc = null;
    let from = this.pendingFrom;
    const to = this.pendingTo;
    this.count += (to - from) / HASH_WORDS;
    while (from < to) {
      if (!this.out) {
        this.out = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.chunkWords * 4);
        this.outWords = wordsOf(this.out);
        this.at = 0;
      }
      const take = Math.min(to - from, this.chunkWords - this.at);
      const dst = this.outWords;
      if (take <= 4 * HASH_WORDS) {
        for (let k = 0, d = this.at; k < take; k++, d++) dst[d] = src[from + k]!;
      } else {
        dst.set(src.subarray(from, from + take), this.at);
      }
      this.at += take;
      from += take;
      if (this.at === this.chunkWords) {
        this.ready.push(this.out);
        this.out = null;
      }
    }
  }

  /** Takes back a chunk the consumer is done with (reuseChunks). */
  recycle(chunk: Buffer): void {
    this.spare.push(Buffer.from(chunk.buffer, chunk.byteOffset, this.chunkWords * 4));
  }

  end(): void {
    this.flush();
    if (this.out && this.at > 0) this.ready.push(this.out.subarray(0, this.at * 4));
    this.out = null;
  }
}

const NEED_A = 1;
const NEED_B = 2;
const DONE = 3;
/** Output chunks are ready: yield them before merging on. */
const READY = 4;

/** The merge itself, fed block by block so the same loop serves sync and async inputs. */
class TwoWayMerge {
  readonly counts: MergeCounts = { onlyA: 0, onlyB: 0, both: 0 };
  readonly writers: (ChunkWriter | null)[];
  private aWords = EMPTY_WORDS;
  private aPos = 0;
  private aEnd = 0;
  private aDone = false;
  private bWords = EMPTY_WORDS;
  private bPos = 0;
  private bEnd = 0;
  private bDone = false;
  private readonly outA: ChunkWriter | null;
  private readonly outB: ChunkWriter | null;
  private readonly outBoth: ChunkWriter | null;

  readonly reuseChunks: boolean;
  private readonly chunkHashes: number;

  constructor(route: Route, outputs: number, options: MergeOptions = {}) {
    const chunkHashes = Math.max(1, Math.floor(options.chunkHashes ?? SET_CHUNK_HASHES));
    this.chunkHashes = chunkHashes;
    this.reuseChunks = options.reuseChunks ?? false;
    this.writers = [];
    for (let i = 0; i < outputs; i++) this.writers.push(new ChunkWriter(chunkHashes * HASH_WORDS));
    const pick = (lane: number): ChunkWriter | null => (lane < 0 ? null : this.writers[lane]!);
    this.outA = pick(route.onlyA);
    this.outB = pick(route.onlyB);
    this.outBoth = pick(route.both);
  }

  feedA(block: Buffer | undefined): void {
    if (block === undefined) {
      this.aDone = true;
      return;
    }
    hashCount(block);
    this.aWords = wordsOf(block);
    this.aPos = 0;
    this.aEnd = this.aWords.length;
  }

  feedB(block: Buffer | undefined): void {
    if (block === undefined) {
      this.bDone = true;
      return;
    }
    hashCount(block);
    this.bWords = wordsOf(block);
    this.bPos = 0;
    this.bEnd = this.bWords.length;
  }

  /** Merges until an input block runs out (NEED_A / NEED_B) or both inputs have ended (DONE). */
  run(): number {
    const step = this.chunkHashes * HASH_WORDS;
    for (;;) {
      for (const writer of this.writers) if (writer && writer.ready.length > 0) return READY;
      const aLeft = this.aPos < this.aEnd;
      const bLeft = this.bPos < this.bEnd;
      if (!aLeft && !this.aDone) return this.pause(NEED_A);
      if (!bLeft && !this.bDone) return this.pause(NEED_B);
      if (aLeft && bLeft) {
        this.walk(this.chunkHashes);
      } else if (aLeft) {
        const to = Math.min(this.aEnd, this.aPos + step);
        this.counts.onlyA += (to - this.aPos) / HASH_WORDS;
        this.outA?.push(this.aWords, this.aPos, to);
        this.aPos = to;
      } else if (bLeft) {
        const to = Math.min(this.bEnd, this.bPos + step);
        this.counts.onlyB += (to - this.bPos) / HASH_WORDS;
        this.outB?.push(this.bWords, this.bPos, to);
        this.bPos = to;
      } else {
        for (const writer of this.writers) writer?.end();
        return DONE;
      }
    }
  }

  private pause(need: number): number {
    for (const writer of this.writers) writer?.flush();
    return need;
  }

  /** The hot loop: both blocks have hashes left. Takes at most `limit` steps (≤ one chunk out). */
  private walk(limit: number): void {
    const aw = this.aWords;
    const bw = this.bWords;
    const ae = this.aEnd;
    const be = this.bEnd;
    const outA = this.outA;
    const outB = this.outB;
    const outBoth = this.outBoth;
    let ap = this.aPos;
    let bp = this.bPos;
    let onlyA = 0;
    let onlyB = 0;
    let both = 0;
    for (let steps = 0; steps < limit && ap < ae && bp < be; steps++) {
      let order = 0;
      for (let k = 0; k < HASH_WORDS; k++) {
        const x = aw[ap + k]!;
        const y = bw[bp + k]!;
        if (x !== y) {
          order = toSortKey(x) < toSortKey(y) ? -1 : 1;
          break;
        }
      }
      if (order === 0) {
        both++;
        if (outBoth) outBoth.push(aw, ap, ap + HASH_WORDS);
        ap += HASH_WORDS;
        bp += HASH_WORDS;
      } else if (order < 0) {
        onlyA++;
        if (outA) outA.push(aw, ap, ap + HASH_WORDS);
        ap += HASH_WORDS;
      } else {
        onlyB++;
        if (outB) outB.push(bw, bp, bp + HASH_WORDS);
        bp += HASH_WORDS;
      }
    }
    this.aPos = ap;
    this.bPos = bp;
    this.counts.onlyA += onlyA;
    this.counts.onlyB += onlyB;
    this.counts.both += both;
  }
}

function* driveSync<T>(
  merge: TwoWayMerge,
  a: HashStream,
  b: HashStream,
  wrap: (lane: number, chunk: Buffer) => T,
): Generator<T, void, undefined> {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  try {
    for (;;) {
      const state = merge.run();
      yield* flushReady(merge, wrap);
      if (state === DONE) return;
      if (state === READY) continue;
      if (state === NEED_A) {
        const next = ia.next();
        merge.feedA(next.done ? undefined : next.value);
      } else {
        const next = ib.next();
        merge.feedB(next.done ? undefined : next.value);
      }
    }
  } finally {
    ia.return?.();
    ib.return?.();
  }
}

/** Hands out every finished output chunk, lane by lane (shared by the sync and async drivers). */
function* flushReady<T>(merge: TwoWayMerge, wrap: (lane: number, chunk: Buffer) => T): Generator<T, void, undefined> {
  for (let lane = 0; lane < merge.writers.length; lane++) {
    const writer = merge.writers[lane]!;
    while (writer.ready.length > 0) {
      const chunk = writer.ready.shift()!;
      yield wrap(lane, chunk);
      if (merge.reuseChunks) writer.recycle(chunk);
    }
  }
}

function asyncIteratorOf(stream: AnyHashStream): AsyncIterator<Buffer> | Iterator<Buffer> {
  return Symbol.asyncIterator in stream ? stream[Symbol.asyncIterator]() : stream[Symbol.iterator]();
}

async function* driveAsync<T>(
  merge: TwoWayMerge,
  a: AnyHashStream,
  b: AnyHashStream,
  wrap: (lane: number, chunk: Buffer) => T,
): AsyncGenerator<T, void, undefined> {
  const ia = asyncIteratorOf(a);
  const ib = asyncIteratorOf(b);
  try {
    for (;;) {
      const state = merge.run();
      yield* flushReady(merge, wrap);
      if (state === DONE) return;
      if (state === READY) continue;
      if (state === NEED_A) {
        const next = await ia.next();
        merge.feedA(next.done ? undefined : next.value);
      } else {
        const next = await ib.next();
        merge.feedB(next.done ? undefined : next.value);
      }
    }
  } finally {
    await ia.return?.();
    await ib.return?.();
  }
}

const firstLane = (_lane: number, chunk: Buffer): Buffer => chunk;

/** `[Symbol.iterator]: constant(generator)`: every iteration continues the one pass. */
const constant =
  <T>(value: T) =>
  (): T =>
    value;

/** Adds the live counts of a set operation's merge (they grow as the chunks are read) to its iterable. */
function withSetCounts<T extends object>(merge: TwoWayMerge, iterable: T): NoInfer<T> & { readonly counts: MergeCounts; readonly count: number } {
  return Object.defineProperties(iterable, {
    counts: { get: () => merge.counts, enumerable: true },
    count: { get: () => merge.writers[0]?.count ?? 0, enumerable: true },
  }) as T & { readonly counts: MergeCounts; readonly count: number };
}

/**
 * One set operation over streams A and B:
 * - `union`: A ∪ B;
 * - `difference`: A − B (counts.both is how many of A were in B, e.g. the suppressed);
 * - `intersection`: A ∩ B;
 * - `replace`: yields A (the new set) unchanged; counts.onlyA = added, counts.onlyB = removed.
 */
export function mergeSets(operation: SetOperation, a: HashStream, b: HashStream, options?: MergeOptions): MergedHashes {
  const merge = new TwoWayMerge(ROUTES[operation], 1, options);
  return withSetCounts(merge, { [Symbol.iterator]: constant(driveSync(merge, a, b, firstLane)) });
}

/** `mergeSets` over inputs that may be async iterables. */
export function mergeSetsAsync(
  operation: SetOperation,
  a: AnyHashStream,
  b: AnyHashStream,
  options?: MergeOptions,
): AsyncMergedHashes {
  const merge = new TwoWayMerge(ROUTES[operation], 1, options);
  return withSetCounts(merge, { [Symbol.asyncIterator]: constant(driveAsync(merge, a, b, firstLane)) });
}

export const union = (a: HashStream, b: HashStream): MergedHashes => mergeSets('union', a, b);
export const difference = (a: HashStream, b: HashStream): MergedHashes => mergeSets('difference', a, b);
export const intersection = (a: HashStream, b: HashStream): MergedHashes => mergeSets('intersection', a, b);
/** Yields `next`; counts.onlyA = added (next − current), counts.onlyB = removed (current − next). */
export const replace = (next: HashStream, current: HashStream): MergedHashes => mergeSets('replace', next, current);

/** Reads both streams to the end and only counts. */
export function compareSets(a: HashStream, b: HashStream): MergeCounts {
  const merge = new TwoWayMerge(COUNT_ROUTE, 0);
  for (const _ of driveSync(merge, a, b, firstLane)) void _;
  return { ...merge.counts };
}

export function intersectionCount(a: HashStream, b: HashStream): number {
  return compareSets(a, b).both;
}

const diffChunk = (lane: number, hashes: Buffer): DiffChunk => ({ op: lane === 0 ? 'add' : 'remove', hashes });

/**
 * What to upload so a remote list holding `confirmed` ends up holding `desired`: chunks of hashes
 * to add (desired − confirmed) and to remove (confirmed − desired), interleaved in one pass.
 */
export function diff(desired: HashStream, confirmed: HashStream, options?: MergeOptions): HashDiff {
  const merge = new TwoWayMerge(DIFF_ROUTE, 2, options);
  return withDiffCounts(merge, { [Symbol.iterator]: constant(driveSync(merge, desired, confirmed, diffChunk)) });
}

export function diffAsync(desired: AnyHashStream, confirmed: AnyHashStream, options?: MergeOptions): AsyncHashDiff {
  const merge = new TwoWayMerge(DIFF_ROUTE, 2, options);
  return withDiffCounts(merge, { [Symbol.asyncIterator]: constant(driveAsync(merge, desired, confirmed, diffChunk)) });
}

/** Adds the live counts of a diff's merge (they grow as the chunks are read) to its iterable. */
function withDiffCounts<T extends object>(merge: TwoWayMerge, iterable: T): NoInfer<T> & { readonly adds: number; readonly removes: number } {
  return Object.defineProperties(iterable, {
    adds: { get: () => merge.counts.onlyA, enumerable: true },
    removes: { get: () => merge.counts.onlyB, enumerable: true },
  }) as T & { readonly adds: number; readonly removes: number };
}

/** A stream over one in-memory buffer of sorted hashes (tests, small sets), in chunks. */
export function* hashesOf(buffer: Buffer, chunkHashes = SET_CHUNK_HASHES): Generator<Buffer, void, undefined> {
  const step = chunkHashes * HASH_BYTES;
  for (let at = 0; at < buffer.length; at += step) yield buffer.subarray(at, Math.min(at + step, buffer.length));
}

/** Reads a stream to the end, dropping the hashes; returns how many there were. */
export function drain(stream: HashStream): number {
  let count = 0;
  for (const chunk of stream) count += hashCount(chunk);
  return count;
}
