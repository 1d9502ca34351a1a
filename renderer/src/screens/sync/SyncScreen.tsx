import { useState } from 'react';
import type { AuthStatus, SyncStatus } from '../../../../shared/contract/index.js';
import { useImportDraft } from '../../app/import-draft.js';
import { navigate } from '../../app/router.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatCount } from '../../lib/format.js';
import { Button, Card, EmptyState, ErrorAlert, PageHeader, Select } from '../../ui/index.js';
import { Loading } from '../common.js';
import { ConnectionCard } from './ConnectionCard.js';
import { RemoteStatusCard } from './RemoteStatusCard.js';
import { SyncHistory } from './SyncHistory.js';
import { SyncPanel } from './SyncPanel.js';

/** The connection, then for the chosen list: destination, dry run, sync, status and history. */
export function SyncScreen({ listId }: { listId: number | null }) {
  const client = useClient();
  const { beginNew } = useImportDraft();
  const [verify, setVerify] = useState(false);
  const auth = useResource(() => client.call('auth.status', verify ? { verify: true } : {}), [verify]);
  // The status a connect or disconnect answered with, until the next check.
  const [latest, setLatest] = useState<AuthStatus | null>(null);
  const lists = useResource(() => client.call('lists.list', {}), []);
  const status = latest ?? auth.data;

  const listChoices = lists.data ?? [];
  const chosenId = listId ?? (listChoices.length === 1 ? listChoices[0]!.id : null);

  return (
    <>
      <PageHeader title="Sync to Pinterest" description="Pinlist keeps a Pinterest customer list per kind in step with your list, sending only what changed: adds, then removes." />
      <div className="stack-lg">
        <ConnectionCard
          status={status}
          error={auth.error}
          loading={auth.loading}
          onChange={setLatest}
          onReload={(withVerify) => {
            setLatest(null);
            if (withVerify && !verify) setVerify(true);
            else auth.reload();
          }}
        />
        {status?.connected &&
          (lists.data === undefined ? (
            lists.error ? <ErrorAlert error={lists.error} title="Could not load the lists" /> : <Loading />
          ) : listChoices.length === 0 ? (
            <Card>
              <EmptyState icon="lists" title="No list to sync yet" actions={<Button variant="primary" icon="upload" onClick={() => beginNew()}>Import a file</Button>}>
                Import a spreadsheet first; then sync it here.
              </EmptyState>
            </Card>
          ) : (
            <>
              <Card>
                <Select
                  label="List to sync"
                  value={chosenId === null ? '' : String(chosenId)}
                  placeholder="Choose a list"
                  options={listChoices.map((list) => ({ value: String(list.id), label: `${list.name} (${formatCount(list.total)} members)` }))}
                  onChange={(value) => navigate({ name: 'sync', listId: Number(value) })}
                />
              </Card>
              {chosenId !== null && <ListSync key={chosenId} listId={chosenId} />}
            </>
          ))}
      </div>
    </>
  );
}

function ListSync({ listId }: { listId: number }) {
  const client = useClient();
  const history = useResource(() => client.call('sync.history', { listId, limit: 100 }), [listId]);
  const list = useResource(() => client.call('lists.get', { listId }), [listId]);
  const remote = useResource(() => client.call('sync.status', { listId }), [listId]);
  const [fresh, setFresh] = useState<SyncStatus | null>(null);

  const reloadAll = () => {
    setFresh(null);
    history.reload();
    remote.reload();
  };

  return (
    <>
      <SyncPanel listId={listId} onSynced={reloadAll} />
      <RemoteStatusCard listId={listId} status={fresh ?? remote.data} error={remote.error} onStatus={setFresh} />
      {history.error ? <ErrorAlert error={history.error} title="Could not load the sync history" /> : history.data ? <SyncHistory runs={history.data} list={list.data} /> : <Loading />}
    </>
  );
}
