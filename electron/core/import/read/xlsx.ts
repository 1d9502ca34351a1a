import { createReadStream, type ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isPinlistError, type PinlistError } from '../../../../shared/errors.js';
import { cellText } from './cell-text.js';
import { badXlsx, cancelled, fileEmpty, sheetNotFound, throwIfAborted } from './errors.js';
import type { FileFormat, RowBatch, TableSource } from './types.js';
import { SharedStrings } from './shared-strings.js';
import { readEntryHead, readZipDirectory, type ZipEntry } from './zip.js';

export interface XlsxPlan {
  path: string;
  fileSize: number;
  sheet: string | undefined;
  batchRows: number;
  maxRows: number;
  signal: AbortSignal | undefined;
}

/** The parts of exceljs's streaming reader used here (its typings say `any`). */
interface WorkbookEvent {
  eventType: string;
  value: unknown;
}
interface SheetReader {
  name?: string;
  state?: string;
  /** A ReadStream of a temp copy, or a generator over the zip entry. */
  iterator?: { destroy?: () => void; bytesRead?: number };
  parse(): AsyncIterator<WorkbookEvent[]>;
}
interface StreamRow {
  number: number;
  values: unknown[];
}
interface SheetModel {
  name: string;
  state?: string;
}

interface NumberedRow {
  number: number;
  cells: string[];
}

const SHEET_FILE = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * Vets the zip, then streams it with exceljs until the chosen sheet's first row with data, so
 * that a damaged file, a missing sheet or an empty workbook fails `openTable` itself. The rows
 * then continue from where the look-ahead stopped.
 */
export async function openXlsx(plan: XlsxPlan, handle: FileHandle): Promise<XlsxTableSource> {
  const entries = await vetZip(plan.path, plan.fileSize, handle);
  const source = new XlsxTableSource(plan, entries);
  try {
    source.sheets = await visibleSheetNames(handle, entries);
    await source.start(handle);
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}

async function vetZip(path: string, fileSize: number, handle: FileHandle): Promise<ZipEntry[] | null> {
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
  if (!entries) return null;
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) throw badXlsx(path, 'it is a Word document, not a workbook');
    if (names.has('ppt/presentation.xml')) throw badXlsx(path, 'it is a PowerPoint presentation, not a workbook');
    if ([...names].some((n) => n.startsWith('Index/'))) throw badXlsx(path, 'it is an Apple Numbers file (in Numbers, use File > Export To > Excel or CSV)');
    if (names.has('content.xml') && names.has('mimetype')) throw badXlsx(path, 'it is an OpenDocument (LibreOffice) file');
    throw badXlsx(path, 'it is a zip archive, not an Excel workbook');
  }
  if (entries.some((e) => e.encrypted)) throw badXlsx(path, 'it is encrypted');
  const sheetFiles = entries.filter((e) => e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml'));
  if (sheetFiles.length > 0 && !sheetFiles.some((e) => SHEET_FILE.test(e.name))) {
    throw badXlsx(path, 'its sheets are stored in a layout Pinlist does not support');
  }
  return entries;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The workbook's visible sheets, in tab order, from xl/workbook.xml (read from the zip directly:
 * exceljs only names a sheet when its stream reaches it), for the wizard's sheet picker.
 */
async function visibleSheetNames(handle: FileHandle, entries: ZipEntry[] | null): Promise<string[] | undefined> {
  const workbook = entries?.find((e) => e.name === 'xl/workbook.xml');
  if (!workbook) return undefined;
  const xml = await readEntryHead(handle, workbook, 1024 * 1024).catch(() => null);
  if (!xml) return undefined;
  const names: string[] = [];
  for (const [tag] of xml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    const state = /\sstate="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined && state !== 'hidden' && state !== 'veryHidden') names.push(decodeXmlText(name));
  }
  return names.length > 0 ? names : undefined;
}

export class XlsxTableSource implements TableSource {
  readonly format: FileFormat = { type: 'xlsx', encoding: null, delimiter: null, sheet: null, bom: false };
  /** The visible sheets by name, when the workbook lists them. */
  sheets: string[] | undefined;
  readonly fileSize: number;

  private stream: ReadStream | null = null;
  private workbookEvents: AsyncIterator<WorkbookEvent> | null = null;
  private sheetEvents: AsyncIterator<WorkbookEvent[]> | null = null;
  private lookahead: NumberedRow[] | null = null;
  private started = false;
  private closed = false;
  private finished = false;

