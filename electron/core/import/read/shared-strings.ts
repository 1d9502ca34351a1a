/**
 * A workbook's shared strings (xl/sharedStrings.xml), packed as UTF-8 in one buffer with an end
 * offset per string. Excel stores every distinct text of a workbook there, so a 1M-row export
 * holds millions of them: kept as an array of JS strings, they cost ~60 bytes each over their
 * text, and the parser's pieces they were cut from stay alive with them (a 1M-row workbook
 * peaked at ~500 MB that way). Packed, a string costs its UTF-8 bytes plus 4.
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
  private size = 0;

  get count(): number {
    return this.size;
  }

  /** Appends the next string (index `count`). Throws past 4 GiB of text, which no workbook holds. */
  add(text: string): void {
    const needed = this.used + text.length * 3;
    if (needed > this.bytes.length) {
      if (needed > 0xffff_ffff) throw new RangeError('shared strings over 4 GiB');
      const grown = Buffer.allocUnsafe(Math.min(0xffff_ffff, Math.max(needed, this.bytes.length * 2)));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += (this.bytes as FastBuffer).utf8Write(text, this.used);
    if (this.size === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.size++] = this.used;
  }

  /** The string at `index`; '' for an index the workbook does not have (as Excel shows such a cell). */
  get(index: number): string {
    if (!(index >= 0 && index < this.size)) return '';
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return (this.bytes as FastBuffer).utf8Slice(start, this.ends[index]!);
  }

  /** Bytes held, for tests and benchmarks. */
  get byteLength(): number {
    return this.bytes.length + this.ends.byteLength;
  }
}
