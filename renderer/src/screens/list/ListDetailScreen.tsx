import { useState } from 'react';
import type { ListDetail } from '../../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../../shared/identifiers.js';
import { useImportDraft } from '../../app/import-draft.js';
import { useJobFinished } from '../../app/jobs.js';
import { navigate, type ListTab } from '../../app/router.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { useExport } from '../../app/useExport.js';
import { useResource } from '../../app/useResource.js';
import { formatCount, formatDateTime, formatRelative, plural } from '../../lib/format.js';
import { Button, Card, Dialog, EmptyState, ErrorAlert, PageHeader, Stat, StatGrid, Tabs, useToast } from '../../ui/index.js';
import { cx } from '../../ui/cx.js';
import { KIND_NOUN, KIND_SHORT, Loading } from '../common.js';
import { RenameDialog } from '../RenameDialog.js';
import { ImportHistory } from './ImportHistory.js';
import { LookupBox } from './LookupBox.js';
import { MembersTable } from './MembersTable.js';
import { RejectsPanel } from './RejectsPanel.js';
import { AutomationPanel } from '../automation/AutomationPanel.js';
import { AudiencePanel } from '../audiences/AudiencePanel.js';

/** One list: sizes per kind, members, lookup, import history, rejects, exports, rename and delete. */
export function ListDetailScreen({ listId, tab }: { listId: number; tab: ListTab }) {
  const client = useClient();
  const { beginNew } = useImportDraft();
  const detail = useResource(() => client.call('lists.get', { listId }), [listId]);
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  useJobFinished((job) => {
    if (job.state === 'succeeded' && (job.kind === 'import' || job.kind === 'suppress')) detail.reload();
  });

  if (detail.data === undefined) {
    return (
      <>
        <PageHeader back={{ href: '#/lists', label: 'Lists' }} title="List" />
        {detail.error ? <ErrorAlert error={detail.error} title="Could not open this list" actions={<Button size="sm" onClick={detail.reload}>Try again</Button>} /> : <Loading label="Loading the list…" />}
      </>
    );
  }
  const list = detail.data;

  return (
    <>
      <PageHeader
        back={{ href: '#/lists', label: 'Lists' }}
        title={list.name}
        meta={
          <span className="small muted">
            Created {formatDateTime(list.createdAt)} · updated {formatRelative(list.updatedAt)}
          </span>
        }
        actions={
          <>
            <Button icon="upload" onClick={() => beginNew({ type: 'existing', listId: list.id, name: list.name })}>
              Import into this list
            </Button>
            <Button variant="primary" icon="sync" onClick={() => navigate({ name: 'sync', listId: list.id })}>
              Sync to Pinterest
            </Button>
          </>
        }
      />
      <div className="stack-lg">
        <Card>
          <StatGrid label="Members per kind" className="stat-grid-wide">
            <Stat size="lg" label="Members" value={formatCount(list.total)} data-testid="list-total" />
            <Stat
              label="Suppressed"
              value={formatCount(list.suppressedTotal)}
              tone={list.suppressedTotal > 0 ? 'warning' : 'muted'}
              hint={`${formatCount(list.toPinterest)} go to Pinterest`}
              data-testid="list-suppressed"
            />
            {IDENTIFIER_KINDS.map((kind) => (
              <Stat key={kind} label={KIND_SHORT[kind]} value={formatCount(list.members[kind])} tone={list.members[kind] === 0 ? 'muted' : 'default'} />
            ))}
          </StatGrid>
        </Card>
        <AutomationPanel listId={list.id} onRan={detail.reload} />
        <Tabs
          label="List sections"
          value={tab}
          onChange={(next) => navigate({ name: 'list', listId: list.id, tab: next })}
          tabs={[
            { value: 'members', label: 'Members' },
            { value: 'imports', label: 'Import history', count: formatCount(list.imports.length) },
            { value: 'rejects', label: 'Rejected rows', count: formatCount(list.rejectsStored) },
            { value: 'pinterest', label: 'On Pinterest' },
          ]}
        >
          {tab === 'members' && <MembersSection list={list} onImport={() => beginNew({ type: 'existing', listId: list.id, name: list.name })} />}
          {tab === 'imports' && <ImportHistory imports={list.imports} />}
          {tab === 'rejects' && <RejectsPanel list={list} onPurged={detail.reload} />}
          {tab === 'pinterest' && <AudiencePanel listId={list.id} listName={list.name} />}
        </Tabs>
        <Card title="Manage" description="Renaming or deleting changes only this computer. Customer lists already on Pinterest stay there.">
          <div className="row">
            <Button size="sm" onClick={() => setDialog('rename')}>
              Rename…
            </Button>
            <Button size="sm" variant="ghost" icon="trash" className="text-danger" onClick={() => setDialog('delete')}>
              Delete list…
            </Button>
          </div>
        </Card>
      </div>
      <RenameDialog
        title="Rename list"
        currentName={list.name}
        open={dialog === 'rename'}
        rename={(name) => client.call('lists.rename', { listId: list.id, name })}
        onClose={() => setDialog(null)}
        onRenamed={detail.reload}
      />
      <DeleteDialog list={list} open={dialog === 'delete'} onClose={() => setDialog(null)} />
    </>
  );
}

