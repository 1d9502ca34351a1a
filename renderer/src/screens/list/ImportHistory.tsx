import type { ImportRecordView } from '../../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS } from '../../../../shared/identifiers.js';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../../lib/format.js';
import { AddedRemoved, Badge, Card, DataTable, EmptyState, LineChart, type Column } from '../../ui/index.js';

const MODE_LABEL = { replace: 'Replace', add: 'Add', remove: 'Remove' } as const;

/** The mode as the history says it: the import that made the list is "Created", not a replace. */
export function importModeLabel(record: ImportRecordView, isFirst: boolean): string {
  return isFirst && record.mode !== 'remove' ? 'Created' : MODE_LABEL[record.mode];
}

function columnsFor(firstId: number | null): readonly Column<ImportRecordView>[] {
  return [
    {
      key: 'at',
      header: 'When',
      className: 'history-when',
      render: (row) => {
        const [date, time] = splitDateTime(row.at);
        return (
          <span title={formatDateTime(row.at)}>
            {date}
            {time && <span className="cell-sub">{time}</span>}
          </span>
        );
      },
    },
    {
      key: 'file',
      header: 'File',
      className: 'history-file',
      render: (row) => (
        <span className="file-cell">
          <span className="truncate" title={row.fileName}>
            {row.fileName}
          </span>
          <span className="cell-sub" title={`SHA-256 ${row.fileSha256}`}>
            {formatBytes(row.fileSize)}
          </span>
        </span>
      ),
    },
    { key: 'mode', header: 'Mode', render: (row) => <Badge tone={row.id === firstId ? 'accent' : 'neutral'}>{importModeLabel(row, row.id === firstId)}</Badge> },
    { key: 'rows', header: 'Rows', numeric: true, render: (row) => formatCount(row.rowsRead) },
    { key: 'valid', header: 'Valid', numeric: true, render: (row) => formatCount(row.valid) },
    { key: 'dup', header: <abbr title="Duplicates">Dup.</abbr>, numeric: true, render: (row) => formatCount(row.duplicates) },
    { key: 'sup', header: <abbr title="Suppressed">Suppr.</abbr>, numeric: true, render: (row) => formatCount(row.suppressed) },
    { key: 'rej', header: 'Rejected', numeric: true, render: (row) => formatCount(row.rejected) },
    { key: 'change', header: 'Change', numeric: true, className: 'nowrap', render: (row) => <AddedRemoved added={row.added} removed={row.removed} /> },
    { key: 'time', header: 'Took', numeric: true, className: 'nowrap', render: (row) => formatDuration(row.durationMs / 1000) },
  ];
}

/** "Mar 1, 2026, 10:00 AM" → ["Mar 1, 2026", "10:00 AM"], so the When column stays narrow. */
function splitDateTime(iso: string): [string, string | null] {
  const text = formatDateTime(iso);
  const cut = text.lastIndexOf(', ');
  return cut > 0 ? [text.slice(0, cut), text.slice(cut + 2)] : [text, null];
}

export function ImportHistory({ imports }: { imports: ImportRecordView[] }) {
  if (imports.length === 0) {
    return (
      <Card>
        <EmptyState compact icon="clock" title="No imports recorded" />
      </Card>
    );
  }
  const sizeSeries = {
    key: 'size',
    label: 'Members',
    tone: 'accent' as const,
    points: imports.map((record) => ({ at: record.at, value: IDENTIFIER_KINDS.reduce((sum, kind) => sum + record.membersAfter[kind], 0) })),
  };
  return (
    <div className="stack">
      <Card padded={false}>
        <DataTable caption="Import history" className="history-table" columns={columnsFor(firstImportId(imports))} rows={imports} rowKey={(row) => row.id} dense />
      </Card>
      {imports.length > 1 && (
        <Card>
          <LineChart title="List size after each import" series={[sizeSeries]} height={200} />
        </Card>
      )}
    </div>
  );
}

/**
 * The import that created the list: the oldest one recorded, when nothing was there before it
 * (its size after equals what it added).
 */
function firstImportId(imports: readonly ImportRecordView[]): number | null {
  const oldest = imports.reduce<ImportRecordView | null>((found, record) => (!found || record.id < found.id ? record : found), null);
  if (!oldest) return null;
  const after = IDENTIFIER_KINDS.reduce((sum, kind) => sum + oldest.membersAfter[kind], 0);
  return oldest.removed === 0 && after === oldest.added ? oldest.id : null;
}
