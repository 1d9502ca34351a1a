import { useEffect, useState } from 'react';
import type { ImportSummary } from '../../../../shared/contract/index.js';
import { IDENTIFIER_KINDS, REJECT_REASON_LABEL, REJECT_REASONS } from '../../../../shared/identifiers.js';
import { useImportDraft } from '../../app/import-draft.js';
import { importSummaryOf } from '../../app/job-results.js';
import { progressCount, progressPace } from '../../app/job-text.js';
import { useJob } from '../../app/jobs.js';
import { hrefFor, navigate } from '../../app/router.js';
import { useClient } from '../../app/services.js';
import { useExport } from '../../app/useExport.js';
import { formatAdded, formatCount, formatRemoved } from '../../lib/format.js';
import { Alert, BarChart, Button, Card, ErrorAlert, ProgressBar, Stat, StatGrid } from '../../ui/index.js';
import { errorMessage } from '../../ui/Alert.js';
import { KIND_SHORT, Loading } from '../common.js';

/** Steps 4 and 5: the running import (with Cancel), then its summary. */
export function ImportRunStep() {
  const client = useClient();
  const { draft, update, beginNew } = useImportDraft();
  const job = useJob(draft.importJobId);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const listName = draft.target?.name.trim() ?? '';

  useEffect(() => {
    if (job?.state === 'succeeded' && draft.step !== 'done') update({ step: 'done' });
  }, [job?.state, draft.step, update]);

  if (!job) return <Loading label="Starting the import…" />;

  if (job.state === 'succeeded') {
    const summary = importSummaryOf(job);
    return summary ? <ImportSummaryView summary={summary} onAnother={() => beginNew()} /> : <Alert tone="success">The import finished.</Alert>;
  }

  if (job.state === 'cancelled') {
    return (
      <Card>
        <div className="stack">
          <Alert tone="info" title="Import cancelled">
            {draft.target?.type === 'existing' ? `${listName} is exactly as it was before.` : `No list was created.`} Nothing from this file was written.
          </Alert>
          <div className="wizard-actions">
            <Button onClick={() => update({ step: 'destination', importJobId: null })}>Back to the destination</Button>
            <Button variant="primary" onClick={() => beginNew()}>
              Import another file
            </Button>
          </div>
        </div>
      </Card>
    );
  }

  if (job.state === 'failed') {
    return (
      <div className="stack">
        <ErrorAlert error={job.error} title="The import stopped" />
        <p className="muted">The list was left exactly as it was before.</p>
        <div className="wizard-actions">
          <Button onClick={() => update({ step: 'columns', importJobId: null })}>Check the columns</Button>
          <Button variant="primary" onClick={() => update({ step: 'destination', importJobId: null })}>
            Try again
          </Button>
        </div>
      </div>
    );
  }

  const progress = job.progress;
  const pace = progress ? progressPace(progress) : null;
  return (
    <Card title={`Importing ${draft.file?.name ?? 'the file'} into ${listName}`} description="You can leave this screen: the import keeps going, and its progress stays in the sidebar.">
      <div className="stack" data-testid="import-progress">
        <ProgressBar
          label="Import progress"
          value={progress?.done ?? null}
          max={progress?.total ?? null}
          valueText={progress ? progressCount(progress) : 'Starting'}
        />
        <div className="row-between">
          <p className="num">{progress ? progressCount(progress) : 'Starting…'}</p>
          <p className="num muted">{pace ?? ''}</p>
        </div>
        {progress?.detail && <p className="small muted">{progress.detail}</p>}
        {cancelError !== null && <ErrorAlert error={cancelError} title="Could not cancel" />}
        <div className="wizard-actions">
          <span className="small muted">Cancelling leaves the list exactly as it was.</span>
          <Button
            variant="secondary"
            icon="stop"
            busy={cancelling}
            onClick={() => {
              setCancelling(true);
              client.call('jobs.cancel', { jobId: job.jobId }).then(
                () => undefined,
                (error: unknown) => {
                  setCancelError(errorMessage(error));
                  setCancelling(false);
                },
              );
            }}
          >
            Cancel import
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** Valid, duplicates, suppressed, rejected by reason (a chart), the change, and the rejects as CSV. */
export function ImportSummaryView({ summary, onAnother }: { summary: ImportSummary; onAnother?: () => void }) {
  const client = useClient();
  const exporter = useExport();
  const { listId } = summary;

  const reasons = REJECT_REASONS.filter((reason) => (summary.rejectReasons[reason] ?? 0) > 0).map((reason) => ({
    key: reason,
    label: REJECT_REASON_LABEL[reason],
    value: summary.rejectReasons[reason] ?? 0,
  }));

  return (
    <div className="stack-lg" data-testid="import-summary">
      <Alert tone="success" title={`Imported into ${summary.list}`}>
        {formatAdded(summary.added)} added, {formatRemoved(summary.removed)} removed. The list now has {formatCount(IDENTIFIER_KINDS.reduce((sum, kind) => sum + summary.members[kind], 0))} members.
        {summary.removedSuppressed > 0 && ` ${formatCount(summary.removedSuppressed)} of the removed were on the suppression list.`}
      </Alert>
      <Card title="Rows">
        <StatGrid label="Import counts">
          <Stat label="Rows read" value={formatCount(summary.rowsRead)} />
          <Stat label="Valid" value={formatCount(summary.valid)} tone="success" />
          <Stat label="Duplicates" value={formatCount(summary.duplicates)} tone="muted" />
          <Stat label="Suppressed" value={formatCount(summary.suppressed)} tone={summary.suppressed > 0 ? 'warning' : 'muted'} hint="Opted out: never uploaded" />
          <Stat label="Rejected" value={formatCount(summary.rejected)} tone={summary.rejected > 0 ? 'danger' : 'muted'} />
        </StatGrid>
      </Card>
      <div className="grid-2">
        <Card title="List after the import">
          <StatGrid label="List size per kind">
            <Stat label="Added" value={formatAdded(summary.added)} tone={summary.added > 0 ? 'success' : 'muted'} />
            <Stat label="Removed" value={formatRemoved(summary.removed)} tone={summary.removed > 0 ? 'danger' : 'muted'} />
            {IDENTIFIER_KINDS.filter((kind) => summary.members[kind] > 0).map((kind) => (
              <Stat key={kind} label={KIND_SHORT[kind]} value={formatCount(summary.members[kind])} />
            ))}
          </StatGrid>
        </Card>
        <Card
          title="Rejected rows"
          actions={
            summary.rejected > 0 && (
              <Button
                size="sm"
                icon="download"
                disabled={listId === null}
                busy={exporter.busy !== null}
                onClick={() => listId !== null && void exporter.run('Rejects CSV', () => client.call('lists.exportRejects', { listId, importId: summary.importId }))}
              >
                Save rejects as CSV
              </Button>
            )
          }
        >
          {summary.rejected === 0 ? <p className="muted">No row was rejected.</p> : <BarChart title="Rejected by reason" data={reasons} tone="danger" categoryLabel="Reason" valueLabel="Rows" />}
        </Card>
      </div>
      <div className="wizard-actions">
        {onAnother && <Button onClick={onAnother}>Import another file</Button>}
        <Button
          variant="primary"
          disabled={listId === null}
          onClick={() => listId !== null && navigate({ name: 'list', listId, tab: 'members' })}
        >
          Open {summary.list}
        </Button>
      </div>
      {listId !== null && (
        <p className="small muted align-end">
          Next: <a href={hrefFor({ name: 'sync', listId })}>sync it to Pinterest</a>.
        </p>
      )}
    </div>
  );
}