  /** Set when the file stream fails or the signal aborts; wakes whatever is awaiting exceljs. */
  private failure: PinlistError | Error | null = null;
  private interrupt: ((error: unknown) => void) | null = null;
  private readonly onAbort = (): void => {
    if (this.plan.signal) this.fail(cancelled(this.plan.signal));
  };

  /** Progress: the sheet's last row number from its <dimension>, when it has one. */
  private sheetRows = 0;
  private lastRowNumber = 0;
  private progress = 0;
  private lastSheetFile: string | null = null;
  /** The last sheet exceljs handed over; the workbook stream is parked on it. */
  private sheet: SheetReader | null = null;
  private sheetEntry: ZipEntry | null = null;

  constructor(
    private readonly plan: XlsxPlan,
    private readonly entries: ZipEntry[] | null,
  ) {
    this.fileSize = plan.fileSize;
  }

  bytesRead(): number {
    if (this.finished) return this.fileSize;
    this.progress = Math.max(this.progress, Math.min(this.estimateProgress(), this.fileSize - 1));
    return this.progress;
  }

  /**
   * Best guess of how far through the file the rows are: by row number against the sheet's
   * <dimension> when it has one (Excel writes it), else by position in the sheet's temp copy
   * (exceljs copies sheets out when the shared strings come last in the zip), else by bytes of
   * the zip consumed.
   */
  private estimateProgress(): number {
    if (this.sheetRows > 0) return Math.floor((this.fileSize * Math.min(this.lastRowNumber, this.sheetRows)) / (this.sheetRows + 1));
    const copy = this.sheet?.iterator?.bytesRead;
    const size = this.sheetEntry?.uncompressedSize ?? 0;
    if (typeof copy === 'number' && size > 0) return Math.floor((this.fileSize * Math.min(copy, size)) / (size + 1));
    return this.stream?.bytesRead ?? 0;
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.started) throw new Error('TableSource.batches() can be iterated only once');
    this.started = true;
    return this.generate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.plan.signal?.removeEventListener('abort', this.onAbort);
    this.stream?.destroy();
    const workbookEvents = this.workbookEvents;
    const sheet = this.sheet;
    this.sheetEvents = null;
    this.workbookEvents = null;
    this.lookahead = null;
    if (workbookEvents && sheet && isTempFileSheet(sheet)) {
      // The sheets were copied to temp files (so the zip is fully read): walk past the rest so
      // exceljs deletes them now, before a worker that is about to be terminated says it's done,
      // rather than at process exit. After a failure exceljs may be stuck: don't wait on it.
      skip(sheet);
      const drained = drainSheets(workbookEvents);
      if (this.failure === null) await drained;
    }
  }

  async start(handle: FileHandle): Promise<void> {
    const { path, signal, sheet: wanted } = this.plan;
    if (signal?.aborted) throw cancelled(signal);
    signal?.addEventListener('abort', this.onAbort, { once: true });
    // Loaded on first use: exceljs takes ~150 ms to load, which every CSV import and preview
    // would otherwise pay in its reader worker.
    const { default: ExcelJS } = await import('exceljs');

    const stream = createReadStream(path);
    this.stream = stream;
    stream.on('error', (error) => this.fail(badXlsx(path, `reading it failed (${error.message})`)));
    // exceljs pipes this stream into its unzipper but never listens for the unzipper's errors
    // while it copies a sheet to a temp file, so a corrupt entry would leave it waiting forever.
    const pipe = stream.pipe.bind(stream);
    stream.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      destination.on('error', (error: unknown) => this.fail(badXlsx(path, describe(error))));
      mendUnzipper(destination);
      return pipe(destination, options);
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      worksheets: 'emit',
      styles: 'cache', // needed to tell dates from numbers
      hyperlinks: 'ignore', // a link cell's displayed text is in the cell itself
      entries: 'emit', // tells which sheetN.xml each worksheet comes from
    });
    packSharedStrings(reader, new SharedStrings());
    (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
      if (entry.type === 'worksheet') this.lastSheetFile = `xl/worksheets/sheet${entry.id}.xml`;
    });
    const model = (): SheetModel[] => ((reader as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? []);

    this.workbookEvents = reader.parse() as AsyncIterator<WorkbookEvent>;
    const seen: string[] = [];
    let sawSheet = false;
    for (;;) {
      const event = await this.next(this.workbookEvents);
      if (event.done) break;
      if (event.value.eventType !== 'worksheet') continue;
      const sheet = event.value.value as SheetReader;
      this.sheet = sheet;
      sawSheet = true;
      const name = sheet.name ?? `Sheet ${seen.length + 1}`;
      seen.push(name);
      if (wanted !== undefined) {
        // Excel sheet names are unique regardless of case, so a case-blind match is unambiguous.
        const known = model().map((s) => s.name);
        if (known.length > 0 && !known.some((n) => sameSheet(n, wanted))) throw sheetNotFound(path, wanted, known);
        if (!sameSheet(name, wanted)) {
          skip(sheet);
          continue;
        }
      } else if (sheet.state === 'hidden' || sheet.state === 'veryHidden') {
        skip(sheet);
        continue;
      }

      // A sheet copied to a temp file is read back in raw chunks: decode them as a stream too.
      (sheet.iterator as { setEncoding?: (encoding: string) => void } | undefined)?.setEncoding?.('utf8');
      this.sheetEvents = sheet.parse();
      this.lastRowNumber = 0;
      const firstRows = await this.readRows();
      if (firstRows) {
        this.lookahead = firstRows;
        this.format.sheet = name;
        await this.readDimension(handle);
        return;
      }
      this.sheetEvents = null;
      if (wanted !== undefined) throw fileEmpty(path, `has nothing in the sheet "${name}"`);
    }
    if (wanted !== undefined) throw sheetNotFound(path, wanted, model().length > 0 ? model().map((s) => s.name) : seen);
    if (!sawSheet) throw badXlsx(path, 'it has no worksheets');
    throw fileEmpty(path, 'has no data in any sheet');
  }

  private async *generate(): AsyncGenerator<RowBatch> {
    const { batchRows, maxRows, signal } = this.plan;
    let rows = this.lookahead;
    this.lookahead = null;
    let batch: string[][] = [];
    let batchFirst = 0;
    let emitted = 0;
    // A spreadsheet row simply ends at its last filled cell; pad to the first row's width so
    // short rows aren't mistaken for malformed ones downstream.
    const width = rows?.[0]?.cells.length ?? 0;
    try {
      if (maxRows <= 0) rows = null;
      while (rows) {
        throwIfAborted(signal);
        for (const { number, cells } of rows) {
          while (cells.length < width) cells.push('');
          if (batch.length > 0 && number !== batchFirst + batch.length) {
            yield { firstRowNumber: batchFirst, rows: batch };
            batch = [];
            throwIfAborted(signal);
          }
          if (batch.length === 0) batchFirst = number;
          batch.push(cells);
          this.lastRowNumber = number;
          emitted++;
          if (emitted >= maxRows) {
            yield { firstRowNumber: batchFirst, rows: batch };
            return;
          }
          if (batch.length >= batchRows) {
            yield { firstRowNumber: batchFirst, rows: batch };
            batch = [];
            throwIfAborted(signal);
          }
        }
        rows = await this.readRows();
      }
      if (batch.length > 0) yield { firstRowNumber: batchFirst, rows: batch };
      this.finished = true;
    } finally {
      await this.close();
    }
  }

  /** The rows with data in the next stretch of the sheet; null at its end. */
  private async readRows(): Promise<NumberedRow[] | null> {
    const events = this.sheetEvents;
    if (!events) return null;
    const rows: NumberedRow[] = [];
    while (rows.length === 0) {
      const step = await this.next(events);
      if (step.done) return rows.length > 0 ? rows : null;
      for (const { eventType, value } of step.value) {
        if (eventType !== 'row') continue;
        const row = value as StreamRow;
        // Files written without r="" attributes number rows implicitly.
        const number = Number.isFinite(row.number) ? row.number : this.lastRowNumber + 1;
        this.lastRowNumber = number;
        const cells = rowCells(row.values);
        if (cells.length > 0) rows.push({ number, cells });
      }
    }
    return rows;
  }

  private async readDimension(handle: FileHandle): Promise<void> {
    const entry = this.entries?.find((e) => e.name === this.lastSheetFile);
    if (!entry) return;
    this.sheetEntry = entry;
    const head = await readEntryHead(handle, entry, 4096).catch(() => null);
    const match = head && /<dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(head);
    if (match?.[1]) this.sheetRows = Number(match[1]);
  }

  /** exceljs's next step, or the failure that made waiting for it pointless. */
  private next<T>(iterator: AsyncIterator<T>): Promise<IteratorResult<T>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.interrupt = reject;
      iterator.next().then(resolve, (error: unknown) => {
        reject(isPinlistError(error) ? error : badXlsx(this.plan.path, describe(error)));
      });
    }).finally(() => {
      this.interrupt = null;
    });
  }

  private fail(error: PinlistError | Error): void {
    if (this.failure) return;
    this.failure = error;
    this.interrupt?.(error);
  }
}

