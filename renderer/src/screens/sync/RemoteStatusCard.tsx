import type { SyncStatus } from '../../../../shared/contract/sync.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.js';
import { Alert, Button, Card, ErrorAlert, StatusPill } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { remoteStatus } from '../sync-text.js';

/** Pinterest's view of the list's customer lists and audiences, fetched on demand (matching takes a day or two). */
export function RemoteStatusCard({ listId, status, error, onStatus }: { listId: number; status: SyncStatus | undefined; error: unknown; onStatus(status: SyncStatus): void }) {
  const client = useClient();
  const { run, busy, error: refreshError } = useAction();
  const refresh = () => run(async () => onStatus(await client.call('sync.status', { listId, refresh: true })));
  const targets = status?.targets ?? [];
  return (
    <Card
      title="On Pinterest"
      description="Pinterest takes 24 to 48 hours to match members and size an audience."
      actions={
        <Button size="sm" icon="refresh" busy={busy} disabled={targets.length === 0} onClick={() => void refresh()}>
          Refresh status
        </Button>
      }
    >
      <div className="stack">
        <ErrorAlert error={refreshError ?? error} title="Could not read the status" />
        {status?.lock && (
          <Alert tone="info" title="A sync of this list is running">
            Started {formatRelative(status.lock.since)} on {status.lock.host} (process {status.lock.pid}).
          </Alert>
        )}
        {targets.length === 0 ? (
          <p className="muted">Nothing on Pinterest yet: the first sync creates the customer lists.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-dense">
              <caption className="visually-hidden">Customer lists and audiences on Pinterest</caption>
              <thead>
                <tr>
                  <th scope="col">Customer list</th>
                  <th scope="col" className="num">
                    Confirmed members
                  </th>
                  <th scope="col">List status</th>
                  <th scope="col">Audience</th>
                  <th scope="col">Checked</th>
                </tr>
              </thead>
              <tbody>
                {targets.map(({ target, remote }) => {
                  const listState = remoteStatus(remote?.customerList?.status);
                  const audience = remote?.audience;
                  return (
                    <tr key={target.targetId}>
                      <th scope="row">
                        <span className="cell-strong">{target.customerListName}</span>
                        <span className="cell-sub">
                          {KIND_SHORT[target.kind]} · {target.customerListId ? `ID ${target.customerListId}` : 'not created yet'} · ad account {target.adAccountId}
                        </span>
                      </th>
                      <td className="num">
                        {formatCount(target.confirmedMembers)}
                        {target.uncertainMembers > 0 && <span className="cell-sub">{formatCount(target.uncertainMembers)} uncertain</span>}
                      </td>
                      <td>{remote ? <StatusPill tone={listState.tone}>{listState.label}</StatusPill> : <span className="muted">Not checked</span>}</td>
                      <td>
                        {target.audienceState === 'pending' ? (
                          <span title={target.audienceMessage ?? undefined}>
                            <StatusPill tone="warning">Pending</StatusPill>
                            <span className="cell-sub">Needs 100 matched users; retried on the next sync</span>
                          </span>
                        ) : audience ? (
                          <>
                            <StatusPill tone={remoteStatus(audience.status).tone}>{remoteStatus(audience.status).label}</StatusPill>
                            <span className="cell-sub num">{audience.size !== null ? `${formatCount(audience.size)} people` : 'size not known yet'}</span>
                          </>
                        ) : target.audienceState === 'created' ? (
                          <StatusPill tone="success">Created</StatusPill>
                        ) : (
                          <span className="muted">None</span>
                        )}
                      </td>
                      <td>
                        {remote ? (
                          <span title={formatDateTime(remote.fetchedAt)}>
                            {formatRelative(remote.fetchedAt)}
                            {remote.problem && <span className="cell-sub text-danger">{remote.problem}</span>}
                          </span>
                        ) : (
                          <span className="muted">Never</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}
