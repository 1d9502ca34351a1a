import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.js';
import { Delta, StatusPill } from '../../ui/index.js';
import { RUN_STATE, remoteStatus } from '../sync-text.js';

/** The list's newest sync run: when, +/−, outcome. */
export function LastSyncCell({ listId }: { listId: number }) {
  const client = useClient();
  const history = useResource(() => client.call('sync.history', { listId, limit: 1 }), [listId]);
  const run = history.data?.[0];
  if (history.error) return <span className="muted">—</span>;
  if (!run) return <span className="muted">{history.loading ? '…' : 'Never synced'}</span>;
  const state = RUN_STATE[run.state];
  return (
    <div className="stack-xs">
      <span className="row-tight">
        <StatusPill tone={state.tone}>{state.label}</StatusPill>
        <span title={formatDateTime(run.startedAt)} className="small muted">
          {formatRelative(run.endedAt ?? run.startedAt)}
        </span>
      </span>
      <span className="cell-sub num">
        <Delta value={run.added} /> <Delta value={-run.removed} />
      </span>
    </div>
  );
}

/** Pinterest's last known status of the list's customer lists and audiences, and when it was fetched. */
export function PinterestStatusCell({ listId }: { listId: number }) {
  const client = useClient();
  const status = useResource(() => client.call('sync.status', { listId }), [listId]);
  if (status.error) return <span className="muted">—</span>;
  if (!status.data) return <span className="muted">{status.loading ? '…' : '—'}</span>;
  const targets = status.data.targets;
  if (targets.length === 0) return <span className="muted">Not on Pinterest yet</span>;
  return (
    <ul className="remote-list">
      {targets.map(({ target, remote }) => {
        const list = remoteStatus(remote?.customerList?.status);
        const audience = remote?.audience;
        return (
          <li key={target.targetId}>
            <span className="remote-kind">{target.listType}</span>
            <StatusPill tone={list.tone} title="Customer list status">
              {remote ? list.label : 'Not checked'}
            </StatusPill>
            <span className="small muted">
              {target.audienceState === 'pending'
                ? 'audience pending'
                : audience
                  ? `audience ${remoteStatus(audience.status).label.toLowerCase()}${audience.size !== null ? `, ${formatCount(audience.size)}` : ''}`
                  : target.audienceState === 'created'
                    ? 'audience created'
                    : 'no audience'}
              {remote && <span title={formatDateTime(remote.fetchedAt)}> · {formatRelative(remote.fetchedAt)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
