import { PinlistError } from '../../../shared/errors.js';

/** A SHA-256 hash is stored as 32 raw bytes; sets and streams are runs of these records. */
export const HASH_BYTES = 32;
/** The same record seen as 32-bit words, the unit the hot loops work in. */
export const HASH_WORDS = 8;

/**
 * Hashes per stored chunk (512 KiB). Every chunk of a set but the last is full, so hash `i` of a
 * set is in chunk `floor(i / SET_CHUNK_HASHES)`. Streams in this module use the same size so
 * their chunks can be stored as they are.
 */
export const SET_CHUNK_HASHES = 16_384;

const HEX_HASH = /^[0-9a-fA-F]{64}$/;

/**
 * Orders two hashes as unsigned big-endian byte strings (the order of `Buffer.compare` and of
 * SQLite's BLOB comparison). Reads 4 bytes at a time: `readUInt32BE` validates its argument on
 * every call and is about 3× slower here.
 */
export function compareHashes(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < HASH_BYTES; i += 4) {
    const ai = aOffset + i;
    const bi = bOffset + i;
    const x = ((a[ai]! << 24) | (a[ai + 1]! << 16) | (a[ai + 2]! << 8) | a[ai + 3]!) >>> 0;
    const y = ((b[bi]! << 24) | (b[bi + 1]! << 16) | (b[bi + 2]! << 8) | b[bi + 3]!) >>> 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function hexToHash(hex: string): Buffer {
  if (!HEX_HASH.test(hex)) {
    throw new PinlistError('INVALID_INPUT', `"${hex.slice(0, 80)}" is not a SHA-256 hash. Give 64 hexadecimal digits.`);
  }
  return Buffer.from(hex, 'hex');
}

export function hashToHex(buffer: Uint8Array, offset = 0): string {
  return Buffer.from(buffer.buffer, buffer.byteOffset + offset, HASH_BYTES).toString('hex');
}

/** Number of whole hashes in a buffer; throws if the length is not a multiple of 32. */
export function hashCount(buffer: Uint8Array): number {
  if (buffer.length % HASH_BYTES !== 0) {
    throw new PinlistError(
      'INTERNAL',
      `A hash buffer of ${buffer.length} bytes is not a whole number of 32-byte hashes. This is a bug in Pinlist; report it.`,
    );
  }
  return buffer.length / HASH_BYTES;
}

// ---- word-level helpers for the hot paths (sort, merge) ----

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Byte-swaps a native 32-bit word read from a hash into its big-endian (sort order) value. */
export const toSortKey: (word: number) => number = LITTLE_ENDIAN
  ? (word) => (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0
  : (word) => word >>> 0;

/**
 * An Int32Array over the buffer's bytes, so a hash is 8 word reads instead of 32 byte reads.
 * Copies the buffer only if it is not 4-byte aligned (a rare small pooled Buffer).
 */
export function wordsOf(buffer: Uint8Array): Int32Array {
  if (buffer.byteOffset % 4 === 0) return new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  copy.set(buffer);
  return new Int32Array(copy.buffer, 0, buffer.length >>> 2);
}

/** `compareHashes` on word views; `ai`/`bi` are word indexes (hash index × 8). */
export function compareWords(a: Int32Array, ai: number, b: Int32Array, bi: number): number {
  for (let k = 0; k < HASH_WORDS; k++) {
    const x = a[ai + k]!;
    const y = b[bi + k]!;
    if (x !== y) return toSortKey(x) < toSortKey(y) ? -1 : 1;
  }
  return 0;
}

export function copyWords(src: Int32Array, si: number, dst: Int32Array, di: number): void {
  dst[di] = src[si]!;
  dst[di + 1] = src[si + 1]!;
  dst[di + 2] = src[si + 2]!;
  dst[di + 3] = src[si + 3]!;
  dst[di + 4] = src[si + 4]!;
  dst[di + 5] = src[si + 5]!;
  dst[di + 6] = src[si + 6]!;
  dst[di + 7] = src[si + 7]!;
}

/** A Buffer of `count` hashes whose memory is its own (aligned, not from the shared pool). */
export function allocHashes(count: number): Buffer {
  return Buffer.allocUnsafeSlow(count * HASH_BYTES);
}
