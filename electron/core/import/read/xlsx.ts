import { open, type FileHandle } from 'node:fs/promises';
import type { PinlistError } from '../../../../shared/errors.js';
import { CELL_END, EntryText } from './entry-text.js';
import { badXlsx, fileEmpty, sheetNotFound, throwIfAborted } from './errors.js';
import { SharedStrings } from './shared-strings.js';
import { SharedStringsPart } from './shared-strings-part.js';
import { ScanLimitError, SheetScanner, type ScannedRow } from './sheet-xml.js';
import type { FileFormat, RowBatch, TableSource } from './types.js';
import { readWorkbookInfo, type SheetInfo, type WorkbookInfo } from './workbook.js';
import { cellName, inflateCap, XLSX_LIMITS, xlsxCellTooLarge, xlsxEmptyRows, xlsxTooLarge } from './xlsx-limits.js';
import { KeptParts, readWholeFile } from './xlsx-one-pass.js';
import { readZipDirectory, ZipEntryError, ZipEntryStream, type ZipBytes, type ZipEntry } from './zip.js';

export interface XlsxPlan {
  path: string;
  fileSize: number;
  sheet: string | undefined;
  batchRows: number;
  maxRows: number;
  signal: AbortSignal | undefined;
  /**
   * An import: read the file once, front to back, hashing it, and parse from those bytes
   * (contentHash()). Otherwise (the preview) only the parts needed are read, by position.
   */
  onePass?: boolean;
}

/**
 * A batch ends early once it holds this many cell slots (gaps included), so a sheet whose rows
 * reach far to the right costs memory by the batch, not by the sheet.
 */
const MAX_BATCH_CELLS = 1 << 20;

/**
 * Opens a workbook: vets the zip and the workbook's structure, picks the sheet, and reads up to
 * its first row with data, so that a damaged file, a missing sheet or an empty workbook fails
 * `openTable` itself. The rows then stream on from there: the sheet's XML is inflated and
 * scanned chunk by chunk, its shared strings loaded only as far as the rows read so far need.
 */
