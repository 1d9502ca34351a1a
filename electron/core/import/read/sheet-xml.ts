import { dateText, numberText } from './cell-text.js';
import { decodeCellText, decodeEntities } from './xml-text.js';

/**
 * Streaming scanners for a worksheet's XML (rows of cells) and for the shared strings part, fed
 * decoded text chunk by chunk. A chunk may end anywhere: the unfinished element is carried into
 * the next one (never more than `maxElementChars`, so one huge cell or tag can't hold the reader
 * hostage). Only what the rows need is looked at: <row>, <c> with its <v>, <is>/<t>, <f>.
 */

/** Excel's last column (XFD) and row: nothing in a real sheet lies beyond them. */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;

export interface ScannedRow {
  number: number;
  /** Cell texts by column; a shared string not yet loaded is its index, as a number. */
  cells: (string | number)[];
  /** Holds shared-string indexes still to resolve. */
  pending: boolean;
}

export type ScanLimit =
  | { kind: 'element'; row: number; column: number }
  | { kind: 'empty-rows'; row: number; count: number }
  | { kind: 'column'; row: number }
  | { kind: 'shared-string'; index: number };

/** Thrown by the scanners when a cap is hit; the reader words it for the person. */
export class ScanLimitError extends Error {
  constructor(readonly limit: ScanLimit) {
    super(limit.kind);
  }
}

export interface SharedLookup {
  /** Strings loaded so far (indexes below this resolve now). */
  readonly count: number;
  get(index: number): string;
}

export interface SheetScanOptions {
  dateStyles: readonly boolean[];
  date1904: boolean;
  maxElementChars: number;
  maxEmptyRows: number;
  shared: SharedLookup;
}

const T_NUMBER = 0;
const T_SHARED = 1;
const T_INLINE = 2;
const T_STRING = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

const PLAIN_INTEGER = /^-?[1-9]\d{0,14}$/;

/** Text up to the next markup, CDATA sections and comments included; null when the chunk ends first. */
function captureText(s: string, start: number): { text: string; end: number } | null {
  let text = '';
  let from = start;
  for (;;) {
    const lt = s.indexOf('<', from);
    if (lt < 0) return null;
    if (s.startsWith('<![CDATA[', lt)) {
      const close = s.indexOf(']]>', lt + 9);
      if (close < 0) return null;
      text += decodeEntities(s.slice(from, lt)) + s.slice(lt + 9, close);
      from = close + 3;
      continue;
    }
    if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      if (close < 0) return null;
      text += decodeEntities(s.slice(from, lt));
      from = close + 3;
      continue;
    }
    const tail = s.slice(from, lt);
    return { text: text === '' ? tail : text + decodeEntities(tail), end: lt };
  }
}

/** The local name of the tag starting at `lt` (after '<' or '</'), without its prefix. */
function tagName(s: string, from: number, gt: number): string {
  let start = from;
  let end = from;
  while (end < gt) {
    const code = s.charCodeAt(end);
    if (code === 0x20 || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d) break;
    if (code === 0x3a) start = end + 1;
    end++;
  }
  return s.slice(start, end);
}

/** A quoted attribute value inside s[from, to), by exact ` name="` (space-led, any quote). */
function attr(s: string, from: number, to: number, name: string): string | undefined {
  let at = s.indexOf(name, from);
  while (at >= 0 && at < to) {
    const before = s.charCodeAt(at - 1);
    const eq = at + name.length;
    if ((before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d || before === 0x3a) && s.charCodeAt(eq) === 0x3d) {
      const quote = s[eq + 1];
      if (quote === '"' || quote === "'") {
        const close = s.indexOf(quote, eq + 2);
        if (close > 0 && close < to) return s.slice(eq + 2, close);
      }
    }
    at = s.indexOf(name, at + 1);
  }
  return undefined;
}

