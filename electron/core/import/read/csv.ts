import crypto from 'node:crypto';
import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CsvRowSplitter } from './csv-split.js';
import { createDecoder, UndecodableError, type ChunkDecoder } from './decode.js';
import { fileEmpty, fileNotFound, fileUnreadable, isMissing, lineTooLong, throwIfAborted, undecodable } from './errors.js';
import type { Newline } from './sniff.js';
import type { FileFormat, RowBatch, TableSource } from './types.js';

/**
 * Bytes read per step. Large enough that papaparse's per-call setup is noise, and small enough
 * that each step's text (and the field strings sliced from it) is an ordinary young-generation
 * object: at 1 MiB every step's text went to large-object space, freed only by full GCs, and an
 * import's reader grew by ~150 MB per million rows (measured: 64 KiB → ~190 MB peak RSS for a
 * whole 1M-row import instead of ~350 MB, and ~20% less CPU).
 */
const CHUNK_BYTES = 64 * 1024;
/** A row still unfinished after this many characters is refused (memory stays bounded). */
export const MAX_LINE_CHARS = 1024 * 1024;

export interface CsvPlan {
  path: string;
  fileSize: number;
  format: FileFormat & { type: 'csv'; encoding: string; delimiter: string };
  newline: Newline;
  /** The encoding was detected from an all-ASCII sample, see createDecoder. */
  mayFallBack: boolean;
  batchRows: number;
  maxRows: number;
  signal: AbortSignal | undefined;
  /** Row 1 is Excel's `sep=;` hint, not data (the delimiter was taken from it). */
  skipSeparatorHint?: boolean;
}

/**
 * A CSV/TSV file read in 64 KiB steps: bytes -> text (streaming decoder) -> rows (csv-split.ts),
 * with the unfinished last row carried into the next step. Memory is one step plus one batch.
 */
export class CsvTableSource implements TableSource {
  readonly format: FileFormat;
  readonly fileSize: number;
  private consumed = 0;
  private started = false;
  private handle: FileHandle | null = null;
  private digest: { sha256: string; bytes: number } | null = null;
  private readonly splitter: CsvRowSplitter;

  constructor(private readonly plan: CsvPlan) {
    this.format = plan.format;
    this.fileSize = plan.fileSize;
    this.splitter = new CsvRowSplitter({ delimiter: plan.format.delimiter, newline: plan.newline });
  }

  bytesRead(): number {
    return Math.min(this.consumed, this.fileSize);
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.started) throw new Error('TableSource.batches() can be iterated only once');
    this.started = true;
    return this.generate();
  }

  /** See TableSource.narrow: quote-free rows are then cut only for these columns (csv-split.ts). */
  narrow(columns: readonly number[], width: number): void {
    this.splitter.narrow(columns, width);
  }

  contentHash(): { sha256: string; bytes: number } | null {
    return this.digest;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async *generate(): AsyncGenerator<RowBatch> {
    const { path, format, batchRows, maxRows, signal } = this.plan;
    throwIfAborted(signal);
    if (maxRows <= 0) return;
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw isMissing(error) ? fileNotFound(path) : fileUnreadable(path, error);
    });
    this.handle = handle;
    const decoder = createDecoder(format.encoding, { fallbackToWindows1252: this.plan.mayFallBack });
    const splitter = this.splitter;
    const rows: string[][] = [];

    let carry = '';
    let nextRowNumber = 1;
    let batch: string[][] = [];
    let batchFirst = 1;
    let emitted = 0;
    let sawData = false;
    // The file's SHA-256 from the very bytes parsed: what the import records and proves it read.
    const fileHash = crypto.createHash('sha256');
    let hashedBytes = 0;

    try {
      for (;;) {
        const chunk = readChunk(handle.fd);
        throwIfAborted(signal);
        const atEnd = chunk.length === 0;
        this.consumed += chunk.length;
        if (!atEnd) {
          fileHash.update(chunk);
          hashedBytes += chunk.length;
        }

        const text = carry + decodeOrThrow(decoder, atEnd ? null : chunk, path, this.consumed - chunk.length);
        this.syncEncoding(decoder);
        if (text.length === 0 && atEnd) break;

        rows.length = 0;
        const cursor = splitter.split(text, atEnd, rows);
        carry = atEnd ? '' : text.slice(cursor);
        if (splitter.unclosedRow >= 0) {
          const last = rows[splitter.unclosedRow]!;
          // An unclosed quote on the last line is harmless; one that swallowed later lines would
          // silently merge them into a single cell.
          if (/[\r\n]/.test(last[last.length - 1] ?? '')) throw lineTooLong(path, nextRowNumber + splitter.unclosedRow, 'unclosed', MAX_LINE_CHARS);
        }
        if (carry.length > MAX_LINE_CHARS) {
          const rowNumber = nextRowNumber + rows.length;
          throw lineTooLong(path, rowNumber, carry.charCodeAt(0) === 34 || carry.includes('"') ? 'quote' : 'line', MAX_LINE_CHARS);
        }

        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const rowNumber = nextRowNumber + i;
          if (isBlank(row) || (rowNumber === 1 && this.plan.skipSeparatorHint)) continue;
          sawData = true;
          if (batch.length > 0 && rowNumber !== batchFirst + batch.length) {
            yield { firstRowNumber: batchFirst, rows: batch };
            batch = [];
            throwIfAborted(signal);
          }
          if (batch.length === 0) batchFirst = rowNumber;
          batch.push(row);
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
        nextRowNumber += rows.length;
        if (atEnd) break;
      }
      if (batch.length > 0) yield { firstRowNumber: batchFirst, rows: batch };
      if (!sawData) throw fileEmpty(path, 'has no data in it (only blank lines)');
      this.digest = { sha256: fileHash.digest('hex'), bytes: hashedBytes };
      this.consumed = this.fileSize;
    } finally {
      await this.close();
    }
  }

  /** The UTF-8 decoder may have switched to Windows-1252; report what was really used. */
  private syncEncoding(decoder: ChunkDecoder): void {
    if (this.format.encoding !== decoder.encoding) this.format.encoding = decoder.encoding;
  }
}

/**
 * A synchronous read: the reader runs in a worker thread of its own (import, preview), where a
 * 64 KiB read from the page cache takes microseconds, while an awaited FileHandle.read cost
 * ~0.4 ms of CPU per step in promise and thread-pool hand-offs (a third of the parse, measured).
 */
function readChunk(fd: number): Uint8Array {
  // A fresh buffer each time: the decoder may keep a reference to a split character's bytes.
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let bytesRead: number;
  try {
    bytesRead = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return readChunk(fd);
    throw error;
  }
  return buffer.subarray(0, bytesRead);
}

function decodeOrThrow(decoder: ChunkDecoder, chunk: Uint8Array | null, path: string, offset: number): string {
  try {
    return chunk ? decoder.write(chunk) : decoder.end();
  } catch (error) {
    if (error instanceof UndecodableError) throw undecodable(path, error.encoding, offset);
    throw error;
  }
}

/**
 * A line with nothing but delimiters and spaces (Excel leaves ",,,," rows behind). A narrowed row's
 * holes are cells not read: it has text in a read one (csv-split.ts), so it is not blank.
 */
function isBlank(row: string[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const field = row[i];
    if (field !== undefined && field.length !== 0 && (field.charCodeAt(0) > 32 || field.trim() !== '')) return false;
  }
  return true;
}
