import { useState } from 'react';
import type { Reach } from '../../../../shared/contract/audiences.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { formatCount } from '../../lib/format.js';
import { Button, Card, ErrorAlert } from '../../ui/index.js';

/** Pinterest's monthly reach estimate for the list's audiences, asked on demand. */
export function ReachCard({ listId, adAccountId }: { listId: number; adAccountId: string }) {
  const client = useClient();
  const [reach, setReach] = useState<Reach | null>(null);
  const { run, busy, error } = useAction();
  const estimate = () => run(async () => setReach(await client.call('audiences.reach', { listId, adAccountId })));
  return (
    <Card
      title="Reach"
      description="How many people these audiences may reach on Pinterest in a month."
      actions={
        <Button size="sm" busy={busy} onClick={() => void estimate()}>
          {reach ? 'Estimate again' : 'Estimate reach'}
        </Button>
      }
      data-testid="reach-card"
    >
      {reach && (
        <>
          <p className="audience-rate num">
            {reach.lower === null ? '?' : formatCount(reach.lower)} – {reach.upper === null ? '?' : formatCount(reach.upper)}
          </p>
          <p className="small muted">people a month. {reach.caveat}</p>
        </>
      )}
      <ErrorAlert error={error} title="Could not estimate the reach" />
    </Card>
  );
}
