import { useState } from 'react';
import type { ListDetail } from '../../../../shared/contract/lists.js';
import { REJECT_REASON_LABEL } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { useExport } from '../../app/useExport.js';
import { useResource } from '../../app/useResource.js';
import { formatCount, formatDateTime, plural } from '../../lib/format.js';
import { Button, Card, Dialog, EmptyState, ErrorAlert, Select, useToast } from '../../ui/index.js';
import { Loading } from '../common.js';

const PAGE = 100;

/** The rejected rows with their raw values (to fix the source file), their CSV, and Purge. */
export function RejectsPanel({ list, onPurged }: { list: ListDetail; onPurged(): void }) {
  const client = useClient();
  const toast = useToast();
  const exporter = useExport();
  // The newest import's rejects first: those are the ones to fix now. 'all' shows every import.
  const [importId, setImportId] = useState<number | 'all' | null>(null);
  const [offset, setOffset] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const { run, busy: purging, error: purgeError } = useAction();
  const withRejectsIds = list.imports.filter((record) => record.rejectsStored > 0).map((record) => record.id);
  const latestWithRejects = withRejectsIds.length > 0 ? Math.max(...withRejectsIds) : null;
  const shown: number | 'all' = importId ?? latestWithRejects ?? 'all';
  const page = useResource(
    () => client.call('lists.rejects', { listId: list.id, offset, limit: PAGE, ...(shown !== 'all' ? { importId: shown } : {}) }),
    [list.id, shown, offset, list.rejectsStored],
  );

  if (list.rejectsStored === 0) {
    const everRejected = list.imports.some((record) => record.rejected > 0);
    return (
      <Card>
        <EmptyState compact icon="check" title={everRejected ? 'Rejected rows were purged' : 'No rejected rows'}>
          {everRejected ? 'The counts stay in the import history; the raw values are gone.' : 'Every row of every import was valid, a duplicate or suppressed.'}
        </EmptyState>
      </Card>
    );
  }

  const withRejects = list.imports.filter((record) => record.rejectsStored > 0);
  const total = page.data?.total ?? 0;
  const extraColumn = page.data?.extraColumn ?? null;

  const purge = () =>
    run(async () => {
      const { purged } = await client.call('lists.purgeRejects', { listId: list.id });
      setConfirming(false);
      toast({ tone: 'success', title: 'Rejected rows purged', message: `${formatCount(purged)} raw values deleted.` });
      onPurged();
    });

  return (
    <Card
      padded={false}
      title="Rejected rows"
      description={`${plural(list.rejectsStored, 'row')} kept with their raw values, so you can fix the source file.`}
      actions={
        <>
          <Button
            size="sm"
            icon="download"
            busy={exporter.busy !== null}
            onClick={() => void exporter.run('Rejects CSV', () => client.call('lists.exportRejects', { listId: list.id, ...(shown !== 'all' ? { importId: shown } : {}) }))}
          >
            Save as CSV
          </Button>
          <Button size="sm" variant="ghost" icon="trash" onClick={() => setConfirming(true)}>
            Purge…
          </Button>
        </>
      }
    >
      <div className="panel-toolbar">
        <Select
          label="Import"
          size="sm"
          value={String(shown)}
          options={[
            ...withRejects.map((record) => ({
              value: String(record.id),
              label: `${record.id === latestWithRejects ? 'Latest: ' : ''}${record.fileName} · ${formatDateTime(record.at)} (${formatCount(record.rejectsStored)})`,
            })),
            { value: 'all', label: 'All imports' },
          ]}
          onChange={(value) => {
            setImportId(value === 'all' ? 'all' : Number(value));
            setOffset(0);
          }}
        />
      </div>
      <ErrorAlert error={page.error} title="Could not load the rejected rows" />
      {page.data === undefined ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table table-dense">
            <caption className="visually-hidden">Rejected rows</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Import
                </th>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Column</th>
                <th scope="col">Reason</th>
                <th scope="col">Raw value</th>
                {extraColumn && <th scope="col">{extraColumn}</th>}
              </tr>
            </thead>
            <tbody>
              {page.data.rows.map((row) => (
                <tr key={`${row.importId}:${row.rowNumber}:${row.column}`}>
                  <td className="num">#{row.importId}</td>
                  <td className="num">{formatCount(row.rowNumber)}</td>
                  <td>{row.column}</td>
                  <td>{row.reasonLabel || REJECT_REASON_LABEL[row.reason]}</td>
                  <td className="mono raw-cell" title={row.rawValue}>
                    {row.rawValue === '' ? <span className="muted">(empty)</span> : row.rawValue}
                  </td>
                  {extraColumn && <td className="raw-cell" title={row.extra ?? ''}>{row.extra ?? <span className="muted">—</span>}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <span className="small muted num" aria-live="polite">
          {total === 0 ? 'None' : `${formatCount(offset + 1)}–${formatCount(Math.min(total, offset + PAGE))} of ${formatCount(total)}`}
        </span>
        <div className="row">
          <Button size="sm" icon="chevronLeft" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </Button>
        </div>
      </div>
      <Dialog
        open={confirming}
        tone="danger"
        title="Purge the rejected rows?"
        description={`This deletes the ${formatCount(list.rejectsStored)} rejected rows of “${list.name}” and their raw values. The import history keeps its counts. It cannot be undone.`}
        onClose={() => setConfirming(false)}
        dismissable={!purging}
        footer={
          <>
            <Button onClick={() => setConfirming(false)} disabled={purging}>
              Keep them
            </Button>
            <Button variant="danger" busy={purging} onClick={() => void purge()}>
              Purge {plural(list.rejectsStored, 'row')}
            </Button>
          </>
        }
      >
        <ErrorAlert error={purgeError} title="Could not purge" />
      </Dialog>
    </Card>
  );
}
