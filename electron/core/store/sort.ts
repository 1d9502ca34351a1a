import { compareWords, copyWords, HASH_BYTES, HASH_WORDS, toSortKey, wordsOf } from './hashes.js';

/**
 * In-memory sort and dedupe of 32-byte hash records, in place.
 *
 * Gathering records through a sorted index (the obvious approach) reads 32 MB in random order
 * and costs more than the sort itself. Instead, one pass scatters the records into 2,048 buckets
 * by their top 11 bits (sequential reads, 2,048 sequential write streams) into a scratch buffer;
 * each bucket (about 500 records, 16 KB, for a million hashes) then fits in cache, where it is
 * ordered by an index radix sort on the rest of the first word, ties are settled on the later
 * words (radix again for long ties, so one value repeated a million times stays linear), and its
 * records are copied back in order, dropping duplicates, which sit next to each other by then.
 */

const TOP_BITS = 11;
const BUCKETS = 1 << TOP_BITS;
// Buckets are a few hundred records: clearing and summing 2,048 counters per pass would cost
// more than sorting them, so their radix sort uses 7-bit digits.
const LOCAL_DIGIT_BITS = 7;
const WORD_DIGIT_BITS = 11;
const SMALL_RANGE = 16;

/**
 * Memory one sort needs besides its input: a buffer as large as the input, and index arrays as
 * large as the largest bucket. Reuse one across sorts (and across builders on one thread: nothing
 * stays in it between calls) so sorting run after run does not allocate 32 MB each time.
 */
export class SortScratch {
  records: Int32Array = new Int32Array(0);
  keys = new Uint32Array(0);
  order = new Uint32Array(0);
  tmpKeys = new Uint32Array(0);
  tmpOrder = new Uint32Array(0);
  readonly bucketStarts = new Uint32Array(BUCKETS + 1);
  readonly counts = new Uint32Array(3 * (1 << WORD_DIGIT_BITS));

  ensureRecords(count: number): Int32Array {
    if (this.records.length < count * HASH_WORDS) {
      this.records = new Int32Array(Buffer.allocUnsafeSlow(count * HASH_BYTES).buffer, 0, count * HASH_WORDS);
    }
    return this.records;
  }

  ensureIndex(count: number): void {
    if (this.keys.length >= count) return;
    const size = Math.max(count, 1024);
    this.keys = new Uint32Array(size);
    this.order = new Uint32Array(size);
    this.tmpKeys = new Uint32Array(size);
    this.tmpOrder = new Uint32Array(size);
  }

  release(): void {
    this.records = new Int32Array(0);
    this.keys = this.order = this.tmpKeys = this.tmpOrder = new Uint32Array(0);
  }
}

/**
 * LSD radix sort of `keys[0..n)` with `order` alongside, on bits `[0, bits)` of the keys, with
 * digits of `digitBits`. Passes whose digit is equal for every key are skipped. Returns the pair
 * of arrays that holds the result (the inputs or the temporaries).
 */
function radixSortPairs(
  keys: Uint32Array,
  order: Uint32Array,
  tmpKeys: Uint32Array,
  tmpOrder: Uint32Array,
  n: number,
  bits: number,
  digitBits: number,
  counts: Uint32Array,
): [Uint32Array, Uint32Array] {
  const digits = 1 << digitBits;
  const mask = digits - 1;
  const passes = Math.ceil(bits / digitBits);
  counts.fill(0, 0, passes * digits);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    for (let pass = 0, shift = 0; pass < passes; pass++, shift += digitBits) {
      counts[pass * digits + ((k >>> shift) & mask)]!++;
    }
  }
  let srcK = keys;
  let srcO = order;
  let dstK = tmpKeys;
  let dstO = tmpOrder;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * digits;
    const shift = pass * digitBits;
    let sum = 0;
    let skip = false;
    for (let d = 0; d < digits; d++) {
      const c = counts[base + d]!;
      if (c === n) skip = true;
      counts[base + d] = sum;
      sum += c;
    }
    if (skip) continue;
    for (let i = 0; i < n; i++) {
      const k = srcK[i]!;
      const slot = base + ((k >>> shift) & mask);
      const p = counts[slot]!;
      counts[slot] = p + 1;
      dstK[p] = k;
      dstO[p] = srcO[i]!;
    }
    const tk = srcK;
    const to = srcO;
    srcK = dstK;
    srcO = dstO;
    dstK = tk;
    dstO = to;
  }
  return [srcK, srcO];
}

function insertionSort(words: Int32Array, order: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const item = order[i]!;
    let j = i - 1;
    while (j >= lo && compareWords(words, order[j]! * HASH_WORDS, words, item * HASH_WORDS) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = item;
  }
}

/** Whether the records `order[lo..hi)` are all the same from word `word` on. */
function allSameFrom(words: Int32Array, order: Uint32Array, lo: number, hi: number, word: number): boolean {
  const first = order[lo]! * HASH_WORDS;
  for (let i = lo + 1; i < hi; i++) {
    const at = order[i]! * HASH_WORDS;
    for (let k = word; k < HASH_WORDS; k++) if (words[at + k] !== words[first + k]) return false;
  }
  return true;
}

