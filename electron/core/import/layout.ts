import { hasIdentifierColumn, holdsLegacyHashes, looksLikeHeaderRow, noIdentifierColumnMessage, preambleLength, MAX_PREAMBLE_ROWS, resolveColumns, type ColumnMapping, type MapOverride } from '../../../shared/columns.js';
import { PinlistError } from '../../../shared/errors.js';
import { trimWhiteSpace } from '../../../shared/normalize.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';

/** Rows looked at (below row 1) to decide whether row 1 is a header and, without one, which columns hold what. */
export const SAMPLE_ROWS = 50;

export interface NumberedRows {
  firstRowNumber: number;
  rows: string[][];
}

/** How a file's rows are to be read: decided once from its first rows, then applied to all. */
export interface Layout {
  hasHeader: boolean;
  /** Row number of the header row (when there is one). */
  headerRowNumber: number | null;
  /** Rows numbered below this are the header or lines above the table, never data. */
  dataStartRowNumber: number;
  /** The title, date and blank lines above the table that were passed over. */
  preamble: { rowNumbers: number[]; text: string[] };
  /** Fields every row should have: the header's, or the first row's without a header. */
  expectedFields: number;
  /** Fewest fields a row may have: `expectedFields` less the first row's trailing blank cells (see {@link isRaggedRow}). */
  minFields: number;
  columns: ColumnMapping[];
  /** The file's first row (header or not), up to 100 cells: for messages. */
  firstRow: string[];
  /** Columns left unmapped whose sampled values are MD5 or SHA-1 hashes: for messages. */
  legacyHashColumns: number[];
}

export interface IdentifierColumn {
  index: number;
  name: string;
  kind: IdentifierKind;
}

/**
 * Decides the layout from the first rows of the file: `head` holds the first rows (up to
 * SAMPLE_ROWS + 1, fewer only when the file has no more), `headRowNumber` the first one's number.
 * Throws FILE_NO_ROWS for a header without rows and BAD_MAPPING for an override naming no
 * column; does NOT throw when no column is an identifier (the preview shows that as a warning; the
 * import calls {@link requireIdentifierColumns}).
 */
export function detectLayout(
  fileHead: readonly string[][],
  fileHeadRowNumbers: readonly number[],
  overrides: readonly MapOverride[],
  fileName: string,
): Layout {
  const skipped = preambleLength(fileHead);
  const head = fileHead.slice(skipped);
  const headRowNumber = fileHeadRowNumbers[skipped] ?? 1;
  const preamble = {
    rowNumbers: fileHeadRowNumbers.slice(0, skipped),
    text: fileHead.slice(0, skipped).map((row) => row.map((cell) => trimWhiteSpace(cell)).filter(Boolean).join(' ').slice(0, 80)),
  };
  const firstRow = head[0];
  if (!firstRow) {
    throw new PinlistError('FILE_EMPTY', `${fileName} has no rows. Choose the file that holds your customer list.`);
  }
  const sample = head.slice(1, SAMPLE_ROWS + 1);
  // A column the user maps by a name found in row 1 makes row 1 a header, even when nothing in
  // the file looked like an identifier before the mapping.
  const hasHeader = looksLikeHeaderRow(firstRow, sample) || overrides.some((o) => namesCell(firstRow, o.column));
  if (hasHeader && head.length === 1) {
    throw new PinlistError(
      'FILE_NO_ROWS',
      `${fileName} has a header row (${describeRow(firstRow)}) but no rows below it. Export the list again with its data, or choose another file.`,
    );
  }
  const valueSample = hasHeader ? sample : head.slice(0, SAMPLE_ROWS);
  const columns = resolveColumns({
    header: hasHeader ? firstRow : null,
    columnCount: firstRow.length,
    sample: valueSample,
    overrides,
  });
  const legacyHashColumns = columns
    .filter((column) => column.kind === 'ignore' && holdsLegacyHashes(valueSample.map((row) => row[column.index] ?? '')))
    .map((column) => column.index);
  const dataStartRowNumber = hasHeader ? (fileHeadRowNumbers[skipped + 1] ?? headRowNumber + 1) : headRowNumber;
  return {
    hasHeader,
    headerRowNumber: hasHeader ? headRowNumber : null,
    dataStartRowNumber,
    preamble,
    expectedFields: firstRow.length,
    minFields: filledWidth(firstRow),
    columns,
    firstRow: firstRow.slice(0, 100),
    legacyHashColumns,
  };
}

