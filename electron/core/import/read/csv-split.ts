import Papa from 'papaparse';

/**
 * Splits CSV text into rows exactly as papaparse does, faster. Lines with no quote character are
 * split here, the way papaparse's own fast path splits quote-free text (on the newline, then on the
 * delimiter) but in one pass, with no string made for a line as a whole and, once narrowed, with
 * text cut only for the columns read. A line with a quote in it goes to papaparse, one row at a
 * time: quoted fields have rules worth a library. Real files quote a cell here and there (a name
 * with a comma), so deciding by line, not by chunk, is what makes the difference (decision 0019).
 */

/** The columns read (see TableSource.narrow) and the width of a row of the layout. */
export interface Narrowing {
  /** 1 at the index of each column read. */
  readonly wanted: Uint8Array;
  readonly width: number;
}

export function narrowing(columns: readonly number[], width: number): Narrowing {
  const wanted = new Uint8Array(Math.max(width, ...columns.map((c) => c + 1)));
  for (const column of columns) wanted[column] = 1;
  return { wanted, width };
}

export interface SplitFormat {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

interface PapaResult {
  data: string[][];
  errors: { code: string }[];
  meta: { cursor: number; truncated: boolean };
}

const QUOTE = '"';

export class CsvRowSplitter {
  private readonly delimiter: string;
  private readonly newline: string;
  /** With '\n' line breaks, one '\r' before a break is dropped (a stray CRLF line). */
  private readonly stripCr: boolean;
  /** Papaparse, stopping after one row: given the text from the start of a line with a quote in it. */
  private readonly quoted: { parse(input: string, baseIndex: number, ignoreLastRow: boolean): unknown };
  /**
   * Papaparse for the rest of a step, once two lines in a row had quotes: a file that quotes every
   * cell (some CRM exports do) is papaparse's throughout, as fast as before this splitter, where a
   * call per row took half as long again.
   */
  private readonly quotedRest: { parse(input: string, baseIndex: number, ignoreLastRow: boolean): unknown };
  private narrowed: Narrowing | null = null;
  /** Where each field of the line being narrowed starts (grown as needed). */
  private fieldStarts = new Int32Array(64);
  /**
   * The next delimiter at or after the line being narrowed, found once and kept: a search from each
   * line would run on to the far next delimiter for every line of a file that has few (-1: none left).
   */
  private nextDelimiter = -1;
  /**
   * After a final split: the index in its rows of a row whose quoted field was never closed and so
   * ran to the end of the text (csv.ts refuses it when that swallowed line breaks), else -1.
   */
  unclosedRow = -1;

  constructor(format: SplitFormat) {
    this.delimiter = format.delimiter;
    this.newline = format.newline;
    this.stripCr = format.newline === '\n';
    this.quoted = new Papa.Parser({ delimiter: format.delimiter, newline: format.newline, quoteChar: QUOTE, preview: 1 });
    this.quotedRest = new Papa.Parser({ delimiter: format.delimiter, newline: format.newline, quoteChar: QUOTE });
  }

  /** From now on, rows of the layout's width are given with only these columns' cells (see split). */
  narrow(columns: readonly number[], width: number): void {
    this.narrowed = narrowing(columns, width);
  }