/** Orders `order[lo..hi)`, whose records agree on words `0..word-1`, by the rest of the hash. */
function sortTies(words: Int32Array, order: Uint32Array, lo: number, hi: number, word: number, counts: Uint32Array): void {
  const n = hi - lo;
  // One value many times over (a placeholder address filled in where there was none) is common
  // in real files: such a run is in order already. Without this check it was radix-sorted once
  // per remaining word: 30,000 copies cost ~27 ms of a 40 ms sort.
  if (n > SMALL_RANGE && allSameFrom(words, order, lo, hi, word)) return;
  if (n <= SMALL_RANGE) {
    insertionSort(words, order, lo, hi);
    return;
  }
  const keys = new Uint32Array(n);
  const sub = order.slice(lo, hi);
  for (let i = 0; i < n; i++) keys[i] = toSortKey(words[sub[i]! * HASH_WORDS + word]!);
  const [sortedKeys, sortedOrder] = radixSortPairs(keys, sub, new Uint32Array(n), new Uint32Array(n), n, 32, WORD_DIGIT_BITS, counts);
  order.set(sortedOrder, lo);
  if (word + 1 >= HASH_WORDS) return; // all 8 words equal: identical records
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || sortedKeys[i] !== sortedKeys[start]) {
      if (i - start > 1) sortTies(words, order, lo + start, lo + i, word + 1, counts);
      start = i;
    }
  }
}

function sameRecord(a: Int32Array, ai: number, b: Int32Array, bi: number): boolean {
  for (let k = 0; k < HASH_WORDS; k++) if (a[ai + k] !== b[bi + k]) return false;
  return true;
}

export interface SortUniqueResult {
  /** The sorted, duplicate-free hashes: the first `count` × 32 bytes of the input buffer. */
  buffer: Buffer;
  count: number;
  duplicates: number;
}

/**
 * Sorts the first `count` 32-byte hashes of `buffer` ascending and removes duplicates, IN PLACE:
 * the unique hashes end up at the front of `buffer`, and the result's `buffer` is that prefix.
 * Pass a `scratch` to reuse its memory across calls.
 */
export function sortUniqueHashes(buffer: Buffer, count: number, scratch: SortScratch = new SortScratch()): SortUniqueResult {
  if (!Number.isInteger(count) || count < 0 || count * HASH_BYTES > buffer.length) {
    throw new RangeError(`sortUniqueHashes: ${count} hashes do not fit in ${buffer.length} bytes`);
  }
  const aligned = buffer.byteOffset % 4 === 0;
  const words = aligned ? wordsOf(buffer.subarray(0, count * HASH_BYTES)) : wordsOf(Buffer.from(buffer.subarray(0, count * HASH_BYTES)));
  const { count: unique, duplicates } = sortUniqueWords(words, count, scratch);
  if (!aligned) buffer.set(new Uint8Array(words.buffer, words.byteOffset, unique * HASH_BYTES));
  return { buffer: buffer.subarray(0, unique * HASH_BYTES), count: unique, duplicates };
}

/** `sortUniqueHashes` on a word view; returns the number of unique hashes now at the front. */
export function sortUniqueWords(words: Int32Array, count: number, scratch: SortScratch): { count: number; duplicates: number } {
  if (count === 0) return { count: 0, duplicates: 0 };
  const records = scratch.ensureRecords(count);
  const starts = scratch.bucketStarts;
  const shift = 32 - TOP_BITS;

  // 1. Scatter the records into buckets by their top bits.
  starts.fill(0);
  for (let i = 0; i < count; i++) starts[(toSortKey(words[i * HASH_WORDS]!) >>> shift) + 1]!++;
  let largest = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const size = starts[b + 1]!;
    if (size > largest) largest = size;
    starts[b + 1] = starts[b]! + size;
  }
  const fill = scratch.counts.subarray(0, BUCKETS);
  fill.set(starts.subarray(0, BUCKETS));
  for (let i = 0; i < count; i++) {
    const src = i * HASH_WORDS;
    const bucket = toSortKey(words[src]!) >>> shift;
    const slot = fill[bucket]!;
    fill[bucket] = slot + 1;
    copyWords(words, src, records, slot * HASH_WORDS);
  }

  // 2. Sort each bucket in cache and copy it back in order, without duplicates.
  scratch.ensureIndex(largest);
  const { keys, order, tmpKeys, tmpOrder, counts } = scratch;
  let out = 0;
  let duplicates = 0;
  let lastOut = -1;
  for (let b = 0; b < BUCKETS; b++) {
    const lo = starts[b]!;
    const n = starts[b + 1]! - lo;
    if (n === 0) continue;
    for (let i = 0; i < n; i++) {
      keys[i] = toSortKey(records[(lo + i) * HASH_WORDS]!);
      order[i] = lo + i;
    }
    const [sortedKeys, sortedOrder] = radixSortPairs(keys, order, tmpKeys, tmpOrder, n, shift, LOCAL_DIGIT_BITS, counts);
    let tieStart = 0;
    for (let i = 1; i <= n; i++) {
      if (i === n || sortedKeys[i] !== sortedKeys[tieStart]) {
        if (i - tieStart > 1) sortTies(records, sortedOrder, tieStart, i, 1, counts);
        tieStart = i;
      }
    }
    for (let i = 0; i < n; i++) {
      const src = sortedOrder[i]! * HASH_WORDS;
      // Equal records are adjacent now; the last one written is the only one to compare with.
      if (lastOut >= 0 && sameRecord(records, src, words, lastOut)) {
        duplicates++;
        continue;
      }
      lastOut = out * HASH_WORDS;
      copyWords(records, src, words, lastOut);
      out++;
    }
  }
  return { count: out, duplicates };
}

