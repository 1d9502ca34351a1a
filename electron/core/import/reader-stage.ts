import type { MapOverride } from '../../../shared/columns.js';
import { openTable, type FileFormat, type RowBatch } from './read/open.js';
import { assertUnchanged, currentIdentity, fileIdentity, sameFile, type FileIdentity } from './file-identity.js';
import { pauseHere, type PausePoint } from './pause-point.js';
import { fileChanged } from './read/errors.js';
import type { ValueBatch } from './batch-hasher.js';
import { detectLayout, isRaggedRow, raggedRaw, readHead, requireIdentifierColumns, type IdentifierColumn, type Layout } from './layout.js';
import { findExtraColumn, type ExtraColumn } from './reject-extras.js';

export interface ReaderOptions {
  file: string;
  /**
   * Shown in messages: the name the user gave the file (its base name, or a browser upload's
   * original name). The XLSX reader also goes by its extension when `file` has another (`<id>.upload`).
   */
  fileName: string;
  sheet?: string | undefined;
  encoding?: string | undefined;
  overrides: readonly MapOverride[];
  /** The column kept beside each rejected row (header name or 1-based number; see reject-extras.ts). */
  extraColumn?: string | undefined;
  /** Rows per batch read and forwarded (default 2,048). */
  batchRows?: number;
  signal?: AbortSignal;
  /** Tests: stop once after this many data rows (see pause-point.ts). */
  pause?: PausePoint | undefined;
}

export interface ReaderSink {
  /** Called once, before the first batch. `extra`: the column kept beside rejects, when one was asked for. */
  layout(layout: Layout, columns: IdentifierColumn[], format: FileFormat, fileSize: number, extra: ExtraColumn | null): void;
  /** Forwards one batch; the returned promise holds the reader back while the consumer is behind. */
  batch(batch: ValueBatch): Promise<void> | void;
  progress(rowsRead: number, bytesRead: number): void;
}

export interface ReaderResult {
  rowsRead: number;
  fileSize: number;
  sha256: string;
  /** The file as it was when the read began, and still was when it ended. */
  identity: FileIdentity;
  format: FileFormat;
  layout: Layout;
}

/**
 * Small batches: a batch's rows outlive a few scavenges while they are picked and sent, and big
 * ones got promoted to the old generation wholesale, which then grew by ~100 MB per million rows
 * before a full GC. 2,048 rows measured less CPU and ~100 MB less peak RSS than 16,384.
 */
const DEFAULT_BATCH_ROWS = 2048;
const PROGRESS_EVERY_MS = 100;

/**
 * The reading half of an import: decodes and parses the file, decides its layout from the first
 * rows, and forwards only the identifier columns' values, batch by batch, with ragged rows marked.
 * Computes the file's SHA-256 alongside. Throws the reader's PinlistErrors (bad files), FILE_NO_ROWS
 * and NO_IDENTIFIER_COLUMN.
 */
export async function runReader(options: ReaderOptions, sink: ReaderSink): Promise<ReaderResult> {
  const before = await fileIdentity(options.file).catch(() => null);
  try {
    const result = await readOnce(options, sink, before);
    // The read is one consistent file only if the file is still what it was when the read began.
    if (!before) throw fileChanged(options.file);
    await assertUnchanged(options.file, before);
    return result;
  } catch (error) {
    // A file cut short or overwritten mid-read often breaks the parse first (a zip cut in two):
    // what the user needs to know is that it changed.
    if (before && !options.signal?.aborted) {
      const now = await currentIdentity(options.file);
      if (!now || !sameFile(before, now)) throw fileChanged(options.file);
    }
    throw error;
  }
}

