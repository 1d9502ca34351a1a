import type { ListSummary } from '../../../../shared/contract/lists.js';
import { useImportDraft } from '../../app/import-draft.js';
import { useJobFinished } from '../../app/jobs.js';
import { hrefFor } from '../../app/router.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.js';
import { AddedRemoved, Button, Card, EmptyState, ErrorAlert, PageHeader } from '../../ui/index.js';
import { KindBreakdown, Loading } from '../common.js';
import { PinterestStatusCell, LastSyncCell } from './ListSyncCells.js';
import { PendingChangesCell, usePendingChanges } from '../automation/PendingChanges.js';

/** Home: every list with its size, last import, last sync and Pinterest status. */
export function ListsHome() {
  const client = useClient();
  const { beginNew } = useImportDraft();
  const lists = useResource(() => client.call('lists.list', {}), []);
  useJobFinished((job) => {
    // A sync that stopped still recorded its run: the last-sync column changes too.
    if (job.kind === 'sync' || job.kind === 'refresh-status' || (job.state === 'succeeded' && job.kind === 'import')) lists.reload();
  });

  const importButton = (
    <Button variant="primary" icon="upload" onClick={() => beginNew()}>
      Import file
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Lists"
        description="Local audiences built from your spreadsheets, stored as SHA-256 hashes. Sync a list to keep a Pinterest customer list up to date."
        actions={lists.data && lists.data.length > 0 ? importButton : undefined}
      />
      <ErrorAlert error={lists.error} title="Could not load the lists" actions={<Button size="sm" onClick={lists.reload}>Try again</Button>} />
      {lists.data === undefined ? (
        lists.loading && <Loading label="Loading lists…" />
      ) : lists.data.length === 0 ? (
        <Card>
          <EmptyState
            icon="lists"
            title="No lists yet"
            actions={
              <Button variant="primary" icon="upload" onClick={() => beginNew()}>
                Import your first file
              </Button>
            }
          >
            <p>Pinlist turns customer spreadsheets into match-ready Pinterest audiences: it finds the email and ad ID columns, normalizes and hashes them on this computer, and uploads only the changes.</p>
            <p className="empty-tip">Drop a CSV, TSV or XLSX file anywhere in this window to start.</p>
          </EmptyState>
        </Card>
      ) : (
        <ListsTable lists={lists.data} />
      )}
    </>
  );
}

function ListsTable({ lists }: { lists: ListSummary[] }) {
  const pending = usePendingChanges();
  return (
    <Card padded={false}>
      <div className="table-wrap">
        <table className="table lists-table">
          <caption className="visually-hidden">Your lists</caption>
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col" className="num">
                Members
              </th>
              <th scope="col">Last import</th>
              <th scope="col">Last sync</th>
              <th scope="col">On Pinterest</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.id}>
                <td className="list-name-cell">
                  <a className="list-name" href={hrefFor({ name: 'list', listId: list.id, tab: 'members' })} title={list.name}>
                    {list.name}
                  </a>
                  <div className="cell-sub">
                    <KindBreakdown members={list.members} />
                  </div>
                </td>
                <td className="num">
                  <span className="cell-strong">{formatCount(list.total)}</span>
                  <SuppressedNote list={list} />
                </td>
                <td>
                  {list.lastImport ? (
                    <>
                      <span title={formatDateTime(list.lastImport.at)}>{formatRelative(list.lastImport.at)}</span>
                      <div className="cell-sub num">
                        <AddedRemoved added={list.lastImport.added} removed={list.lastImport.removed} />
                        <span className="muted truncate last-import-file" title={list.lastImport.fileName}>
                          {list.lastImport.fileName}
                        </span>
                      </div>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <LastSyncCell run={list.lastSync} />
                  <PendingChangesCell change={pending.get(list.id)} />
                </td>
                <td>
                  <PinterestStatusCell targets={list.pinterest} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Under a list's size: how many of its members are suppressed, so the number sent to Pinterest is never a surprise. */
export function SuppressedNote({ list }: { list: Pick<ListSummary, 'suppressedTotal' | 'toPinterest'> }) {
  if (!list.suppressedTotal) return null;
  return (
    <div className="cell-sub" data-testid="suppressed-note">
      <span className="suppressed-note-part">{formatCount(list.suppressedTotal)} suppressed</span>
      <span className="suppressed-note-part">
        <span className="suppressed-note-dot"> · </span>
        {formatCount(list.toPinterest)} to Pinterest
      </span>
    </div>
  );
}