export async function openXlsx(plan: XlsxPlan, vetHandle: FileHandle, head: Buffer): Promise<XlsxTableSource> {
  if (plan.onePass) return openXlsxOnePass(plan, vetHandle, head);
  const entries = await vetZip(plan.path, plan.fileSize, vetHandle);
  const handle = await open(plan.path, 'r');
  const source = new XlsxTableSource(plan, handle, handle);
  try {
    const info = await readWorkbookInfo(handle, entries);
    if ('problem' in info) throw badXlsx(plan.path, info.problem);
    await source.start(info);
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}

/**
 * The import's workbook: one sequential pass over the file (continuing from the sniffed `head`)
 * feeds SHA-256, the zip and workbook structure are parsed from those bytes, and only the parts
 * the sheet's read needs stay in memory. No byte is read from the file twice.
 */
async function openXlsxOnePass(plan: XlsxPlan, vetHandle: FileHandle, head: Buffer): Promise<XlsxTableSource> {
  const { parts, info, digest } = await readOnePass(plan, vetHandle, head);
  const source = new XlsxTableSource(plan, parts, null, digest);
  try {
    await source.start(info);
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}

/** Separate from the caller so that the whole file's buffer is out of scope once the parts are kept. */
async function readOnePass(plan: XlsxPlan, vetHandle: FileHandle, head: Buffer): Promise<{ parts: KeptParts; info: WorkbookInfo; digest: { sha256: string; bytes: number } }> {
  const whole = await readWholeFile(vetHandle, plan.fileSize, head, plan.signal);
  const entries = await vetZip(plan.path, whole.bytes.length, whole.bytes);
  const info = await readWorkbookInfo(whole.bytes, entries);
  if ('problem' in info) throw badXlsx(plan.path, info.problem);
  const wanted = plan.sheet?.toLowerCase();
  const keep: ZipEntry[] = [];
  for (const sheet of info.sheets) {
    if (!sheet.entry) continue;
    if (wanted === undefined ? !sheet.hidden : sheet.name.toLowerCase() === wanted) keep.push(sheet.entry);
  }
  if (info.sharedStrings) keep.push(info.sharedStrings);
  return { parts: new KeptParts(whole.bytes, keep), info, digest: { sha256: whole.sha256, bytes: whole.bytesRead } };
}

async function vetZip(path: string, fileSize: number, handle: ZipBytes): Promise<ZipEntry[]> {
  const directory = await readZipDirectory(handle, fileSize);
  if (!directory.ok) {
    throw badXlsx(
      path,
      directory.problem === 'truncated'
        ? 'the file is incomplete (it may have been cut off while downloading or copying)'
        : 'the file is damaged',
    );
  }
  const entries = directory.entries;
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml') && !entries.some((e) => /(^|\/)workbook\d*\.xml$/i.test(e.name))) {
    if (names.has('word/document.xml')) throw badXlsx(path, 'it is a Word document, not a workbook');
    if (names.has('ppt/presentation.xml')) throw badXlsx(path, 'it is a PowerPoint presentation, not a workbook');
    if ([...names].some((n) => n.startsWith('Index/'))) throw badXlsx(path, 'it is an Apple Numbers file (in Numbers, use File > Export To > Excel or CSV)');
    if (names.has('content.xml') && names.has('mimetype')) throw badXlsx(path, 'it is an OpenDocument (LibreOffice) file');
    throw badXlsx(path, 'it is a zip archive, not an Excel workbook');
  }
  if (entries.some((e) => e.encrypted)) throw badXlsx(path, 'it is encrypted');
  return entries;
}

/** The most room the shared strings' store takes ahead of its texts; past it, it grows as it fills. */
const STRINGS_ROOM_AHEAD_BYTES = 256 * 1024 * 1024;

export class XlsxTableSource implements TableSource {
  readonly format: FileFormat = { type: 'xlsx', encoding: null, delimiter: null, sheet: null, bom: false };
  /** The visible sheets by name, in tab order, when the workbook lists them. */
  sheets: string[] | undefined;
  readonly fileSize: number;

  private info: WorkbookInfo | null = null;
  private sheet: SheetInfo | null = null;
  private sheetText: EntryText | null = null;
  private scanner: SheetScanner | null = null;
  private strings = new SharedStrings();
  private stringsStream: ZipEntryStream | null = null;
  private stringsPart: SharedStringsPart | null = null;
  private stringsDone = false;
  private started = false;
  private closed = false;
  private finished = false;
  private progress = 0;
  private readonly streams: ZipEntryStream[] = [];
  private cellsAtClose = 0;

  constructor(
    private readonly plan: XlsxPlan,
    private readonly handle: ZipBytes,
    private readonly file: FileHandle | null,
    private readonly digest: { sha256: string; bytes: number } | null = null,
  ) {
    this.fileSize = plan.fileSize;
  }

  /** The one pass's SHA-256 (imports only), once the sheet has been read to its end. */
  contentHash(): { sha256: string; bytes: number } | null {
    return this.finished ? this.digest : null;
  }

  /** Bytes inflated so far, across the parts read (for tests and the caps' benchmarks). */
  inflatedBytes(): number {
    return this.streams.reduce((sum, s) => sum + s.inflated(), 0);
  }

  /** Cells the sheet scan has met so far (empty ones included). */
  cellsRead(): number {
    return this.scanner?.cellsRead ?? this.cellsAtClose;
  }

  bytesRead(): number {
    if (this.finished) return this.fileSize;
    const stream = this.sheetText?.stream;
    const size = stream?.entry.compressedSize ?? 0;
    const estimate = stream && size > 0 ? Math.floor((this.fileSize * stream.compressedRead()) / (size + 1)) : 0;
    this.progress = Math.max(this.progress, Math.min(estimate, this.fileSize - 1));
    return this.progress;
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.started) throw new Error('TableSource.batches() can be iterated only once');
    this.started = true;
    return this.generate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams) stream.close();
    this.cellsAtClose = this.cellsRead();
    this.scanner = null;
    this.sheetText = null;
    this.stringsStream = null;
    await this.file?.close().catch(() => undefined);
  }

  /** Picks the sheet (the one asked for, else the first visible one with data) and reads to its first row. */
  async start(info: WorkbookInfo): Promise<void> {
    const { path, signal, sheet: wanted } = this.plan;
    throwIfAborted(signal);
    this.info = info;
    const visible = info.sheets.filter((s) => !s.hidden).map((s) => s.name);
    this.sheets = visible.length > 0 ? visible : undefined;

    if (wanted !== undefined) {
      // Excel sheet names are unique regardless of case, so a case-blind match is unambiguous.
      const sheet = info.sheets.find((s) => s.name === wanted) ?? info.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
      if (!sheet) throw sheetNotFound(path, wanted, info.sheets.map((s) => s.name));
      if (!sheet.entry) throw fileEmpty(path, `has no cells in the sheet "${sheet.name}" (it is a chart sheet, or its part is missing from the file)`);
      if (await this.openSheet(sheet)) return;
      throw fileEmpty(path, `has nothing in the sheet "${sheet.name}"`);
    }
    const candidates = info.sheets.filter((s) => !s.hidden && s.entry);
    if (candidates.length === 0) throw badXlsx(path, 'it has no worksheets');
    for (const sheet of candidates) {
      if (await this.openSheet(sheet)) return;
    }
    throw fileEmpty(path, 'has no data in any sheet');
  }

  /** Starts reading a sheet; true when it has a row with data (then waiting in the scanner). */
  private async openSheet(sheet: SheetInfo): Promise<boolean> {
    const info = this.info!;
    const entry = sheet.entry!;
    this.sheetText?.stream.close();
    this.sheet = sheet;
    const stream = new ZipEntryStream(this.plan.path, this.handle, entry, { maxBytes: inflateCap(entry.compressedSize, XLSX_LIMITS.maxSheetBytes) });
    this.streams.push(stream);
    this.sheetText = new EntryText(stream, CELL_END);
    this.scanner = new SheetScanner({
      dateStyles: info.dateStyles,
      date1904: info.date1904,
      maxElementChars: XLSX_LIMITS.maxElementChars,
      maxEmptyRows: XLSX_LIMITS.maxEmptyRows,
      shared: this.strings,
    });
    const rows = await this.nextRows();
    if (rows === null) return false;
    this.lookahead = rows;
    this.format.sheet = sheet.name;
    return true;
  }

  private lookahead: ScannedRow[] | null = null;
  /** Set by narrow(): the columns whose shared strings are looked up (1 each), and the row width past which all are. */
  private wanted: Uint8Array | null = null;
  private width = 0;

  /** The next rows with data (shared strings resolved, blank rows dropped); null at the sheet's end. */
  private async nextRows(): Promise<ScannedRow[] | null> {
    const scanner = this.scanner!;
    const text = this.sheetText!;
    for (;;) {
      throwIfAborted(this.plan.signal);
      if (scanner.rows.length > 0) {
        const rows = scanner.rows.splice(0, scanner.rows.length);
        // The largest index any row has needed so far (a row still open may hold one too).
        const resolved = await this.resolve(rows, scanner.maxPendingIndex);
        if (resolved.length > 0) return resolved;
      }
      if (scanner.ended) return null;
      const piece = await this.guard(() => text.next(), 'sheet');
      if (piece === null) {
        // A worksheet part that never opens <sheetData>, or ends inside it, is damaged: it must
        // not pass for an empty sheet, nor its rows so far for the whole sheet.
        if (!scanner.ended) throw badXlsx(this.plan.path, scanner.sawSheetData ? 'the file is incomplete or damaged (a sheet ends part way)' : 'the file is damaged (a sheet has no table in it)');
        return null;
      }
      this.guardScan(() => scanner.feed(piece.text, piece.final));
    }
  }

  /** Looks up the rows' shared strings, loading the part as far as they need; drops rows left blank. */
  private async resolve(rows: ScannedRow[], maxIndex: number): Promise<ScannedRow[]> {
    if (!rows.some((row) => row.pending)) return rows;
    await this.loadStrings(maxIndex);
    const out: ScannedRow[] = [];
    for (const row of rows) {
      if (!row.pending) {
        out.push(row);
        continue;
      }
      const cells = row.cells;
      // The row ends at its last filled cell; a row with none is blank. An index the workbook
      // does not have reads as empty, as Excel shows such a cell.
      let end = cells.length;
      while (end > 0 && this.isBlankCell(cells[end - 1]!)) end--;
      if (end === 0) continue;
      if (end < cells.length) cells.length = end;
      const wanted = this.wanted;
      const whole = wanted === null || end > this.width;
      for (let i = 0; i < end; i++) {
        const cell = cells[i]!;
        if (typeof cell === 'number') cells[i] = whole || wanted[i] === 1 ? this.strings.get(cell) : '';
      }
      row.pending = false;
      out.push(row);
    }
    return out;
  }

  private isBlankCell(cell: string | number): boolean {
    return typeof cell === 'number' ? this.strings.isBlank(cell) : cell === '' || cell.trim() === '';
  }

  /** See TableSource.narrow: shared strings are then looked up only for these columns (and rows past `width`). */
  narrow(columns: readonly number[], width: number): void {
    const wanted = new Uint8Array(Math.max(width, ...columns) + 1);
    for (const column of columns) wanted[column] = 1;
    this.wanted = wanted;
    this.width = width;
    if (this.scanner) this.scanner.deferShared = true;
  }

  /** Reads the shared strings part until it holds index `maxIndex` (or ends). */
  private async loadStrings(maxIndex: number): Promise<void> {
    if (this.stringsDone || this.strings.count > maxIndex) return;
    if (!this.stringsStream) {
      const entry = this.info!.sharedStrings;
      // Cells that point into shared strings a workbook doesn't have: it lost a part.
      if (!entry) throw badXlsx(this.plan.path, 'the file is damaged (the texts its cells refer to are missing)');
      const stream = new ZipEntryStream(this.plan.path, this.handle, entry, { maxBytes: inflateCap(entry.compressedSize, XLSX_LIMITS.maxSharedStringsBytes) });
      this.streams.push(stream);
      this.stringsStream = stream;
      // Room for all of the texts at once (they are shorter than the part's XML), so the store is not
      // copied as it grows (~50 ms a million rows). Pages not written take no memory.
      this.strings.reserve(Math.min(entry.uncompressedSize, STRINGS_ROOM_AHEAD_BYTES));
      this.stringsPart = new SharedStringsPart(this.strings, XLSX_LIMITS.maxElementChars);
    }
    const stream = this.stringsStream;
    const part = this.stringsPart!;
    while (this.strings.count <= maxIndex) {
      throwIfAborted(this.plan.signal);
      const chunk = await this.guard(() => stream.next(), 'shared strings');
      this.guardScan(() => part.feed(chunk));
      if (chunk === null) {
        this.stringsDone = true;
        return;
      }
    }
  }

  private async *generate(): AsyncGenerator<RowBatch> {
    const { batchRows, maxRows, signal } = this.plan;
    let rows = this.lookahead;
    this.lookahead = null;
    let batch: string[][] = [];
    let batchCells = 0;
    let batchFirst = 0;
    let emitted = 0;
    try {
      if (maxRows <= 0) rows = null;
      while (rows) {
        throwIfAborted(signal);
        for (const { number, cells } of rows) {
          if (batch.length > 0 && (number !== batchFirst + batch.length || batchCells + cells.length > MAX_BATCH_CELLS)) {
            yield { firstRowNumber: batchFirst, rows: batch };
            batch = [];
            batchCells = 0;
            throwIfAborted(signal);
          }
          if (batch.length === 0) batchFirst = number;
          batch.push(cells as string[]);
          batchCells += cells.length;
          emitted++;
          if (emitted >= maxRows) {
            yield { firstRowNumber: batchFirst, rows: batch };
            return;
          }
          if (batch.length >= batchRows) {
            yield { firstRowNumber: batchFirst, rows: batch };
            batch = [];
            batchCells = 0;
            throwIfAborted(signal);
          }
        }
        rows = await this.nextRows();
      }
      if (batch.length > 0) yield { firstRowNumber: batchFirst, rows: batch };
      this.finished = true;
    } finally {
      await this.close();
    }
  }

  /** Runs a zip read, turning its failures into the reader's errors. */
  private async guard<T>(read: () => Promise<T>, part: 'sheet' | 'shared strings'): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof ZipEntryError)) throw error;
      if (error.problem === 'too-large') {
        const stream = part === 'sheet' ? this.sheetText!.stream : this.stringsStream!;
        throw xlsxTooLarge(this.plan.path, part === 'sheet' ? `sheet "${this.sheet?.name ?? ''}"` : 'shared strings', stream.entry.compressedSize, stream.inflated());
      }
      throw badXlsx(this.plan.path, error.message);
    }
  }

  private guardScan(scan: () => void): void {
    try {
      scan();
    } catch (error) {
      if (!(error instanceof ScanLimitError)) throw error;
      throw this.limitError(error);
    }
  }

  private limitError(error: ScanLimitError): PinlistError {
    const { path } = this.plan;
    const sheet = this.sheet?.name ?? '';
    const limit = error.limit;
    switch (limit.kind) {
      case 'element':
        return xlsxCellTooLarge(path, `cell ${cellName(limit.row, limit.column)} of the sheet "${sheet}"`, this.inflatedBytes());
      case 'shared-string':
        return xlsxCellTooLarge(path, `shared text number ${(limit.index + 1).toLocaleString('en')}`, this.inflatedBytes());
      case 'empty-rows':
        return xlsxEmptyRows(path, sheet, limit.row, this.inflatedBytes());
      case 'column':
        return badXlsx(path, `row ${limit.row} of the sheet "${sheet}" has a cell beyond column XFD, the last one Excel has`);
    }
  }
}
