import { dateText, numberText } from './cell-text.js';
import { decodeCellText, decodeEntities, decodeExcelEscapes } from './xml-text.js';

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

/**
 * Text up to the next markup, CDATA sections and comments included, its entities decoded (a CDATA
 * section's text is taken as written); null when the chunk ends first.
 */
function captureText(s: string, start: number): { text: string; end: number } | null {
  let text = '';
  let from = start;
  for (;;) {
    const lt = s.indexOf('<', from);
    if (lt < 0) return null;
    // The chunk may end part way into "<![CDATA[" or "<!--": wait for the rest.
    if (s.length - lt < 9 && isMarkupPrefix(s.slice(lt))) return null;
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
    return { text: text + decodeEntities(tail), end: lt };
  }
}

function isMarkupPrefix(tail: string): boolean {
  return '<![CDATA['.startsWith(tail) || '<!--'.startsWith(tail);
}

const K_OTHER = 0;
const K_C = 1;
const K_V = 2;
const K_T = 3;
const K_ROW = 4;
const K_IS = 5;
const K_RPH = 6;
const K_SHEET_DATA = 7;
const K_SI = 8;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Where the tag name that starts at `from` ends (before a space, '/' or '>'). */
function nameEnd(s: string, from: number, gt: number): number {
  let end = from;
  while (end < gt) {
    const code = s.charCodeAt(end);
    if (code === 0x20 || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d) break;
    end++;
  }
  return end;
}

/** The element a tag name in s[from, end) is, by its local name (any prefix), without making a string. */
function kindOf(s: string, from: number, end: number): number {
  let start = from;
  for (let i = end - 1; i >= from; i--) {
    if (s.charCodeAt(i) === 0x3a) {
      start = i + 1;
      break;
    }
  }
  const c0 = s.charCodeAt(start);
  switch (end - start) {
    case 1:
      return c0 === 0x63 ? K_C : c0 === 0x76 ? K_V : c0 === 0x74 ? K_T : K_OTHER;
    case 2:
      if (c0 === 0x69 && s.charCodeAt(start + 1) === 0x73) return K_IS;
      return c0 === 0x73 && s.charCodeAt(start + 1) === 0x69 ? K_SI : K_OTHER;
    case 3:
      if (c0 !== 0x72) return K_OTHER;
      if (s.charCodeAt(start + 1) === 0x6f && s.charCodeAt(start + 2) === 0x77) return K_ROW;
      return s.charCodeAt(start + 1) === 0x50 && s.charCodeAt(start + 2) === 0x68 ? K_RPH : K_OTHER;
    case 9:
      return s.startsWith('sheetData', start) ? K_SHEET_DATA : K_OTHER;
    default:
      return K_OTHER;
  }
}

/**
 * The attribute `nextAttribute` last found: its name's character when the name is one unprefixed
 * letter (r, s, t are all a cell or row needs), else 0, and its value's range. Module state rather
 * than a callback or a result object, because it runs for every cell of the sheet.
 */
let attributeName = 0;
let attributeStart = 0;
let attributeEnd = 0;

/**
 * Finds the next attribute of a start tag from `i` (up to its '>' at `gt`) and returns the index
 * after it, or -1 when there is none (or the tag is malformed from there on).
 */
function nextAttribute(s: string, i: number, gt: number): number {
  while (i < gt && isSpace(s.charCodeAt(i))) i++;
  if (i >= gt || s.charCodeAt(i) === 0x2f) return -1;
  const nameStart = i;
  while (i < gt && s.charCodeAt(i) !== 0x3d && !isSpace(s.charCodeAt(i))) i++;
  const nameLength = i - nameStart;
  while (i < gt && s.charCodeAt(i) !== 0x3d) i++;
  i++;
  while (i < gt && isSpace(s.charCodeAt(i))) i++;
  const quote = s.charCodeAt(i);
  if (quote !== 0x22 && quote !== 0x27) return -1;
  const close = s.indexOf(quote === 0x22 ? '"' : "'", i + 1);
  if (close < 0 || close > gt) return -1;
  attributeName = nameLength === 1 ? s.charCodeAt(nameStart) : 0;
  attributeStart = i + 1;
  attributeEnd = close;
  return close + 1;
}

