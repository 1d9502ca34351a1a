import type { ImportPreview, InputOf, PreviewCell } from '../../../../shared/contract/index.js';
import type { ColumnKind } from '../../../../shared/identifiers.js';

/**
 * The wizard's column choices become `import.preview` / `import.start` overrides. Columns are
 * named by their 1-based number, which is unambiguous even when two headers share a name.
 */
export function overridesFor(choices: Record<number, ColumnKind>): NonNullable<InputOf<'import.preview'>['overrides']> {
  return Object.entries(choices)
    .map(([index, kind]) => ({ column: String(Number(index) + 1), kind }))
    .sort((a, b) => Number(a.column) - Number(b.column));
}

export interface PreviewCounts {
  valid: number;
  duplicate: number;
  rejected: number;
  skipped: number;
}

/** Counts over the previewed cells; a ragged row counts as one reject. */
export function countPreview(preview: ImportPreview): PreviewCounts {
  const counts: PreviewCounts = { valid: 0, duplicate: 0, rejected: 0, skipped: 0 };
  for (const row of preview.rows) {
    if (row.rowReason) {
      counts.rejected += 1;
      continue;
    }
    for (const cell of row.cells) counts[cell.status] += 1;
  }
  return counts;
}

export function identifierColumns(preview: ImportPreview) {
  return preview.columns.filter((column) => column.kind !== 'ignore');
}

export type PreviewFilter = 'all' | 'problems' | 'valid';

export interface PreviewLine {
  key: string;
  rowNumber: number;
  /** The identifier column's name, or null for a ragged row. */
  column: string | null;
  kind: ColumnKind | null;
  cell: PreviewCell | null;
  /** The whole row's raw fields (for a ragged row). */
  fields: string[];
  rowReason: ImportPreview['rows'][number]['rowReason'];
}

/** One line per identifier cell (so several identifier columns fit one table), filtered. */
export function previewLines(preview: ImportPreview, filter: PreviewFilter): PreviewLine[] {
  const columnsByIndex = new Map(preview.columns.map((column) => [column.index, column]));
  const lines: PreviewLine[] = [];
  for (const row of preview.rows) {
    if (row.rowReason) {
      if (filter !== 'valid') {
        lines.push({ key: `${row.rowNumber}`, rowNumber: row.rowNumber, column: null, kind: null, cell: null, fields: row.fields, rowReason: row.rowReason });
      }
      continue;
    }
    for (const cell of row.cells) {
      const problem = cell.status === 'rejected' || cell.status === 'duplicate';
      if (filter === 'problems' && !problem) continue;
      if (filter === 'valid' && cell.status !== 'valid') continue;
      const column = columnsByIndex.get(cell.column);
      lines.push({
        key: `${row.rowNumber}:${cell.column}`,
        rowNumber: row.rowNumber,
        column: column?.name ?? `Column ${cell.column + 1}`,
        kind: column?.kind ?? null,
        cell,
        fields: row.fields,
        rowReason: null,
      });
    }
  }
  return lines;
}

export function describeFormat(format: ImportPreview['format']): string {
  if (format.type === 'xlsx') return `Excel workbook${format.sheet ? `, sheet “${format.sheet}”` : ''}`;
  const delimiter = format.delimiter === ',' ? 'comma' : format.delimiter === ';' ? 'semicolon' : format.delimiter === '\t' ? 'tab' : format.delimiter === '|' ? 'pipe' : format.delimiter;
  const parts = [`${format.delimiter === '\t' ? 'TSV' : 'CSV'}`, format.encoding ? format.encoding.toUpperCase() + (format.bom ? ' with BOM' : '') : null, delimiter ? `${delimiter}-separated` : null];
  return parts.filter(Boolean).join(' · ');
}

/**
 * A core message as the app shows it: without command-line syntax (a sentence that names a
 * `--flag` is the CLI's own hint), since the app offers the dropdowns instead.
 */
export function appWording(message: string): string {
  return message
    .replace(/(^|(?<=[.!?]))\s*[^.!?]*(?:--[a-z][\w-]*|pinlist [a-z]+ )[^.!?]*(?:[.!?]|$)/gi, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