/** The parts of unzipper's Parse stream (readable-stream 2) that `mendUnzipper` touches. */
interface UnzipParse {
  push(chunk: unknown): boolean;
  emit(event: string | symbol, ...args: unknown[]): boolean;
  _readableState?: { length: number };
}

/**
 * Two faults of exceljs 4.4 with unzipper 0.10, mended on the unzipper's stream as exceljs pipes
 * the file into it:
 * - exceljs decodes each chunk of XML on its own (TextDecoder without `stream`), so a character
 *   whose UTF-8 bytes straddle two chunks turned into two U+FFFD: "zoë@exämple.de" was hashed
 *   as something else, about once per 10,000 non-ASCII strings. Each zip entry now emits text
 *   decoded across chunks (`setEncoding`), which exceljs passes through as it is.
 * - unzipper announces 'end' as soon as it has read the zip's directory, even while entries it
 *   has queued are still unread; exceljs then stops, and the last entry of a small workbook (its
 *   shared strings, say) was lost: every text cell read as empty. That early 'end' is dropped
 *   while entries are queued; the stream's own 'end' follows once they have been read.
 */
function mendUnzipper(destination: unknown): void {
  const parse = destination as UnzipParse;
  if (typeof parse.push !== 'function' || typeof parse.emit !== 'function') return;
  const push = parse.push.bind(parse);
  parse.push = (chunk: unknown): boolean => {
    (chunk as { setEncoding?: (encoding: string) => void } | null)?.setEncoding?.('utf8');
    return push(chunk);
  };
  const emit = parse.emit.bind(parse);
  parse.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'end' && (parse._readableState?.length ?? 0) > 0) return false;
    return emit(event, ...args);
  };
}