/** Digits at s[start, end) as a number; NaN when there are none or something else. */
function digits(s: string, start: number, end: number): number {
  if (start >= end) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** The column of a cell reference at s[start, end) ("AB12" → 28); 0 when it has no letters; -1 past XFD. */
function columnAt(s: string, start: number, end: number): number {
  let col = 0;
  for (let i = start; i < end; i++) {
    const code = s.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + (code - 0x60);
    if (col > MAX_COLUMNS) return -1;
  }
  return col;
}

/** The cell type code of a `t` attribute's value at s[start, end). */
function typeAt(s: string, start: number, end: number): number {
  const c0 = s.charCodeAt(start);
  switch (end - start) {
    case 1:
      return c0 === 0x73 ? T_SHARED : c0 === 0x6e ? T_NUMBER : c0 === 0x62 ? T_BOOL : c0 === 0x65 ? T_ERROR : c0 === 0x64 ? T_DATE : T_STRING;
    case 9:
      return c0 === 0x69 ? T_INLINE : T_STRING;
    default:
      return T_STRING;
  }
}

export class SheetScanner {
  /** Rows with something in them, in sheet order, for the reader to take. */
  readonly rows: ScannedRow[] = [];
  /** Past </sheetData>: the rest of the part holds no cells. */
  ended = false;
  /** Met <sheetData> at all: a worksheet part without it is no worksheet (or a damaged one). */
  sawSheetData = false;
  cellsRead = 0;
  /** The largest shared-string index a row has had to wait for so far. */
  maxPendingIndex = -1;
  /**
   * Leave every shared string as its index, for the reader to resolve (or not) by column: set
   * once the reader knows which columns it needs (XlsxTableSource.narrow).
   */
  deferShared = false;

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
        this.close(kindOf(s, lt + 2, nameEnd(s, lt + 2, gt)));
        p = gt + 1;
        continue;
      }
      if (c1 === 0x21 || c1 === 0x3f) {
        // Comment, CDATA or processing instruction between elements: skipped whole.
        const after = afterMarkup(s, lt, c1);
        if (after < 0) {
          p = lt;
          break;
        }
        p = after;
        continue;
      }
      const end = nameEnd(s, lt + 1, gt);
      const kind = kindOf(s, lt + 1, end);
      const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
      if (!this.inSheetData) {
        if (kind === K_SHEET_DATA) {
          this.sawSheetData = true;
          if (selfClosing) this.ended = true;
          else this.inSheetData = true;
        }
        p = gt + 1;
        continue;
      }
      switch (kind) {
        case K_C: {
          this.openCell(s, end, gt);
          if (selfClosing) {
            this.closeCell();
            break;
          }
          const after = this.closeSimpleCell(s, gt + 1);
          if (after >= 0) {
            p = after;
            continue;
          }
          break;
        }
        case K_V:
        case K_T: {
          const wanted = kind === K_V ? this.inCell && !this.inInline : this.inInline && !this.inPhonetic;
          if (wanted && !selfClosing) {
            const captured = captureText(s, gt + 1);
            if (captured === null) {
              this.carryFrom(s, lt, final);
              return;
            }
            if (kind === K_V) this.value = captured.text;
            else this.inline = (this.inline ?? '') + captured.text;
            p = captured.end;
            continue;
          }
          break;
        }
        case K_ROW:
          this.openRow(s, end, gt);
          if (selfClosing) this.closeRow();
          break;
        case K_IS:
          if (this.inCell && !selfClosing) this.inInline = true;
          break;
        case K_RPH:
          if (this.inInline && !selfClosing) this.inPhonetic = true;
          break;
        default:
          break;
      }
      p = gt + 1;
    }
    this.carryFrom(s, p, final);
  }

  /**
   * The common shapes of a cell's content, <v>text</v></c> and <is><t>text</t></is></c>, read in
   * one step rather than four or six, from `from` (just past the cell's start tag). Returns the
   * index after </c>, or -1 when the content has another shape (the general path reads it).
   */
  private closeSimpleCell(s: string, from: number): number {
    if (this.type === T_SHARED) {
      const after = this.closeSharedCell(s, from);
      if (after >= 0) return after;
    }
    if (s.startsWith('<v>', from)) {
      const start = from + 3;
      const end = s.indexOf('<', start);
      if (end < 0 || !s.startsWith('</v></c>', end)) return -1;
      if (this.type === T_SHARED) {
        // The index is read in place, without a copy to parse.
        const index = digits(s, start, end);
        if (index >= 0) {
          this.closeCell(this.sharedCell(index));
          return end + 8;
        }
      } else if (this.type === T_STRING) {
        this.closeCell(decodeCellText(s.slice(start, end)));
        return end + 8;
      }
      this.value = decodeEntities(s.slice(start, end));
      this.closeCell();
      return end + 8;
    }
    if (this.type === T_INLINE && s.startsWith('<is><t>', from)) {
      const start = from + 7;
      const end = s.indexOf('<', start);
      if (end < 0 || !s.startsWith('</t></is></c>', end)) return -1;
      this.closeCell(decodeCellText(s.slice(start, end)));
      return end + 13;
    }
    return -1;
  }

  /**
   * <v>digits</v></c>, a shared string's cell as Excel writes it, read in one pass over the
   * digits (no search, no copy); -1 for any other shape.
   */
  private closeSharedCell(s: string, from: number): number {
    if (s.charCodeAt(from) !== 0x3c || s.charCodeAt(from + 1) !== 0x76 || s.charCodeAt(from + 2) !== 0x3e) return -1;
    let i = from + 3;
    let index = 0;
    for (;;) {
      // NaN past the end of the text stops it too.
      const d = s.charCodeAt(i) - 0x30;
      if (!(d >= 0 && d <= 9)) break;
      index = index * 10 + d;
      i++;
    }
    if (i === from + 3 || !s.startsWith('</v></c>', i)) return -1;
    this.closeCell(this.sharedCell(index));
    return i + 8;
  }

  private carryFrom(s: string, p: number, final: boolean): void {
    if (p >= s.length || this.ended) return;
    if (s.length - p > this.options.maxElementChars) {
      throw new ScanLimitError({ kind: 'element', row: this.row ? this.rowNumber : this.lastRow + 1, column: this.inCell ? this.col : 0 });
    }
    // A part that ends inside an element is cut off; what was whole has been read.
    if (!final) this.carry = s.slice(p);
  }

  private close(kind: number): void {
    switch (kind) {
      case K_C:
        if (this.inCell) this.closeCell();
        break;
      case K_ROW:
        if (this.row) this.closeRow();
        break;
      case K_IS:
        this.inInline = false;
        break;
      case K_RPH:
        this.inPhonetic = false;
        break;
      case K_SHEET_DATA:
        if (this.row) this.closeRow();
        this.inSheetData = false;
        this.ended = true;
        break;
      default:
        break;
    }
  }

  private openRow(s: string, from: number, gt: number): void {
    if (this.row) this.closeRow();
    let number = NaN;
    for (let i = nextAttribute(s, from, gt); i >= 0; i = nextAttribute(s, i, gt)) {
      if (attributeName === 0x72) {
        number = digits(s, attributeStart, attributeEnd);
        break;
      }
    }
    // Rows written without r="" are numbered one after the other.
    this.rowNumber = number > 0 ? number : this.lastRow + 1;
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
      if (end < row.length) row.length = end;
      this.rows.push({ number: this.rowNumber, cells: row, pending: this.rowPending });
      this.emptyRun = 0;
    } else if (++this.emptyRun > this.options.maxEmptyRows) {
      throw new ScanLimitError({ kind: 'empty-rows', row: this.rowNumber, count: this.emptyRun });
    }
  }

  private openCell(s: string, from: number, gt: number): void {
    if (!this.row) this.openRow(s, gt, gt);
    let type = T_NUMBER;
    let style = 0;
    let col = 0;
    for (let i = nextAttribute(s, from, gt); i >= 0; i = nextAttribute(s, i, gt)) {
      if (attributeName === 0x72) col = columnAt(s, attributeStart, attributeEnd);
      else if (attributeName === 0x74) type = typeAt(s, attributeStart, attributeEnd);
      else if (attributeName === 0x73) style = digits(s, attributeStart, attributeEnd) || 0;
    }
    this.type = type;
    this.style = style;
    if (col < 0) throw new ScanLimitError({ kind: 'column', row: this.rowNumber });
    this.col = col === 0 ? this.col + 1 : col;
    this.value = null;
    this.inline = null;
    this.inCell = true;
    this.inInline = false;
    this.inPhonetic = false;
  }

  private closeCell(text: string | number = this.cellValue()): void {
    this.inCell = false;
    this.inInline = false;
    this.cellsRead++;
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

  /** A shared string's text when it is loaded, else its index (the reader resolves it later). */
  private sharedCell(index: number): string | number {
    return !this.deferShared && index < this.options.shared.count ? this.options.shared.get(index) : index;
  }

  private cellValue(): string | number {
    const v = this.value;
    switch (this.type) {
      case T_SHARED: {
        if (v === null) return '';
        const index = parseInt(v, 10);
        return index >= 0 ? this.sharedCell(index) : '';
      }
      // `value` and `inline` hold text with its entities decoded already.
      case T_INLINE:
        return this.inline === null ? (v === null ? '' : decodeExcelEscapes(v)) : decodeExcelEscapes(this.inline);
      case T_STRING:
        return v === null ? '' : decodeExcelEscapes(v);
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

  /** Between items, with nothing carried: the next text may start anywhere outside an item. */
  get idle(): boolean {
    return this.carry === '' && !this.inItem;
  }

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
        const kind = kindOf(s, lt + 2, nameEnd(s, lt + 2, gt));
        if (kind === K_SI && this.inItem) {
          this.add(decodeExcelEscapes(this.text));
          this.inItem = false;
        } else if (kind === K_RPH) this.inPhonetic = false;
        p = gt + 1;
        continue;
      }
      if (c1 === 0x21 || c1 === 0x3f) {
        // Comment, CDATA or processing instruction between elements: skipped whole.
        const after = afterMarkup(s, lt, c1);
        if (after < 0) {
          p = lt;
          break;
        }
        p = after;
        continue;
      }
      const kind = kindOf(s, lt + 1, nameEnd(s, lt + 1, gt));
      const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
      if (kind === K_SI) {
        if (selfClosing) this.add('');
        else if (s.startsWith('<t>', gt + 1)) {
          // The common shape, <si><t>text</t></si>, in one step.
          const close = s.indexOf('<', gt + 4);
          if (close >= 0 && s.startsWith('</t></si>', close)) {
            if (close - gt - 4 > this.maxElementChars) throw new ScanLimitError({ kind: 'shared-string', index: this.count() });
            this.add(decodeCellText(s.slice(gt + 4, close)));
            p = close + 9;
            continue;
          }
          this.inItem = true;
          this.inPhonetic = false;
          this.text = '';
        } else {
          this.inItem = true;
          this.inPhonetic = false;
          this.text = '';
        }
      } else if (kind === K_RPH && !selfClosing) {
        this.inPhonetic = true;
      } else if (kind === K_T && this.inItem && !this.inPhonetic && !selfClosing) {
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

/**
 * Where a comment, CDATA section or processing instruction starting at `lt` ends (the index after
 * its closer), or -1 when its closer has not arrived yet (the scanner waits for the next chunk).
 */
function afterMarkup(s: string, lt: number, c1: number): number {
  const closer = s.startsWith('<!--', lt) ? '-->' : s.startsWith('<![CDATA[', lt) ? ']]>' : c1 === 0x3f ? '?>' : '>';
  const close = s.indexOf(closer, lt + 2);
  return close < 0 ? -1 : close + closer.length;
}
