import crypto from 'node:crypto';
import { hasIdentifierColumn, type MapOverride } from '../../../shared/columns.js';
import type { ImportPreview, PreviewCell, PreviewRow } from '../../../shared/contract/import.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import { normalizeIdentifier, type Normalized } from '../../../shared/normalize.js';
import { detectLayout, identifierColumns, isRaggedRow, noIdentifierMessage, readHead, SAMPLE_ROWS } from './layout.js';
import { openTable } from './read/open.js';

export interface PreviewOptions {
  file: string;
  fileName: string;
  /** Data rows to show (default 200). */
  rows?: number;
  overrides?: readonly MapOverride[];
  sheet?: string | undefined;
  encoding?: string | undefined;
  signal?: AbortSignal;
}

export const DEFAULT_PREVIEW_ROWS = 200;

/**
 * The first rows of a file as the import would see them: detected columns and, per identifier
 * cell, raw → normalized → hash and its status, by the same rules as the import (shared/). Reads
 * only the first rows, so it is quick whatever the file's size, and writes nothing.
 */
export async function buildPreview(options: PreviewOptions): Promise<ImportPreview> {
  const wanted = Math.max(1, Math.floor(options.rows ?? DEFAULT_PREVIEW_ROWS));
  // Header + wanted rows + one more, to tell whether the file goes on.
  const maxRows = Math.max(wanted, SAMPLE_ROWS) + 2;
  const source = await openTable(options.file, {
    sheet: options.sheet,
    encoding: options.encoding,
    signal: options.signal,
    maxRows,
    batchRows: maxRows,
    fileName: options.fileName,
  });
  try {
    const batches = source.batches()[Symbol.asyncIterator]();
    const { head, headRowNumbers, buffered } = await readHead(batches);
    const layout = detectLayout(head, headRowNumbers, options.overrides ?? [], options.fileName);
    // A worksheet row ends at its last filled cell (the XLSX reader does not pad it): short is not ragged.
    if (source.format.type === 'xlsx') layout.minFields = 0;
    const all = [...buffered];
    for (;;) {
      const next = await batches.next();
      if (next.done) break;
      all.push(next.value);
    }
    const numbered: { rowNumber: number; fields: string[] }[] = [];
    for (const batch of all) {
      batch.rows.forEach((fields, i) => numbered.push({ rowNumber: batch.firstRowNumber + i, fields }));
    }
    const dataRows = numbered.filter((row) => row.rowNumber >= layout.dataStartRowNumber);

    const columns = identifierColumns(layout);
    const seen = new Map<IdentifierKind, Set<string>>();
    let ragged = 0;
    const rows: PreviewRow[] = dataRows.slice(0, wanted).map(({ rowNumber, fields }) => {
      if (isRaggedRow(fields, layout)) {
        ragged++;
        return { rowNumber, cells: [], rowReason: 'ragged_row', fields };
      }
      const results: Normalized[] = columns.map((column) => normalizeIdentifier(column.kind, fields[column.index] ?? ''));
      const anyFilled = results.some((result) => result.ok || result.reason !== 'empty');
      const cells = columns.map((column, c): PreviewCell => {
        const raw = fields[column.index] ?? '';
        const result = results[c]!;
        if (!result.ok) {
          const skipped = result.reason === 'empty' && (anyFilled || c > 0);
          return { column: column.index, raw, normalized: null, hash: null, status: skipped ? 'skipped' : 'rejected', reason: result.reason, prehashed: false };
        }
        let values = seen.get(column.kind);
        if (!values) seen.set(column.kind, (values = new Set()));
        const hash = result.prehashed ? result.value : crypto.hash('sha256', result.value, 'hex');
        const duplicate = values.has(hash);
        values.add(hash);
        return { column: column.index, raw, normalized: result.value, hash, status: duplicate ? 'duplicate' : 'valid', reason: null, prehashed: result.prehashed };
      });
      return { rowNumber, cells, rowReason: null, fields };
    });

    const warnings: string[] = [];
    if (layout.preamble.rowNumbers.length > 0) warnings.push(preambleMessage(layout.preamble, layout.headerRowNumber ?? layout.dataStartRowNumber));
    if (!hasIdentifierColumn(layout.columns)) warnings.push(noIdentifierMessage(layout));
    if (ragged > 0) {
      warnings.push(
        `${ragged} of the first ${rows.length} rows have a different number of columns than ${layout.hasHeader ? 'the header' : 'the first row'} (${layout.expectedFields}); they will be rejected as ragged rows. Check the file's delimiter and quotes.`,
      );
    }
    return {
      format: { ...source.format, hasHeader: layout.hasHeader },
      columns: layout.columns,
      rows,
      warnings,
      ...(source.sheets ? { sheets: source.sheets } : {}),
      truncated: dataRows.length > wanted,
      fileSize: source.fileSize,
    };
  } finally {
    await source.close();
  }
}

/** Says which lines above the table were passed over, so a wrongly skipped row is noticed. */
function preambleMessage(preamble: { rowNumbers: number[]; text: string[] }, tableStart: number): string {
  const rows = preamble.rowNumbers;
  const where = rows.length === 1 ? `Row ${rows[0]}` : `Rows ${rows[0]}–${rows[rows.length - 1]}`;
  const shown = preamble.text.filter(Boolean).slice(0, 3).map((text) => `“${text}”`);
  return `${where} above the table ${rows.length === 1 ? 'was' : 'were'} skipped (${shown.length > 0 ? shown.join(', ') : 'blank'}): the table starts at row ${tableStart}.`;
}