async function readOnce(options: ReaderOptions, sink: ReaderSink, before: FileIdentity | null): Promise<ReaderResult> {
  const { signal } = options;
  const source = await openTable(options.file, {
    sheet: options.sheet,
    encoding: options.encoding,
    signal,
    batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    fileName: options.fileName,
    // A workbook too is read front to back once, so the SHA-256 is of the very bytes parsed.
    onePass: true,
  });
  if (before && source.fileSize !== before.size) throw fileChanged(options.file);
  let pause = options.pause;
  try {
    const batches = source.batches()[Symbol.asyncIterator]();
    const { head, headRowNumbers, buffered } = await readHead(batches);
    const layout = detectLayout(head, headRowNumbers, options.overrides, options.fileName);
    // A worksheet row ends at its last filled cell (the XLSX reader does not pad it): short is not ragged.
    if (source.format.type === 'xlsx') layout.minFields = 0;
    const columns = requireIdentifierColumns(layout);
    const extra = options.extraColumn ? findExtraColumn(layout, options.extraColumn, options.fileName) : null;
    sink.layout(layout, columns, source.format, source.fileSize, extra);
    // Only these columns' texts are forwarded (and a ragged row's whole text, which the reader keeps).
    source.narrow?.(extra ? [...columns.map((c) => c.index), extra.index] : columns.map((c) => c.index), layout.expectedFields);

    const delimiter = source.format.delimiter ?? ',';
    let rowsRead = 0;
    let lastProgress = 0;
    const forward = async (batch: RowBatch): Promise<void> => {
      // The header and any title lines above it are not data.
      const skip = Math.max(0, Math.min(batch.rows.length, layout.dataStartRowNumber - batch.firstRowNumber));
      const count = batch.rows.length - skip;
      if (count <= 0) return;
      await sink.batch(pickColumns(batch, skip, count, columns, layout, delimiter, extra));
      rowsRead += count;
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        sink.progress(rowsRead, source.bytesRead());
      }
      if (pause && rowsRead >= pause.afterRows) {
        const point = pause;
        pause = undefined;
        await pauseHere(point);
      }
    };
    for (const batch of buffered) await forward(batch);
    for (;;) {
      const next = await batches.next();
      if (next.done) break;
      await forward(next.value);
    }
    sink.progress(rowsRead, source.fileSize);
    // Both readers hash the bytes they parse as they read them: there is no second read.
    const read = source.contentHash?.() ?? null;
    if (!read) throw new Error('the reader gave no SHA-256 of the file it read to the end');
    if (read.bytes !== source.fileSize) throw fileChanged(options.file);
    const sha256 = read.sha256;
    const identity = before ?? (await fileIdentity(options.file));
    return { rowsRead, fileSize: source.fileSize, sha256, identity, format: source.format, layout };
  } finally {
    await source.close();
  }
}

function pickColumns(
  batch: RowBatch,
  skip: number,
  count: number,
  columns: readonly IdentifierColumn[],
  layout: Layout,
  delimiter: string,
  extraColumn: ExtraColumn | null,
): ValueBatch {
  const { expectedFields } = layout;
  const rows = batch.rows;
  const values: string[][] = columns.map(() => new Array<string>(count));
  const raggedOffsets: number[] = [];
  const raggedRawValues: string[] = [];
  const width = columns.length;
  if (width === 1) {
    const index = columns[0]!.index;
    const out = values[0]!;
    for (let i = 0; i < count; i++) {
      const row = rows[i + skip]!;
      if (row.length === expectedFields || !isRaggedRow(row, layout)) {
        out[i] = row[index] ?? '';
      } else {
        out[i] = '';
        raggedOffsets.push(i);
        raggedRawValues.push(raggedRaw(row, delimiter));
      }
    }
  } else {
    for (let i = 0; i < count; i++) {
      const row = rows[i + skip]!;
      const ok = row.length === expectedFields || !isRaggedRow(row, layout);
      for (let c = 0; c < width; c++) values[c]![i] = ok ? (row[columns[c]!.index] ?? '') : '';
      if (!ok) {
        raggedOffsets.push(i);
        raggedRawValues.push(raggedRaw(row, delimiter));
      }
    }
  }
  const picked: ValueBatch = { firstRowNumber: batch.firstRowNumber + skip, count, values, raggedOffsets, raggedRaw: raggedRawValues };
  if (extraColumn) {
    const extra = new Array<string>(count);
    for (let i = 0; i < count; i++) extra[i] = rows[i + skip]![extraColumn.index] ?? '';
    picked.extra = extra;
  }
  return picked;
}
