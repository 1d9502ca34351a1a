import './audiences.css';
import { useState } from 'react';
import { useJobFinished } from '../../app/jobs.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatDateTime } from '../../lib/format.js';
import { Button, Card, EmptyState, ErrorAlert, Select } from '../../ui/index.js';
import { Loading } from '../common.js';
import { HealthCards } from './HealthCards.js';
import { HealthChart } from './HealthChart.js';
import { LookalikesCard } from './LookalikesCard.js';
import { ReachCard } from './ReachCard.js';
import { SharingPanel } from './SharingPanel.js';

/** The list on Pinterest: audience health and its history, reach, lookalikes and sharing. */
export function AudiencePanel({ listId, listName }: { listId: number; listName: string }) {
  const client = useClient();
  const [refresh, setRefresh] = useState(0);
  const health = useResource(() => client.call('audiences.health', { listId, refresh: refresh > 0 }), [listId, refresh]);
  const [account, setAccount] = useState<string | null>(null);
  useJobFinished((job) => {
    if (job.state === 'succeeded' && job.kind === 'sync') health.reload();
  });

  if (health.data === undefined) {
    return health.error ? <ErrorAlert error={health.error} title="Could not read the audiences" actions={<Button size="sm" onClick={health.reload}>Try again</Button>} /> : <Loading label="Loading the audiences…" />;
  }
  const data = health.data;
  const accounts = [...new Set(data.kinds.map((k) => k.adAccountId))];
  if (accounts.length === 0) {
    return (
      <Card>
        <EmptyState compact icon="sync" title="Not on Pinterest yet">
          Sync this list to an ad account; its audiences, match rate, reach and lookalikes then show here.
        </EmptyState>
      </Card>
    );
  }
  const adAccountId = account && accounts.includes(account) ? account : accounts[0]!;
  const kinds = data.kinds.filter((k) => k.adAccountId === adAccountId);
  return (
    <div className="stack-lg" data-testid="audience-panel">
      <Card
        title="Audience health"
        description={data.nextCheckAt ? `Pinlist checks again around ${formatDateTime(data.nextCheckAt)} while the app runs.` : undefined}
        actions={
          <>
            {accounts.length > 1 && (
              <Select size="sm" label="Ad account" hideLabel value={adAccountId} onChange={setAccount} options={accounts.map((id) => ({ value: id, label: `Ad account ${id}` }))} />
            )}
            <Button size="sm" icon="sync" busy={health.loading && refresh > 0} onClick={() => setRefresh((n) => n + 1)}>
              Check now
            </Button>
          </>
        }
      >
        <HealthCards health={{ ...data, kinds }} />
        {health.error !== null && <ErrorAlert error={health.error} title="Could not ask Pinterest now; showing the last readings" />}
      </Card>
      <Card title="Over time">
        <HealthChart history={data.history.filter((r) => r.adAccountId === adAccountId)} />
      </Card>
      <div className="audience-two-col">
        <ReachCard listId={listId} adAccountId={adAccountId} />
        <LookalikesCard listId={listId} listName={listName} adAccountId={adAccountId} kinds={kinds} />
      </div>
      <SharingPanel listId={listId} adAccountId={adAccountId} />
    </div>
  );
}