  /**
   * Appends the rows of `text` to `rows` and returns where the unfinished last row starts (left for
   * the next call with more text after it), or `text.length` when `final` (the last line is a row
   * then, even an empty one, as papaparse gives it).
   *
   * Narrowed, a quote-free row as wide as the layout is an array of that length holding only the
   * read columns' cells (the others are holes), provided one of them has text. Any other row is
   * whole: a row of another width may be rejected, and its reject keeps all of it; one with no
   * text in the read cells may be blank.
   */
  split(text: string, final: boolean, rows: string[][]): number {
    this.unclosedRow = -1;
    this.nextDelimiter = this.narrowed ? text.indexOf(this.delimiter) : -1;
    const newline = this.newline;
    let at = 0;
    let quoteAt = text.indexOf(QUOTE);
    let quotedInARow = 0;
    for (;;) {
      if (quoteAt < 0) return this.plainLines(text, at, text.length, final, rows);
      // The lines before the quote's line are plain.
      const lineBefore = text.lastIndexOf(newline, quoteAt);
      if (lineBefore >= at) {
        at = this.plainLines(text, at, lineBefore + newline.length, false, rows);
        quotedInARow = 0;
      }
      if (++quotedInARow >= 2) return this.quotedLines(text, at, final, rows);
      const result = this.quoted.parse(at === 0 ? text : text.slice(at), 0, !final) as PapaResult;
      // A quoted field still open at the end of the text: the row is finished by the next text.
      if (result.data.length === 0) return at;
      const row = result.data[0]!;
      this.dropCr(row);
      rows.push(row);
      if (result.errors.some((error) => error.code === 'MissingQuotes')) this.unclosedRow = rows.length - 1;
      at += result.meta.cursor;
      // Not stopped after its row by a line break: the row ran to the end of the (final) text.
      if (!result.meta.truncated) return text.length;
      quoteAt = text.indexOf(QUOTE, at);
    }
  }

  /** The rest of the text from `at` (a line's start), all papaparse's. */
  private quotedLines(text: string, at: number, final: boolean, rows: string[][]): number {
    const result = this.quotedRest.parse(at === 0 ? text : text.slice(at), 0, !final) as PapaResult;
    for (const row of result.data) {
      this.dropCr(row);
      rows.push(row);
    }
    if (final && result.errors.some((error) => error.code === 'MissingQuotes')) this.unclosedRow = rows.length - 1;
    return final ? text.length : at + result.meta.cursor;
  }

  /**
   * The quote-free lines from `at`: those ending before `until` (a line's start), or, with `until`
   * at the text's end, all of them and then the last one (a row only when `final`).
   */
  private plainLines(text: string, at: number, until: number, final: boolean, rows: string[][]): number {
    const { newline, stripCr, delimiter, narrowed } = this;
    for (;;) {
      if (at >= until && until < text.length) return at;
      const lineBreak = text.indexOf(newline, at);
      if (lineBreak < 0 && !final) return at;
      const lineEnd = lineBreak < 0 ? text.length : lineBreak;
      const end = stripCr && lineEnd > at && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      rows.push(narrowed ? this.narrowRow(text, at, end, narrowed) : text.slice(at, end).split(delimiter));
      if (lineBreak < 0) return text.length;
      at = lineBreak + newline.length;
    }
  }

  private narrowRow(text: string, start: number, end: number, { wanted, width }: Narrowing): string[] {
    const delimiter = this.delimiter;
    let fields = 0;
    let from = start;
    for (;;) {
      if (fields === this.fieldStarts.length) {
        const grown = new Int32Array(fields * 2);
        grown.set(this.fieldStarts);
        this.fieldStarts = grown;
      }
      this.fieldStarts[fields++] = from;
      if (this.nextDelimiter >= 0 && this.nextDelimiter < from) this.nextDelimiter = text.indexOf(delimiter, from);
      if (this.nextDelimiter < 0 || this.nextDelimiter >= end) break;
      from = this.nextDelimiter + delimiter.length;
    }
    if (fields !== width) return text.slice(start, end).split(delimiter);
    const starts = this.fieldStarts;
    const row = new Array<string>(fields);
    let someText = false;
    for (let i = 0; i < fields; i++) {
      if (wanted[i] !== 1) continue;
      const cell = text.slice(starts[i]!, i + 1 < fields ? starts[i + 1]! - delimiter.length : end);
      row[i] = cell;
      if (!someText && cell.length !== 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== '')) someText = true;
    }
    return someText ? row : text.slice(start, end).split(delimiter);
  }

  /** Papaparse leaves a stray CRLF line's '\r' on its last field when lines break at '\n'. */
  private dropCr(row: string[]): void {
    if (!this.stripCr) return;
    const last = row[row.length - 1]!;
    if (last.charCodeAt(last.length - 1) === 13) row[row.length - 1] = last.slice(0, -1);
  }
}
