import { useState } from 'react';
import type { KindHealth, Lookalike } from '../../../../shared/contract/audiences.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatCount } from '../../lib/format.js';
import { Button, Card, ErrorAlert, StatusPill } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { RenameDialog } from '../RenameDialog.js';
import { statusTone } from './audience-text.js';
import { LookalikeDialog } from './LookalikeDialog.js';

/** The list's lookalikes with status and size; create, rename, remove. */
export function LookalikesCard({ listId, listName, adAccountId, kinds }: { listId: number; listName: string; adAccountId: string; kinds: readonly KindHealth[] }) {
  const client = useClient();
  // Status and size are read from Pinterest when the card opens (one read per lookalike).
  const lookalikes = useResource(() => client.call('audiences.lookalikes', { listId, refresh: true }), [listId]);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Lookalike | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const canGrow = kinds.some((k) => k.audienceId !== null);
  const remove = async (lookalike: Lookalike) => {
    setBusy(lookalike.id);
    setError(null);
    try {
      await client.call('audiences.lookalikeRemove', { lookalikeId: lookalike.id });
      lookalikes.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  const rows = (lookalikes.data ?? []).filter((l) => l.adAccountId === adAccountId);
  return (
    <Card
      title="Lookalikes"
      description="Grow your reach with people similar to this list."
      actions={
        <Button size="sm" icon="plus" disabled={!canGrow} onClick={() => setCreating(true)}>
          Create lookalike…
        </Button>
      }
      data-testid="lookalikes-card"
    >
      {rows.length === 0 ? (
        <p className="small muted">{canGrow ? 'No lookalikes yet.' : 'A lookalike grows from an audience: sync the list first.'}</p>
      ) : (
        <ul className="audience-list">
          {rows.map((l) => (
            <li key={l.id}>
              <div>
                <strong>{l.name}</strong>{' '}
                <StatusPill tone={l.state === 'pending' ? 'info' : statusTone(l.status)}>{l.state === 'pending' ? 'Pending' : (l.status ?? 'Unknown')}</StatusPill>
                <p className="small muted">
                  {l.country}, {l.percentage}% · from {l.seedKinds.map((k) => KIND_SHORT[k]).join(', ')}
                  {l.size !== null ? ` · ${formatCount(l.size)} people` : ''}
                </p>
                {l.message && <p className="small">{l.message}</p>}
              </div>
              <div className="row">
                <Button size="sm" variant="ghost" onClick={() => setRenaming(l)}>
                  Rename…
                </Button>
                <Button size="sm" variant="ghost" icon="trash" className="text-danger" busy={busy === l.id} onClick={() => void remove(l)}>
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={error} title="Could not change the lookalike" />
      {creating && (
        <LookalikeDialog
          open
          onClose={() => setCreating(false)}
          onCreated={() => lookalikes.reload()}
          listId={listId}
          listName={listName}
          adAccountId={adAccountId}
          kinds={kinds}
        />
      )}
      {renaming && (
        <RenameDialog
          title="Rename lookalike"
          currentName={renaming.name}
          rename={(name) => client.call('audiences.lookalikeRename', { lookalikeId: renaming.id, name })}
          onClose={() => setRenaming(null)}
          onRenamed={lookalikes.reload}
        />
      )}
    </Card>
  );
}