/** Cells up to the last filled one (at least 1). */
function filledWidth(row: readonly string[]): number {
  let width = row.length;
  while (width > 1 && trimWhiteSpace(row[width - 1]!) === '') width--;
  return width;
}

/**
 * Whether a row's fields fail to line up with the header's (or, without one, the first row's), so
 * that its values can't be trusted to be in their columns: a `ragged_row`. Blank fields at the end
 * do not count, either way: some exports end every data line with a delimiter the header lacks (or
 * the other way round), and a spreadsheet opens those rows as lined up, as XLSX rows always are.
 */
export function isRaggedRow(row: readonly string[], layout: Pick<Layout, 'expectedFields' | 'minFields'>): boolean {
  const n = row.length;
  if (n === layout.expectedFields) return false;
  if (n < layout.minFields) return true;
  for (let i = layout.expectedFields; i < n; i++) if (trimWhiteSpace(row[i]!) !== '') return true;
  return false;
}

function namesCell(row: readonly string[], column: string): boolean {
  const wanted = trimWhiteSpace(column).toLowerCase();
  return !/^\d+$/.test(wanted) && row.some((cell) => trimWhiteSpace(cell).toLowerCase() === wanted);
}

/** Collects the first rows of a batch stream (for {@link detectLayout}) without losing any. */
export async function readHead(
  batches: AsyncIterator<NumberedRows>,
): Promise<{ head: string[][]; headRowNumbers: number[]; buffered: NumberedRows[]; ended: boolean }> {
  const buffered: NumberedRows[] = [];
  const head: string[][] = [];
  const headRowNumbers: number[] = [];
  let ended = false;
  // Enough rows to sample below a header that may sit under a few title lines.
  const wanted = SAMPLE_ROWS + 1 + MAX_PREAMBLE_ROWS;
  while (head.length < wanted) {
    const next = await batches.next();
    if (next.done) {
      ended = true;
      break;
    }
    buffered.push(next.value);
    next.value.rows.forEach((row, i) => {
      if (head.length >= wanted) return;
      head.push(row);
      headRowNumbers.push(next.value.firstRowNumber + i);
    });
  }
  return { head, headRowNumbers, buffered, ended };
}

export function requireIdentifierColumns(layout: Layout): IdentifierColumn[] {
  if (!hasIdentifierColumn(layout.columns)) {
    throw new PinlistError('NO_IDENTIFIER_COLUMN', noIdentifierMessage(layout));
  }
  return identifierColumns(layout);
}

/**
 * Which columns were seen, and how to map one. Without a header the columns are "Column N": the
 * first row's values are added so the user can tell them apart.
 */
export function noIdentifierMessage(layout: Layout): string {
  const message = layout.hasHeader
    ? noIdentifierColumnMessage(layout.columns)
    : noIdentifierColumnMessage(
        layout.columns.map((column) => {
          const cell = trimWhiteSpace(layout.firstRow[column.index] ?? '');
          return cell ? { ...column, name: `${column.name} (first value: ${cell.slice(0, 40)})` } : column;
        }),
      );
  return message + legacyHashHint(layout);
}

/** MD5 and SHA-1 hashes cannot be turned into the SHA-256 Pinterest matches: say so, and what to export instead. */
function legacyHashHint(layout: Layout): string {
  const names = layout.legacyHashColumns.map((index) => `"${layout.columns[index]?.name ?? `Column ${index + 1}`}"`);
  if (names.length === 0) return '';
  return `. The values of ${names.join(' and ')} are MD5 or SHA-1 hashes, which Pinterest can't match: export the plain emails (or their SHA-256 hashes) instead.`;
}

export function identifierColumns(layout: Layout): IdentifierColumn[] {
  const out: IdentifierColumn[] = [];
  for (const column of layout.columns) {
    if (column.kind !== 'ignore') out.push({ index: column.index, name: column.name, kind: column.kind });
  }
  return out;
}

function describeRow(row: readonly string[]): string {
  const shown = row.slice(0, 5).map((cell) => `"${cell.slice(0, 40)}"`);
  return row.length > 5 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** A ragged row's raw text for the reject record: its fields as the file had them, capped. */
export function raggedRaw(row: readonly string[], delimiter: string): string {
  return capRaw(row.join(delimiter));
}

/** Raw values are kept so the user can find and fix the cell; a megabyte of garbage needs no more than this. */
export const MAX_RAW_CHARS = 1000;

export function capRaw(raw: string): string {
  return raw.length > MAX_RAW_CHARS ? `${raw.slice(0, MAX_RAW_CHARS)}…` : raw;
}