/** "AB12" → 28; 0 when it has no letters; -1 past column XFD. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + (code - 0x60);
    if (col > MAX_COLUMNS) return -1;
  }
  return col;
}

export class SheetScanner {
  /** Rows with something in them, in sheet order, for the reader to take. */
  readonly rows: ScannedRow[] = [];
  /** Past </sheetData>: the rest of the part holds no cells. */
  ended = false;
  cellsRead = 0;
  /** The largest shared-string index a row has had to wait for so far. */
  maxPendingIndex = -1;

  private carry = '';
  private inSheetData = false;
  private lastRow = 0;
  private emptyRun = 0;

  private row: (string | number)[] | null = null;
  private rowNumber = 0;
  private rowPending = false;
  private rowFilled = false;

  private inCell = false;
  private col = 0;
  private type = T_NUMBER;
  private style = 0;
  private value: string | null = null;
  private inline: string | null = null;
  private inInline = false;
  private inPhonetic = false;

  constructor(private readonly options: SheetScanOptions) {}

  /** Scans the next decoded chunk; `final` for the last one. Throws ScanLimitError. */
  feed(text: string, final = false): void {
    const s = this.carry === '' ? text : this.carry + text;
    this.carry = '';
    const n = s.length;
    let p = 0;
    while (p < n && !this.ended) {
      const lt = s.indexOf('<', p);
      if (lt < 0) {
        p = n;
        break;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        p = lt;
        break;
      }
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 0x2f) {
        this.close(tagName(s, lt + 2, gt));
        p = gt + 1;
        continue;
      }
      if (c1 === 0x21 || c1 === 0x3f) {
        // Comment, CDATA or processing instruction between elements: skipped whole.
        const closer = s.startsWith('<!--', lt) ? '-->' : s.startsWith('<![CDATA[', lt) ? ']]>' : c1 === 0x3f ? '?>' : '>';
        const close = s.indexOf(closer, lt + 2);
        if (close < 0) {
          p = lt;
          break;
        }
        p = close + closer.length;
        continue;
      }
      const name = tagName(s, lt + 1, gt);
      const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
      if (!this.inSheetData) {
        if (name === 'sheetData' && !selfClosing) this.inSheetData = true;
        p = gt + 1;
        continue;
      }
      switch (name) {
        case 'c':
          this.openCell(s, lt, gt);
          if (selfClosing) this.closeCell();
          break;
        case 'v':
        case 't': {
          const wanted = name === 'v' ? this.inCell && !this.inInline : this.inInline && !this.inPhonetic;
          if (wanted && !selfClosing) {
            const captured = captureText(s, gt + 1);
            if (captured === null) {
              this.carryFrom(s, lt, final);
              return;
            }
            if (name === 'v') this.value = captured.text;
            else this.inline = (this.inline ?? '') + captured.text;
            p = captured.end;
            continue;
          }
          break;
        }
        case 'row':
          this.openRow(s, lt, gt);
          if (selfClosing) this.closeRow();
          break;
        case 'is':
          if (this.inCell && !selfClosing) this.inInline = true;
          break;
        case 'rPh':
          if (this.inInline && !selfClosing) this.inPhonetic = true;
          break;
        default:
          break;
      }
      p = gt + 1;
    }
    this.carryFrom(s, p, final);
  }

  private carryFrom(s: string, p: number, final: boolean): void {
    if (p >= s.length || this.ended) return;
    if (s.length - p > this.options.maxElementChars) {
      throw new ScanLimitError({ kind: 'element', row: this.row ? this.rowNumber : this.lastRow + 1, column: this.inCell ? this.col : 0 });
    }
    // A part that ends inside an element is cut off; what was whole has been read.
    if (!final) this.carry = s.slice(p);
  }

  private close(name: string): void {
    switch (name) {
      case 'c':
        if (this.inCell) this.closeCell();
        break;
      case 'row':
        if (this.row) this.closeRow();
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'sheetData':
        if (this.row) this.closeRow();
        this.inSheetData = false;
        this.ended = true;
        break;
      default:
        break;
    }
  }

  private openRow(s: string, lt: number, gt: number): void {
    if (this.row) this.closeRow();
    const r = attr(s, lt, gt, 'r');
    const number = r === undefined ? NaN : parseInt(r, 10);
    // Rows written without r="" are numbered one after the other.
    this.rowNumber = Number.isFinite(number) && number > 0 ? number : this.lastRow + 1;
    this.row = [];
    this.rowPending = false;
    this.rowFilled = false;
    this.col = 0;
  }

  private closeRow(): void {
    const row = this.row!;
    this.row = null;
    this.lastRow = this.rowNumber;
    if (this.rowFilled) {
      // A spreadsheet row ends at its last filled cell.
      let end = row.length;
      while (end > 0 && isBlank(row[end - 1]!)) end--;
      row.length = end;
      this.rows.push({ number: this.rowNumber, cells: row, pending: this.rowPending });
      this.emptyRun = 0;
    } else if (++this.emptyRun > this.options.maxEmptyRows) {
      throw new ScanLimitError({ kind: 'empty-rows', row: this.rowNumber, count: this.emptyRun });
    }
  }

  private openCell(s: string, lt: number, gt: number): void {
    if (!this.row) this.openRow(s, gt, gt);
    const r = attr(s, lt, gt, 'r');
    const col = r === undefined ? this.col + 1 : columnOf(r) || this.col + 1;
    if (col < 0) throw new ScanLimitError({ kind: 'column', row: this.rowNumber });
    this.col = col;
    const t = attr(s, lt, gt, 't');
    this.type =
      t === undefined || t === 'n'
        ? T_NUMBER
        : t === 's'
          ? T_SHARED
          : t === 'inlineStr'
            ? T_INLINE
            : t === 'str'
              ? T_STRING
              : t === 'b'
                ? T_BOOL
                : t === 'e'
                  ? T_ERROR
                  : t === 'd'
                    ? T_DATE
                    : T_STRING;
    const style = attr(s, lt, gt, 's');
    this.style = style === undefined ? 0 : parseInt(style, 10) || 0;
    this.value = null;
    this.inline = null;
    this.inCell = true;
    this.inInline = false;
    this.inPhonetic = false;
  }

  private closeCell(): void {
    this.inCell = false;
    this.inInline = false;
    this.cellsRead++;
    const text = this.cellValue();
    if (text === '') return;
    const row = this.row!;
    const index = this.col - 1;
    while (row.length < index) row.push('');
    row[index] = text;
    if (typeof text === 'number') {
      this.rowPending = true;
      this.rowFilled = true;
      if (text > this.maxPendingIndex) this.maxPendingIndex = text;
    } else if (!this.rowFilled && !isBlank(text)) this.rowFilled = true;
  }

  private cellValue(): string | number {
    const v = this.value;
    switch (this.type) {
      case T_SHARED: {
        if (v === null) return '';
        const index = parseInt(v, 10);
        if (!(index >= 0)) return '';
        return index < this.options.shared.count ? this.options.shared.get(index) : index;
      }
      case T_INLINE:
        return this.inline === null ? (v === null ? '' : decodeCellText(v)) : decodeCellText(this.inline);
      case T_STRING:
        return v === null ? '' : decodeCellText(v);
      case T_BOOL:
        return v === null || v.trim() === '' ? '' : parseFloat(v) !== 0 ? 'TRUE' : 'FALSE';
      case T_ERROR:
      case T_DATE:
        return v ?? '';
      default: {
        if (v === null || v === '') return '';
        const dated = this.options.dateStyles[this.style] === true;
        if (!dated && PLAIN_INTEGER.test(v)) return v;
        const number = parseFloat(v);
        if (dated && Number.isFinite(number)) {
          // Excel's serial day number (days since 1899-12-30, or 1904-01-01) at wall-clock time.
          return dateText(new Date(Math.round((number - 25569 + (this.options.date1904 ? 1462 : 0)) * 86_400_000)));
        }
        return numberText(number);
      }
    }
  }
}

