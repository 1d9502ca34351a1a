import { PinlistError } from '../../../shared/errors.js';
import type { Layout } from './layout.js';

/**
 * One more column of the file kept beside each rejected row (issue 9 item 15): a customer ID, say,
 * so the row can be found in the source system. The reader resolves it once it knows the layout
 * and sends its value with every row; the hasher keeps it beside each reject in the reject spill,
 * and the commit stores it. The file is read once, as for any import.
 */
export interface ExtraColumn {
  index: number;
  name: string;
}

/**
 * The extra column the user named (header name, case-insensitive, or 1-based number). BAD_MAPPING
 * if the file has none such: thrown by the reader before any row is sent, so nothing is written.
 */
export function findExtraColumn(layout: Pick<Layout, 'columns'>, wanted: string, fileName: string): ExtraColumn {
  const key = wanted.trim().toLowerCase();
  const byName = layout.columns.find((c) => c.name.trim().toLowerCase() === key);
  if (byName) return { index: byName.index, name: byName.name };
  const number = /^\d+$/.test(key) ? Number(key) : 0;
  const byNumber = layout.columns[number - 1];
  if (number >= 1 && byNumber) return { index: byNumber.index, name: byNumber.name };
  const names = layout.columns.slice(0, 20).map((c) => `"${c.name}"`).join(', ');
  throw new PinlistError(
    'BAD_MAPPING',
    `"${fileName}" has no column "${wanted}" to keep beside the rejected rows. Its columns are: ${names}. Choose one of these (or its number, from 1 to ${layout.columns.length}).`,
  );
}
