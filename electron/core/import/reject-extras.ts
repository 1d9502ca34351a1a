import type { MapOverride } from '../../../shared/columns.js';
import type { ImportSummary } from '../../../shared/contract/import.js';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { capRaw, detectLayout, readHead, SAMPLE_ROWS } from './layout.js';
import { openTable } from './read/open.js';
import type { RowBatch } from './read/types.js';

/**
 * One more column of the file kept beside each rejected row (issue 9 item 15): a customer ID, say,
 * so the row can be found in the source system. The import pipeline stays as it is; when the user
 * picked such a column and the import has rejects, the file is read once more for just those rows.
 */

export interface ExtraColumnSource {
  file: string;
  fileName: string;
  sheet?: string | undefined;
  encoding?: string | undefined;
  overrides?: readonly MapOverride[] | undefined;
  signal?: AbortSignal | undefined;
}

export interface ExtraColumn {
  index: number;
  name: string;
}

async function withTable<T>(source: ExtraColumnSource, maxRows: number | undefined, use: (rows: AsyncIterator<RowBatch>, buffered: RowBatch[], column: (wanted: string) => ExtraColumn) => Promise<T>): Promise<T> {
  const table = await openTable(source.file, { sheet: source.sheet, encoding: source.encoding, signal: source.signal, ...(maxRows ? { maxRows } : {}) });
  try {
    const batches = table.batches()[Symbol.asyncIterator]();
    const { head, headRowNumbers, buffered } = await readHead(batches);
    const layout = detectLayout(head, headRowNumbers, source.overrides ?? [], source.fileName);
    const column = (wanted: string): ExtraColumn => {
      const key = wanted.trim().toLowerCase();
      const byName = layout.columns.find((c) => c.name.trim().toLowerCase() === key);
      if (byName) return { index: byName.index, name: byName.name };
      const number = /^\d+$/.test(key) ? Number(key) : 0;
      const byNumber = layout.columns[number - 1];
      if (number >= 1 && byNumber) return { index: byNumber.index, name: byNumber.name };
      const names = layout.columns.slice(0, 20).map((c) => `"${c.name}"`).join(', ');
      throw new PinlistError(
        'BAD_MAPPING',
        `"${source.fileName}" has no column "${wanted}" to keep beside the rejected rows. Its columns are: ${names}. Choose one of these (or its number, from 1 to ${layout.columns.length}).`,
      );
    };
    return await use(batches, buffered, column);
  } finally {
    await table.close();
  }
}

/** The extra column the user named (header name, case-insensitive, or 1-based number); BAD_MAPPING if the file has none such. Reads the head only. */
export function resolveExtraColumn(source: ExtraColumnSource, wanted: string): Promise<ExtraColumn> {
  return withTable(source, SAMPLE_ROWS + 25, async (_rows, _buffered, column) => column(wanted));
}

/** The extra column's value in each of `rowNumbers`, read in one pass over the file. */
export async function readExtraValues(source: ExtraColumnSource, column: ExtraColumn, rowNumbers: ReadonlySet<number>): Promise<Map<number, string>> {
  return withTable(source, undefined, async (rows, buffered) => {
    const values = new Map<number, string>();
    const take = (batch: RowBatch): void => {
      batch.rows.forEach((fields, i) => {
        const rowNumber = batch.firstRowNumber + i;
        if (rowNumbers.has(rowNumber)) values.set(rowNumber, capRaw(fields[column.index] ?? ''));
      });
    };
    buffered.forEach(take);
    for (;;) {
      if (values.size === rowNumbers.size) break;
      const next = await rows.next();
      if (next.done) break;
      take(next.value);
    }
    return values;
  });
}

/**
 * After an import committed: records the extra column's name on the import and its value beside
 * each stored reject. A second, short transaction: the rejects are already stored either way.
 */
export async function keepRejectExtras(db: Db, summary: ImportSummary, source: ExtraColumnSource, column: ExtraColumn): Promise<void> {
  const rowNumbers = new Set(db.prepare('SELECT DISTINCT row_number FROM rejects WHERE import_id = ?').pluck().all(summary.importId) as number[]);
  const values = rowNumbers.size > 0 ? await readExtraValues(source, column, rowNumbers) : new Map<number, string>();
  const update = db.prepare('UPDATE rejects SET extra_value = ? WHERE import_id = ? AND row_number = ?');
  db.transaction(() => {
    db.prepare('UPDATE imports SET reject_extra_column = ? WHERE id = ?').run(column.name, summary.importId);
    for (const [rowNumber, value] of values) update.run(value, summary.importId, rowNumber);
  }).immediate();
}
