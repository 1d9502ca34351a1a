import { StringDecoder } from 'node:string_decoder';
import type { ZipEntryStream } from './zip.js';

/**
 * Inflated XML is decoded at most this much at a time. A string over ~128 KB goes to V8's large
 * object space: decoding 256 KB chunks whole measured 4-5× slower (240 against 55 ms for a 256 MB
 * sheet) than in 64 KB pieces, which stay in the young generation.
 */
export const DECODE_PIECE_BYTES = 64 * 1024;

/** Where a worksheet's text is best cut: after a cell, where the scanner has nothing to carry. */
export const CELL_END = Buffer.from('</c>');

/**
 * Decoded text of one zip entry, piece by piece (a character split across chunks stays whole).
 * Each piece ends after its last `cutAfter` when it has one, the bytes after it starting the next
 * piece: the scanner then starts each piece with nothing carried over, on a flat string of its
 * own, rather than on the previous piece's tail joined to it (a rope, where every character read
 * costs a lookup). Pieces are views of the inflated chunks, never copies, except where a chunk's
 * tail (after its last cut) is joined to the next chunk's first cut.
 */
export class EntryText {
  private readonly decoder = new StringDecoder('utf8');
  private ended = false;
  /** Inflated bytes not decoded yet, in stream order. */
  private rest: Buffer | null = null;
  constructor(
    readonly stream: ZipEntryStream,
    private readonly cutAfter: Buffer | null = null,
  ) {}

  /** The next piece of text (about DECODE_PIECE_BYTES' worth), '' possibly; null at the end. */
  async next(): Promise<{ text: string; final: boolean } | null> {
    if (this.ended) return null;
    let bytes = this.rest;
    this.rest = null;
    if (bytes === null) {
      bytes = await this.stream.next();
      if (bytes === null) return this.end(null);
    }
    const window = bytes.length > DECODE_PIECE_BYTES ? bytes.subarray(0, DECODE_PIECE_BYTES) : bytes;
    const cut = this.cutAfter ? window.lastIndexOf(this.cutAfter) : -1;
    if (cut >= 0) return this.piece(bytes, cut + this.cutAfter!.length);
    // No cut: the piece is cut anywhere (not asked for, or a cell longer than a piece).
    if (!this.cutAfter || bytes.length > DECODE_PIECE_BYTES) return this.piece(bytes, window.length);
    // A chunk's tail after its last cut: joined to the next chunk up to that one's first cut.
    const next = await this.stream.next();
    if (next === null) return this.end(bytes);
    const first = next.indexOf(this.cutAfter);
    if (first < 0 || first + this.cutAfter.length > DECODE_PIECE_BYTES) {
      this.rest = Buffer.concat([bytes, next]);
      return { text: '', final: false };
    }
    return this.piece(Buffer.concat([bytes, next.subarray(0, first + this.cutAfter.length)]), Infinity, next.subarray(first + this.cutAfter.length));
  }

  /** Decodes `bytes` up to `end`, keeping the rest (or `after`) for the next piece. */
  private piece(bytes: Buffer, end: number, after: Buffer = bytes.subarray(Math.min(end, bytes.length))): { text: string; final: boolean } {
    if (after.length > 0) this.rest = after;
    return { text: this.decoder.write(end >= bytes.length ? bytes : bytes.subarray(0, end)), final: false };
  }

  private end(bytes: Buffer | null): { text: string; final: boolean } {
    this.ended = true;
    return { text: (bytes ? this.decoder.write(bytes) : '') + this.decoder.end(), final: true };
  }
}
