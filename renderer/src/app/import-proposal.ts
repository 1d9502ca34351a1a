import type { ImportPreview, ListDetail, ListSummary } from '../../../shared/contract/index.js';
import type { ColumnKind } from '../../../shared/identifiers.js';

type ColumnMapping = ImportPreview['columns'][number];

/** "spring-customers_2024.csv" → "spring customers 2024". */
export function suggestListName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return base.slice(0, 200) || 'New list';
}

function sameName(a: string, b: string): boolean {
  const fold = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  return fold(a) === fold(b);
}

/** The columns an import recorded (its `mapping` is the layout's columns), or null when it is of another shape. */
export function recordedColumns(mapping: unknown): ColumnMapping[] | null {
  if (!Array.isArray(mapping)) return null;
  const columns: ColumnMapping[] = [];
  for (const item of mapping as unknown[]) {
    if (!item || typeof item !== 'object') return null;
    const { index, name, kind, source } = item as Record<string, unknown>;
    if (typeof index !== 'number' || typeof name !== 'string' || typeof kind !== 'string') return null;
    columns.push({ index, name, kind: kind as ColumnKind, source: source === 'user' || source === 'values' ? source : 'header' });
  }
  return columns;
}

/** Same headers, in the same order (case and spacing aside): the same export again. */
export function sameColumns(a: readonly { name: string }[], b: readonly { name: string }[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((column, i) => sameName(column.name, b[i]!.name));
}

/** The choices the user made by hand in a recorded import, to apply again (by column index). */
export function savedOverrides(columns: readonly ColumnMapping[]): Record<number, ColumnKind> {
  const overrides: Record<number, ColumnKind> = {};
  for (const column of columns) if (column.source === 'user') overrides[column.index] = column.kind;
  return overrides;
}

export interface ListProposal {
  listId: number;
  name: string;
  why: 'name' | 'columns';
  /** The saved mapping of the list's last import, when its columns match this file's. */
  overrides: Record<number, ColumnKind>;
}

/**
 * Which existing list a newly chosen file most likely refreshes: one named like the file, else
 * one whose last import had exactly this file's columns. `details` holds the lists whose history
 * was read (by id).
 */
export function proposeList(fileName: string, preview: ImportPreview | null, lists: readonly ListSummary[], details: ReadonlyMap<number, ListDetail>): ListProposal | null {
  const suggested = suggestListName(fileName);
  const columnsOf = (listId: number) => {
    const last = details.get(listId)?.imports[0];
    return last ? recordedColumns(last.mapping) : null;
  };
  const byName = lists.find((list) => sameName(list.name, suggested));
  if (byName) {
    const columns = columnsOf(byName.id);
    const matching = columns && preview && sameColumns(columns, preview.columns);
    return { listId: byName.id, name: byName.name, why: 'name', overrides: matching ? savedOverrides(columns) : {} };
  }
  if (!preview) return null;
  for (const list of lists) {
    const columns = columnsOf(list.id);
    if (columns && sameColumns(columns, preview.columns)) return { listId: list.id, name: list.name, why: 'columns', overrides: savedOverrides(columns) };
  }
  return null;
}
