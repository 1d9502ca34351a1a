import { useState } from 'react';
import type { Sharing } from '../../../../shared/contract/audiences.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatDateTime } from '../../lib/format.js';
import { Alert, Button, Card, Checkbox, ErrorAlert } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { Loading } from '../common.js';

/**
 * Who has access to the list's audiences, and sharing with (or revoking) other ad accounts the
 * connection can use. When Pinterest does not give this app sharing, it says what to ask for.
 */
export function SharingPanel({ listId, adAccountId }: { listId: number; adAccountId: string }) {
  const client = useClient();
  const sharing = useResource(() => client.call('audiences.sharing', { listId, adAccountId }), [listId, adAccountId]);
  const accounts = useResource(() => client.call('pinterest.adAccounts', {}), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState<'share' | 'revoke' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [latest, setLatest] = useState<Sharing | null>(null);
  const view = latest ?? sharing.data;
  const others = (accounts.data ?? []).filter((a) => a.id !== adAccountId);

  const change = async (revoke: boolean) => {
    setBusy(revoke ? 'revoke' : 'share');
    setError(null);
    try {
      setLatest(await client.call('audiences.share', { listId, adAccountId, accountIds: chosen, revoke }));
      setChosen([]);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title="Sharing" description="Let other ad accounts in your business use these audiences and lookalikes." data-testid="sharing-panel">
      {view === undefined ? (
        sharing.error ? <ErrorAlert error={sharing.error} title="Could not read who has access" /> : <Loading label="Asking Pinterest who has access…" />
      ) : !view.available ? (
        <Alert tone="warning" title="Pinterest does not let this app share audiences">
          {view.message}
        </Alert>
      ) : (
        <div className="stack">
          <ul className="audience-list">
            {view.audiences.map((audience) => (
              <li key={audience.audienceId}>
                <div>
                  <strong>{audience.name}</strong> <span className="small muted">{audience.source === 'lookalike' ? 'lookalike' : KIND_SHORT[audience.source]}</span>
                  <p className="small muted">
                    {audience.accounts.length === 0
                      ? 'Not shared.'
                      : `Shared with ${audience.accounts.map((a) => `${a.name ?? a.accountId}${a.sharedAt ? ` (since ${formatDateTime(a.sharedAt)})` : ''}`).join(', ')}.`}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          {others.length === 0 ? (
            <p className="small muted">No other ad account is reachable with this Pinterest connection.</p>
          ) : (
            <fieldset className="audience-choices">
              <legend className="field-label">Ad accounts</legend>
              {others.map((account) => (
                <Checkbox
                  key={account.id}
                  label={`${account.name ?? 'Ad account'} (${account.id})`}
                  checked={chosen.includes(account.id)}
                  onChange={(checked) => setChosen((current) => (checked ? [...current, account.id] : current.filter((id) => id !== account.id)))}
                />
              ))}
            </fieldset>
          )}
          <div className="row">
            <Button size="sm" variant="primary" disabled={chosen.length === 0} busy={busy === 'share'} onClick={() => void change(false)}>
              Share
            </Button>
            <Button size="sm" disabled={chosen.length === 0} busy={busy === 'revoke'} onClick={() => void change(true)}>
              Revoke access
            </Button>
          </div>
        </div>
      )}
      <ErrorAlert error={error} title="Could not change sharing" />
    </Card>
  );
}
