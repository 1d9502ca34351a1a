import './automation.css';
import { useEffect } from 'react';
import type { PendingChange } from '../../../../shared/contract/automation.js';
import { navigate } from '../../app/router.js';
import { useJobFinished } from '../../app/jobs.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatCount } from '../../lib/format.js';
import { Button } from '../../ui/index.js';

/** What each list would send to Pinterest now (lists changed since their last sync), kept fresh after imports and syncs. */
export function usePendingChanges(): Map<number, PendingChange> {
  const client = useClient();
  const pending = useResource(() => client.call('automation.pending', {}), []);
  const { reload } = pending;
  useJobFinished((job) => {
    if (job.state === 'succeeded' && (job.kind === 'import' || job.kind === 'sync' || job.kind === 'suppress')) reload();
  });
  useEffect(() => client.on('automation.changed', () => reload()), [client, reload]);
  const byList = new Map<number, PendingChange>();
  for (const change of pending.data ?? []) {
    const seen = byList.get(change.listId);
    byList.set(change.listId, seen ? { ...seen, added: seen.added + change.added, removed: seen.removed + change.removed } : change);
  }
  return byList;
}

/** "+281 −136 waiting" with Review & sync, in a list's row. */
export function PendingChangesCell({ change }: { change: PendingChange | undefined }) {
  if (!change) return null;
  const text = `${formatCount(change.added)} to add and ${formatCount(change.removed)} to remove, waiting to be synced`;
  return (
    <div className="pending-changes row-tight" data-testid="pending-changes">
      <span className="num" title={text} aria-label={text}>
        <span className="delta-plus">+{formatCount(change.added)}</span> <span className="delta-minus">{'\u2212'}{formatCount(change.removed)}</span> waiting
      </span>
      <Button size="sm" variant="ghost" icon="sync" onClick={() => navigate({ name: 'sync', listId: change.listId })}>
        Review &amp; sync
      </Button>
    </div>
  );
}
