import type { LastSync, PinterestTargetStatus } from '../../../../shared/contract/sync.js';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.js';
import { AddedRemoved, StatusPill } from '../../ui/index.js';
import { RUN_STATE, remoteStatus } from '../sync-text.js';

/** The list's newest sync run: when, +/−, outcome (from `lists.list`). */
export function LastSyncCell({ run }: { run: LastSync | null }) {
  if (!run) return <span className="muted">Never synced</span>;
  const state = RUN_STATE[run.state];
  const at = run.endedAt ?? run.startedAt;
  return (
    <div className="stack-xs">
      <span className="row-tight">
        <StatusPill tone={state.tone} title={run.error?.message}>
          {state.label}
        </StatusPill>
        <span title={formatDateTime(at)} className="small muted nowrap">
          {formatRelative(at)}
        </span>
      </span>
      <span className="cell-sub num">
        <AddedRemoved added={run.added} removed={run.removed} />
      </span>
    </div>
  );
}

function audienceText(target: PinterestTargetStatus): string {
  const audience = target.remote?.audience;
  if (target.audienceState === 'pending') return 'audience pending';
  if (audience) return `audience ${remoteStatus(audience.status).label.toLowerCase()}${audience.size !== null ? `, ${formatCount(audience.size)}` : ''}`;
  return target.audienceState === 'created' ? 'audience created' : 'no audience';
}

/** Pinterest's last known status of the list's customer lists and audiences, and when it was fetched (from `lists.list`). */
export function PinterestStatusCell({ targets }: { targets: PinterestTargetStatus[] }) {
  if (targets.length === 0) return <span className="muted">Not on Pinterest yet</span>;
  return (
    <ul className="remote-list">
      {targets.map((target) => {
        const { remote } = target;
        const list = remoteStatus(remote?.customerList?.status);
        return (
          <li key={`${target.adAccountId}:${target.kind}`}>
            <span className="remote-kind">{target.listType}</span>
            <StatusPill tone={list.tone} title="Customer list status">
              {remote ? list.label : 'Not checked'}
            </StatusPill>
            <span className="small muted">
              {audienceText(target)}
              {remote && <span title={formatDateTime(remote.fetchedAt)}> · {formatRelative(remote.fetchedAt)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