function MembersSection({ list, onImport }: { list: ListDetail; onImport(): void }) {
  const client = useClient();
  const exporter = useExport();
  const kinds = IDENTIFIER_KINDS.filter((kind) => list.members[kind] > 0);
  const [chosen, setChosen] = useState<IdentifierKind | null>(null);
  const kind = chosen && kinds.includes(chosen) ? chosen : (kinds[0] ?? 'email');

  if (list.total === 0) {
    return (
      <Card>
        <EmptyState compact icon="lists" title="This list is empty" actions={<Button variant="primary" icon="upload" onClick={onImport}>Import a file</Button>}>
          Import a file into it to add members.
        </EmptyState>
      </Card>
    );
  }

  return (
    <div className="members-layout">
      <Card
        padded={false}
        title="Members"
        description="Stored as SHA-256 hashes, in hash order."
        actions={
          <Button
            size="sm"
            icon="download"
            busy={exporter.busy !== null}
            onClick={() => void exporter.run(`${KIND_SHORT[kind]} for Ads Manager`, () => client.call('lists.exportHashes', { listId: list.id, kind }))}
          >
            Export {KIND_NOUN[kind]} for Ads Manager
          </Button>
        }
      >
        {kinds.length > 1 && (
          <div className="panel-toolbar">
            <div className="segmented" role="radiogroup" aria-label="Kind of member">
              {kinds.map((option) => (
                <button
                  key={option}
                  type="button"
                  role="radio"
                  aria-checked={option === kind}
                  className={cx('segment', option === kind && 'is-selected')}
                  onClick={() => setChosen(option)}
                >
                  {KIND_SHORT[option]} <span className="num muted">{formatCount(list.members[option])}</span>
                </button>
              ))}
            </div>
          </div>
        )}
        <MembersTable listId={list.id} kind={kind} total={list.members[kind]} kindLabel={KIND_SHORT[kind]} />
      </Card>
      <Card title="Is this person in the list?" level={2}>
        <LookupBox listId={list.id} defaultKind={kind} />
      </Card>
    </div>
  );
}

function DeleteDialog({ list, open, onClose }: { list: ListDetail; open: boolean; onClose(): void }) {
  const client = useClient();
  const toast = useToast();
  const { run, busy, error } = useAction();
  const remove = () =>
    run(async () => {
      await client.call('lists.delete', { listId: list.id });
      toast({ tone: 'success', title: `Deleted ${list.name}` });
      onClose();
      navigate({ name: 'lists' });
    });
  return (
    <Dialog
      open={open}
      tone="danger"
      title={`Delete “${list.name}”?`}
      description={`Its ${plural(list.total, 'member')}, ${plural(list.imports.length, 'recorded import')} and their rejected rows are deleted from this computer for good. Nothing changes on Pinterest: customer lists already synced stay there.`}
      onClose={onClose}
      dismissable={!busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Keep the list
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void remove()}>
            Delete {formatCount(list.total)} members
          </Button>
        </>
      }
    >
      <ErrorAlert error={error} title="Could not delete the list" />
    </Dialog>
  );
}
