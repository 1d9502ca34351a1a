/**
 * A workbook's shared strings (xl/sharedStrings.xml), packed as UTF-8 in one buffer with an end
 * offset per string. Excel stores every distinct text of a workbook there, so a 1M-row export
 * holds millions of them: kept as an array of JS strings, they cost ~60 bytes each over their
 * text, and the parser's pieces they were cut from stay alive with them (a 1M-row workbook
 * peaked at ~500 MB that way). Packed, a string costs its UTF-8 bytes plus 5 (its end and a blank flag).
 */
/**
 * Buffer's own UTF-8 methods, under `write`/`toString`: called directly they skip the encoding
 * lookup and argument checks, which cost as much as the copy for strings this short.
 */
interface FastBuffer extends Buffer {
  utf8Write(text: string, offset: number): number;
  utf8Slice(start: number, end: number): string;
}

export class SharedStrings {
  private bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  private blanks = new Uint8Array(1 << 12);
  private size = 0;

  get count(): number {
    return this.size;
  }

  /** Appends the next string (index `count`). Throws past 4 GiB of text, which no workbook holds. */
  add(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    this.used += (this.reserve(text.length * 3) as FastBuffer).utf8Write(text, this.used);
    this.push(text === '' || text.trim() === '');
  }

  /** Records the string just written (its end, its blank flag). */
  private push(blank: boolean): void {
    if (this.size === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
      const blanks = new Uint8Array(grown.length);
      blanks.set(this.blanks);
      this.blanks = blanks;
    }
    this.blanks[this.size] = blank ? 1 : 0;
    this.ends[this.size++] = this.used;
  }

  /**
   * For a writer that copies UTF-8 text in itself (shared-strings-part.ts): room for `bytes` more
   * after `usedBytes`. Write the next string's bytes there, then `addWritten` where they end (or
   * nothing, to drop them).
   */
  reserve(bytes: number): Buffer {
    const needed = this.used + bytes;
    if (needed > this.bytes.length) {
      if (needed > 0xffff_ffff) throw new RangeError('shared strings over 4 GiB');
      const grown = Buffer.allocUnsafe(Math.min(0xffff_ffff, Math.max(needed, this.bytes.length * 2)));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    return this.bytes;
  }

  /** Where the next string's bytes go in the buffer `reserve` gave. */
  get usedBytes(): number {
    return this.used;
  }

  /** Appends the string whose bytes were written from `usedBytes` up to `end` (see reserve), known to be `blank` or not. */
  addWritten(end: number, blank: boolean): void {
    this.used = end;
    this.push(blank);
  }

  /** The string at `index`; '' for an index the workbook does not have (as Excel shows such a cell). */
  get(index: number): string {
    if (!(index >= 0 && index < this.size)) return '';
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return (this.bytes as FastBuffer).utf8Slice(start, this.ends[index]!);
  }

  /** Whether the string at `index` is empty or white space (a cell that counts as empty); true for an index the workbook does not have, as `get` gives ''. */
  isBlank(index: number): boolean {
    return !(index >= 0 && index < this.size) || this.blanks[index] === 1;
  }

  /** Bytes held, for tests and benchmarks. */
  get byteLength(): number {
    return this.bytes.length + this.ends.byteLength + this.blanks.byteLength;
  }
}
