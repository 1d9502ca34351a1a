import type { ImportRecordView } from '../../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS } from '../../../../shared/identifiers.js';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../../lib/format.js';
import { Delta, Badge, Card, DataTable, EmptyState, LineChart, type Column } from '../../ui/index.js';

const MODE_LABEL = { replace: 'Replace', add: 'Add', remove: 'Remove' } as const;

const COLUMNS: readonly Column<ImportRecordView>[] = [
  { key: 'at', header: 'When', className: 'nowrap', render: (row) => formatDateTime(row.at) },
  {
    key: 'file',
    header: 'File',
    render: (row) => (
      <span className="file-cell" title={`SHA-256 ${row.fileSha256}`}>
        {row.fileName}
        <span className="cell-sub">{formatBytes(row.fileSize)}</span>
      </span>
    ),
  },
  { key: 'mode', header: 'Mode', render: (row) => <Badge>{MODE_LABEL[row.mode]}</Badge> },
  { key: 'rows', header: 'Rows', numeric: true, render: (row) => formatCount(row.rowsRead) },
  { key: 'valid', header: 'Valid', numeric: true, render: (row) => formatCount(row.valid) },
  { key: 'dup', header: 'Duplicates', numeric: true, render: (row) => formatCount(row.duplicates) },
  { key: 'sup', header: 'Suppressed', numeric: true, render: (row) => formatCount(row.suppressed) },
  { key: 'rej', header: 'Rejected', numeric: true, render: (row) => formatCount(row.rejected) },
  { key: 'added', header: 'Added', numeric: true, render: (row) => <Delta value={row.added} /> },
  { key: 'removed', header: 'Removed', numeric: true, render: (row) => <Delta value={-row.removed} /> },
  { key: 'time', header: 'Took', numeric: true, render: (row) => formatDuration(row.durationMs / 1000) },
];

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
        <DataTable caption="Import history" columns={COLUMNS} rows={imports} rowKey={(row) => row.id} dense />
      </Card>
      {imports.length > 1 && (
        <Card>
          <LineChart title="List size after each import" series={[sizeSeries]} height={200} />
        </Card>
      )}
    </div>
  );
}
