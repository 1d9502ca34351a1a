/**
 * For reader tests: what the reading half of an import forwards for each row of a file, read with
 * `extraColumn` kept beside the rows (the first identifier column's value, the extra column's, and
 * a ragged row's whole text).
 */
import type { ValueBatch } from '../../electron/core/import/batch-hasher.js';
import { runReader, type ReaderResult } from '../../electron/core/import/reader-stage.js';

export interface ForwardedRow {
  email: string;
  extra: string;
  raw?: string;
}

export async function forwardedRows(file: string, extraColumn: string): Promise<{ result: ReaderResult; byRow: Map<number, ForwardedRow> }> {
  const batches: ValueBatch[] = [];
  const result = await runReader(
    { file, fileName: file.split('/').pop()!, overrides: [], extraColumn, batchRows: 16 },
    { layout: () => undefined, batch: (batch) => void batches.push(batch), progress: () => undefined },
  );
  const byRow = new Map<number, ForwardedRow>();
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) byRow.set(batch.firstRowNumber + i, { email: batch.values[0]![i]!, extra: batch.extra![i]! });
    batch.raggedOffsets.forEach((offset, k) => (byRow.get(batch.firstRowNumber + offset)!.raw = batch.raggedRaw[k]));
  }
  return { result, byRow };
}
