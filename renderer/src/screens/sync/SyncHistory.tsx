import type { ListDetail } from '../../../../shared/contract/lists.js';
import type { SyncRun } from '../../../../shared/contract/sync.js';
import { IDENTIFIER_KINDS } from '../../../../shared/identifiers.js';
import { formatCount, formatDateTime, formatDuration } from '../../lib/format.js';
import { AddedRemoved, Card, DataTable, EmptyState, LineChart, StatusPill, type Column, type LineSeries } from '../../ui/index.js';
import { RUN_STATE } from '../sync-text.js';

const COLUMNS: readonly Column<SyncRun>[] = [
  { key: 'when', header: 'Started', className: 'nowrap', render: (run) => formatDateTime(run.startedAt) },
  {
    key: 'state',
    header: 'Outcome',
    render: (run) => (
      <span title={run.error?.message}>
        <StatusPill tone={RUN_STATE[run.state].tone}>{RUN_STATE[run.state].label}</StatusPill>
      </span>
    ),
  },
  { key: 'account', header: 'Ad account', render: (run) => <span className="mono small">{run.adAccountId}</span> },
  { key: 'change', header: 'Change', numeric: true, className: 'nowrap', render: (run) => <AddedRemoved added={run.added} removed={run.removed} /> },
  { key: 'requests', header: 'Requests', numeric: true, render: (run) => formatCount(run.requests) },
  { key: 'retries', header: 'Retries', numeric: true, render: (run) => formatCount(run.retries) },
  {
    key: 'took',
    header: 'Took',
    numeric: true,
    render: (run) => (run.endedAt ? formatDuration((new Date(run.endedAt).getTime() - new Date(run.startedAt).getTime()) / 1000) : '—'),
  },
  {
    key: 'note',
    header: 'Note',
    render: (run) => {
      const note = runNote(run);
      return (
        <span className="small muted clamp" title={note}>
          {note}
        </span>
      );
    },
  },
];

/**
 * What a run's note says: what happened, not the question asked before it. A run that passed the
 * shrink guard was confirmed by the user ("Removed 2,427 after you confirmed").
 */
export function runNote(run: SyncRun): string {
  if (run.error) return run.error.message;
  const confirmed = run.report !== null && !run.report.dryRun && run.report.guardrails.length > 0;
  if (confirmed && run.state !== 'running') {
    const removed = `Removed ${formatCount(run.removed)} after you confirmed`;
    return run.state === 'succeeded' ? `${removed}.` : `${removed}, before it stopped.`;
  }
  const warning = run.warnings.find((text) => !/needs? (your )?confirm|\?\s*$/i.test(text));
  return warning ? capitalize(warning) : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What Pinterest held after a run, by the ledger: members before, plus adds, minus removes. */
function syncedSizeAfter(run: SyncRun): number | null {
  const report = run.report;
  if (!report) return null;
  let total = 0;
  for (const kind of IDENTIFIER_KINDS) {
    const line = report.kinds[kind];
    if (line) total += line.confirmedBefore + (report.dryRun ? 0 : line.adds - line.removes);
  }
  return total;
}

/** The table of runs and a chart of the list's size against what Pinterest holds, over time. */
export function SyncHistory({ runs, list }: { runs: SyncRun[]; list: ListDetail | undefined }) {
  if (runs.length === 0) {
    return (
      <Card title="History">
        <EmptyState compact icon="clock" title="No syncs yet">
          Each sync is recorded here: when, what it sent, and how it ended.
        </EmptyState>
      </Card>
    );
  }
  const localPoints = (list?.imports ?? []).map((record) => ({ at: record.at, value: IDENTIFIER_KINDS.reduce((sum, kind) => sum + record.membersAfter[kind], 0) }));
  if (list && localPoints.length > 0) localPoints.push({ at: new Date().toISOString(), value: list.total });
  const syncedPoints = runs
    .map((run) => ({ at: run.endedAt ?? run.startedAt, value: syncedSizeAfter(run) }))
    .filter((point): point is { at: string; value: number } => point.value !== null);
  const series: LineSeries[] = [
    { key: 'local', label: 'List (local)', tone: 'accent', points: localPoints },
    { key: 'synced', label: 'On Pinterest (confirmed)', tone: 'info', points: syncedPoints, dashed: true },
  ];
  return (
    <div className="stack">
      <Card title="History" padded={false}>
        <DataTable caption="Sync runs" columns={COLUMNS} rows={runs} rowKey={(run) => run.runId} dense />
      </Card>
      <Card>
        <LineChart title="List size and synced size over time" series={series} />
      </Card>
    </div>
  );
}