function isBlank(cell: string | number): boolean {
  return typeof cell === 'string' && (cell === '' || cell.trim() === '');
}

/**
 * The shared strings part (<sst><si>…</si></sst>) into a store, string by string as chunks
 * arrive; a string's text is its <t> runs joined, phonetic guides (<rPh>) left out, as Excel
 * shows the cell.
 */
export class SharedStringsScanner {
  private carry = '';
  private inItem = false;
  private inPhonetic = false;
  private text = '';

  constructor(
    private readonly add: (text: string) => void,
    private readonly count: () => number,
    private readonly maxElementChars: number,
  ) {}

  feed(chunk: string, final = false): void {
    const s = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    const n = s.length;
    let p = 0;
    while (p < n) {
      const lt = s.indexOf('<', p);
      if (lt < 0) {
        p = n;
        break;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        p = lt;
        break;
      }
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 0x2f) {
        const name = tagName(s, lt + 2, gt);
        if (name === 'si' && this.inItem) {
          this.add(decodeCellText(this.text));
          this.inItem = false;
        } else if (name === 'rPh') this.inPhonetic = false;
        p = gt + 1;
        continue;
      }
      if (c1 === 0x21 || c1 === 0x3f) {
        const closer = s.startsWith('<!--', lt) ? '-->' : s.startsWith('<![CDATA[', lt) ? ']]>' : c1 === 0x3f ? '?>' : '>';
        const close = s.indexOf(closer, lt + 2);
        if (close < 0) {
          p = lt;
          break;
        }
        p = close + closer.length;
        continue;
      }
      const name = tagName(s, lt + 1, gt);
      const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
      if (name === 'si') {
        if (selfClosing) this.add('');
        else {
          this.inItem = true;
          this.inPhonetic = false;
          this.text = '';
        }
      } else if (name === 'rPh' && !selfClosing) {
        this.inPhonetic = true;
      } else if (name === 't' && this.inItem && !this.inPhonetic && !selfClosing) {
        const captured = captureText(s, gt + 1);
        if (captured === null) {
          p = lt;
          break;
        }
        this.text += captured.text;
        if (this.text.length > this.maxElementChars) throw new ScanLimitError({ kind: 'shared-string', index: this.count() });
        p = captured.end;
        continue;
      }
      p = gt + 1;
    }
    if (p < n) {
      if (n - p > this.maxElementChars) throw new ScanLimitError({ kind: 'shared-string', index: this.count() });
      if (!final) this.carry = s.slice(p);
    }
  }
}
