import type { SyncReport } from '../../../../shared/contract/sync.js';
import { IDENTIFIER_KINDS } from '../../../../shared/identifiers.js';
import { formatAdded, formatCount, formatRemoved, plural } from '../../lib/format.js';
import { Delta, Alert, Stat, StatGrid, StatusPill } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { remoteStatus } from '../sync-text.js';

/**
 * How the total request count splits: the rows count each customer list's writes (its create,
 * batches and audience); the total also has the reads (lookups, the status check after the sync)
 * and the retries. Null when the total is just the rows' sum (a dry run, or a run with no reads).
 */
export function requestBreakdown(report: SyncReport): string | null {
  const writes = IDENTIFIER_KINDS.reduce((sum, kind) => sum + (report.kinds[kind]?.requests ?? 0), 0);
  const reads = Math.max(0, report.requests - writes - report.retries);
  if (reads === 0 && report.retries === 0) return null;
  const parts = [`${formatCount(writes)} to the lists below`];
  if (reads > 0) parts.push(plural(reads, 'read'));
  if (report.retries > 0) parts.push(plural(report.retries, 'retry', 'retries'));
  return parts.join(' + ');
}

/** The numbers of a dry run or a finished sync: per customer list, and in total. */
export function SyncReportView({ report }: { report: SyncReport }) {
  const kinds = IDENTIFIER_KINDS.filter((kind) => report.kinds[kind]);
  const breakdown = requestBreakdown(report);
  return (
    <div className="stack" data-testid={report.dryRun ? 'dry-run-report' : 'sync-report'}>
      <StatGrid label={report.dryRun ? 'What the sync would send' : 'What the sync sent'}>
        <Stat label={report.dryRun ? 'To add' : 'Added'} value={formatAdded(report.added)} tone={report.added > 0 ? 'success' : 'muted'} size="lg" />
        <Stat label={report.dryRun ? 'To remove' : 'Removed'} value={formatRemoved(report.removed)} tone={report.removed > 0 ? 'danger' : 'muted'} size="lg" />
        <Stat label="Suppressed" value={formatCount(report.suppressed)} tone={report.suppressed > 0 ? 'warning' : 'muted'} hint="Never uploaded" />
        <Stat label={report.dryRun ? 'Requests' : 'Requests sent'} value={formatCount(report.requests)} hint={breakdown ?? undefined} />
        {!report.dryRun && <Stat label="Retries" value={formatCount(report.retries)} tone={report.retries > 0 ? 'warning' : 'muted'} />}
      </StatGrid>
      <div className="table-wrap">
        <table className="table table-dense">
          <caption className="visually-hidden">Per customer list</caption>
          <thead>
            <tr>
              <th scope="col">Customer list</th>
              <th scope="col" className="num">
                In the list
              </th>
              <th scope="col" className="num" title="Records Pinterest had confirmed before this run">
                {report.dryRun ? 'On Pinterest now' : 'Before'}
              </th>
              <th scope="col" className="num">
                {report.dryRun ? 'To add' : 'Added'}
              </th>
              <th scope="col" className="num">
                {report.dryRun ? 'To remove' : 'Removed'}
              </th>
              <th scope="col" className="num" title="Creating the customer list, the batches of records and the audience">
                Requests
              </th>
              {!report.dryRun && <th scope="col">Status</th>}
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => {
              const line = report.kinds[kind]!;
              const customerList = report.customerLists[kind];
              const audience = report.audiences[kind];
              return (
                <tr key={kind}>
                  <th scope="row">
                    <span className="cell-strong">{line.customerListName}</span>
                    <span className="cell-sub">
                      {KIND_SHORT[kind]}
                      {line.customerListId ? ` · ID ${line.customerListId}` : ' · created on first sync'}
                      {line.adopted ? ' · adopted' : ''}
                    </span>
                  </th>
                  <td className="num">{formatCount(line.desired)}</td>
                  <td className="num">
                    {formatCount(line.confirmedBefore)}
                    {line.uncertain > 0 && <span className="cell-sub">{formatCount(line.uncertain)} uncertain</span>}
                  </td>
                  <td className="num">
                    <Delta value={line.adds} />
                  </td>
                  <td className="num">
                    <Delta value={-line.removes} />
                  </td>
                  <td className="num">{formatCount(line.requests)}</td>
                  {!report.dryRun && (
                    <td>
                      <div className="stack-xs">
                        <StatusPill tone={remoteStatus(customerList?.status).tone}>List: {remoteStatus(customerList?.status).label}</StatusPill>
                        {audience ? (
                          <StatusPill tone={remoteStatus(audience.status).tone}>Audience: {remoteStatus(audience.status).label}</StatusPill>
                        ) : (
                          <StatusPill tone="warning" title="Pinterest creates the audience once 100 users match; Pinlist retries on the next sync.">
                            Audience pending
                          </StatusPill>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {report.warnings.length > 0 && (
        <Alert tone="warning" title={report.warnings.length === 1 ? 'Warning' : `${report.warnings.length} warnings`}>
          <ul className="plain-list">
            {report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Alert>
      )}
      {report.isolated.length > 0 && (
        <Alert tone="warning" title={`Pinterest refused ${formatCount(report.isolated.length)} records`}>
          They were sent alone and still refused, so they were left out:
          <ul className="plain-list mono small">
            {report.isolated.slice(0, 10).map((record) => (
              <li key={`${record.kind}:${record.op}:${record.hash}`}>
                {record.op} {KIND_SHORT[record.kind]} {record.hash}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}
