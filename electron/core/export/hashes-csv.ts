import { HASH_BYTES, hashCount } from '../store/hashes.js';

/**
 * Ads Manager's manual upload format for a customer list: a single column, one identifier per
 * line and no header line (Pinterest's own template is a bare column of values). Pinlist writes
 * SHA-256 hashes as 64 lowercase hex digits, lines ending in LF.
 */
const LINE_BYTES = HASH_BYTES * 2 + 1;
const NEWLINE = 0x0a;

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** A chunk of 32-byte hashes as hex lines, in one buffer (a table loop: no per-hash strings). */
export function hashLines(hashes: Buffer): Buffer {
  const count = hashCount(hashes);
  const out = Buffer.allocUnsafe(count * LINE_BYTES);
  let o = 0;
  for (let i = 0; i < hashes.length; i++) {
    const byte = hashes[i]!;
    out[o++] = HEX_DIGITS[byte >>> 4]!;
    out[o++] = HEX_DIGITS[byte & 0x0f]!;
    if ((i & (HASH_BYTES - 1)) === HASH_BYTES - 1) out[o++] = NEWLINE;
  }
  return out;
}

/** A stored hash set, chunk by chunk, as the lines of the export. */
export function* hashLinesOf(chunks: Iterable<Buffer>): Generator<Buffer, void, undefined> {
  for (const chunk of chunks) {
    if (chunk.length > 0) yield hashLines(chunk);
  }
}
