export interface ReadOptions {
  /** Override detection, e.g. 'windows-1252', 'utf-16le', 'utf-8' (any name iconv-lite knows). */
  encoding?: string;
  /** CSV: override delimiter detection (',', ';', '\t', '|' or any single character). */
  delimiter?: string;
  /** XLSX: sheet name; default: the first visible sheet that has data. */
  sheet?: string;
  signal?: AbortSignal;
  /** Rows per batch, default 8192. */
  batchRows?: number;
  /** Stop after this many rows (the preview reads only the first N). */
  maxRows?: number;
  /**
   * The name the user gave the file, when `path` is not it (browser mode stores an upload as
   * `<id>.upload`): its extension says what the file claims to be (a .xlsx that is not a zip is
   * refused as a damaged or fake workbook, not as "binary data").
   */
  fileName?: string;
  /**
   * XLSX: read the file in one sequential pass, hashing it, and parse from those bytes, so that
   * contentHash() is the SHA-256 of exactly what was parsed (imports). Default: read only the
   * parts needed, by position (the preview). CSV always reads in one pass.
   */
  onePass?: boolean;
}

export interface FileFormat {
  type: 'csv' | 'xlsx';
  /**
   * Detected or given (csv), null for xlsx. A file whose first 64 KiB are plain ASCII is reported
   * as 'utf-8' and switches to 'windows-1252' if a later byte is not UTF-8; read this after
   * `batches()` has finished for the final answer.
   */
  encoding: string | null;
  /** ',', ';', '\t', '|' (csv). */
  delimiter: string | null;
  /** xlsx */
  sheet: string | null;
  bom: boolean;
}

/**
 * Rows are numbered like a spreadsheet shows them: CSV records counted from 1 including blank
 * lines (a quoted field spanning lines stays one row, as in Excel), XLSX worksheet row numbers.
 * Blank rows are skipped, so `rows[i]` is row `firstRowNumber + i`: a batch ends early rather
 * than skip a number.
 */
export interface RowBatch {
  /** 1-based row number in the file of rows[0] (row 1 = first row, header or not). */
  firstRowNumber: number;
  rows: string[][];
}

export interface TableSource {
  readonly format: FileFormat;
  readonly fileSize: number;
  /** A workbook's visible sheets, in tab order (XLSX only, when the workbook lists them). */
  readonly sheets?: string[] | undefined;
  /** Bytes consumed so far (for progress), <= fileSize. Approximate for XLSX. */
  bytesRead(): number;
  /**
   * The rows, first row included (header detection is not the reader's job). Can be iterated
   * once. Throws PinlistError (FILE_LINE_TOO_LONG, FILE_ENCODING, FILE_BAD_XLSX, FILE_EMPTY,
   * CANCELLED, ...) from the iteration.
   */
  batches(): AsyncIterable<RowBatch>;
  /**
   * The SHA-256 (hex) of every byte the reader took from the file and how many, once `batches()`
   * has run to the end of the file: the import's proof of what it read, with no second read.
   * Null when the reader stopped early (maxRows) or, for XLSX, was not asked for `onePass`.
   */
  contentHash?(): { sha256: string; bytes: number } | null;
  /**
   * The rows from here on are read only for these columns (0-based) and for their shape: a cell
   * elsewhere comes as '' when it is not blank, unless the row reaches past `width` cells (a row
   * too long for its layout keeps every cell's text, for its reject). Rows already given stay
   * whole. XLSX only, where a workbook's shared strings need not be looked up for columns no one
   * reads; other readers give every cell anyway.
   */
  narrow?(columns: readonly number[], width: number): void;
  /** Releases the file when `batches()` will not be iterated to the end. Safe to call twice. */
  close(): Promise<void>;
}