/**
 * Keeps the workbook's shared strings packed (see SharedStrings) instead of as exceljs's array of
 * JS strings, which took ~200 MB for a 1M-row Excel export. exceljs (4.x, 'cache' mode) sets
 * `sharedStrings = []` when it reaches xl/sharedStrings.xml, `push`es each string, and its sheet
 * readers look cells up as `sharedStrings[index]`; that array is swapped for a view of the packed
 * store. It stays unset until then, so exceljs still streams a sheet straight from the zip only
 * when the strings came first. Rich text is flattened on the way in, as `cellText` would.
 */
function packSharedStrings(reader: object, strings: SharedStrings): void {
  const view = new Proxy([] as unknown[], {
    get(target, property, receiver) {
      if (property === 'push') {
        return (...values: unknown[]): number => {
          for (const value of values) strings.add(cellText(value));
          return strings.count;
        };
      }
      if (property === 'length') return strings.count;
      if (typeof property === 'string') {
        const index = Number(property);
        if (Number.isInteger(index)) return strings.get(index);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  let reached = false;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => (reached ? view : undefined),
    set: () => {
      reached = true;
    },
  });
}

function sameSheet(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

function isTempFileSheet(sheet: SheetReader): boolean {
  return typeof sheet.iterator?.destroy === 'function';
}

async function drainSheets(events: AsyncIterator<WorkbookEvent>): Promise<void> {
  try {
    for (;;) {
      const step = await events.next();
      if (step.done) return;
      if (step.value.eventType === 'worksheet') skip(step.value.value as SheetReader);
    }
  } catch {
    // Best effort: whatever is left is removed at exit.
  }
}

function skip(sheet: SheetReader): void {
  // An unread sheet would otherwise hold its temp file open until exit.
  sheet.iterator?.destroy?.();
}

/** Cell values to text, dropping trailing empty cells; [] for a row with nothing in it. */
function rowCells(values: unknown[]): string[] {
  // exceljs's values are indexed by column number, so [0] is always empty.
  let end = values.length;
  const cells: string[] = new Array<string>(Math.max(0, end - 1));
  let lastFilled = 0;
  for (let col = 1; col < end; col++) {
    const text = cellText(values[col]);
    cells[col - 1] = text;
    if (text.length > 0 && text.trim() !== '') lastFilled = col;
  }
  end = lastFilled;
  cells.length = end;
  return cells;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/FILE_ENDED|unexpected end|premature/i.test(message)) return 'the file is incomplete (it may have been cut off while downloading or copying)';
  return 'the file is damaged or not really an Excel workbook';
}
