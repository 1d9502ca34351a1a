import { useRef, useState, type FormEvent } from 'react';
import type { OutputOf, StagedFileInfo } from '../../../../shared/contract/index.js';
import { IDENTIFIER_KINDS, KIND_LABEL, REJECT_REASON_LABEL, type ColumnKind, type IdentifierKind } from '../../../../shared/identifiers.js';
import { useDropHandler } from '../../app/DropTarget.js';
import { hrefFor } from '../../app/router.js';
import { importSummaryOf } from '../../app/job-results.js';
import { progressCount, progressPace } from '../../app/job-text.js';
import { useJob, useJobFinished } from '../../app/jobs.js';
import { useServices } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { useResource } from '../../app/useResource.js';
import type { AffectedList } from '../../../../shared/contract/index.js';
import { formatAdded, formatBytes, formatCount, formatRelative, formatRemoved, plural } from '../../lib/format.js';
import { Alert, Button, Card, ChoiceCards, ErrorAlert, PageHeader, ProgressBar, Select, Spinner, Stat, StatGrid, TextField } from '../../ui/index.js';
import { errorMessage } from '../../ui/Alert.js';
import { KIND_SHORT, Loading } from '../common.js';
import { ColumnMapping } from '../import/ColumnsStep.js';
import { appWording, countPreview, identifierColumns, overridesFor } from '../import/preview-logic.js';
import { usePreview } from '../import/usePreview.js';
import { LookupBox } from '../list/LookupBox.js';

type SuppressionMode = 'add' | 'replace' | 'remove';

/** The global opt-out list: its size, importing opt-out files, and removing one person. */
export function SuppressionScreen() {
  const { client } = useServices();
  const summary = useResource(() => client.call('suppression.summary', {}), []);
  useJobFinished((job) => {
    if (job.kind === 'suppress' && job.state === 'succeeded') summary.reload();
  });
  const data = summary.data;

  return (
    <>
      <PageHeader
        title="Suppression list"
        description="People who opted out. They are never uploaded, and the next sync of every list removes them from Pinterest."
      />
      <div className="stack-lg">
        <ErrorAlert error={summary.error} title="Could not load the suppression list" />
        {data === undefined ? (
          !summary.error && <Loading />
        ) : (
          <Card>
            <StatGrid label="Suppressed people per kind" className="stat-grid-wide">
              <Stat size="lg" label="Suppressed" value={formatCount(data.total)} data-testid="suppression-total" />
              {IDENTIFIER_KINDS.map((kind) => (
                <Stat key={kind} label={KIND_SHORT[kind]} value={formatCount(data.members[kind])} tone={data.members[kind] === 0 ? 'muted' : 'default'} />
              ))}
            </StatGrid>
            <p className="small muted stat-footnote">
              {data.lastImport
                ? `Last import: ${data.lastImport.fileName}, ${formatRelative(data.lastImport.at)} (${formatAdded(data.lastImport.added)}, ${formatRemoved(data.lastImport.removed)}).`
                : 'Nothing imported yet.'}
            </p>
          </Card>
        )}
        <SuppressionImport />
        <div className="grid-2">
          <RemoveEntry onRemoved={summary.reload} />
          {data?.listId ? (
            <Card title="Is this person suppressed?">
              <LookupBox listId={data.listId} defaultKind="email" subject="suppression" />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

function SuppressionImport() {
  const { client, surface, stageFile } = useServices();
  const [file, setFile] = useState<StagedFileInfo | null>(null);
  const [staging, setStaging] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const take = async (picked: File) => {
    setError(null);
    setJobId(null);
    setStaging(picked.name);
    try {
      setFile(await stageFile(picked));
    } catch (failure) {
      setError(failure);
    } finally {
      setStaging(null);
    }
  };

  useDropHandler({ title: 'Drop to add opt-outs', text: 'The file’s people join the suppression list. You check the columns first.', onFile: (picked) => void take(picked) });

  const choose = async () => {
    setError(null);
    if (surface === 'browser') {
      inputRef.current?.click();
      return;
    }
    try {
      const staged = await client.call('files.pick', {});
      if (staged) {
        setJobId(null);
        setFile(staged);
      }
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Card title="Import opt-outs" description="A file of emails or ad IDs of people who unsubscribed or asked not to be targeted.">
      <div className="stack">
        <ErrorAlert error={error} title="That file could not be opened" />
        {jobId ? (
          <SuppressionJob jobId={jobId} onDone={() => { setJobId(null); setFile(null); }} />
        ) : staging ? (
          <div className="staging" role="status">
            <Spinner size={18} />
            <p>Opening {staging}…</p>
          </div>
        ) : file ? (
          <SuppressionFile file={file} onCancel={() => setFile(null)} onStarted={setJobId} />
        ) : (
          <div className="file-drop file-drop-compact">
            <p className="muted">Drop a file anywhere on this screen, or</p>
            <Button icon="file" onClick={() => void choose()}>
              Choose file…
            </Button>
            <input
              ref={inputRef}
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              aria-label="Choose an opt-out file"
              accept=".csv,.tsv,.txt,.xlsx"
              onChange={(event) => {
                const picked = event.target.files?.[0];
                event.target.value = '';
                if (picked) void take(picked);
              }}
            />
          </div>
        )}
      </div>
    </Card>
  );
}

function SuppressionFile({ file, onCancel, onStarted }: { file: StagedFileInfo; onCancel(): void; onStarted(jobId: string): void }) {
  const { client } = useServices();
  const [choices, setChoices] = useState<Record<number, ColumnKind>>({});
  const [mode, setMode] = useState<SuppressionMode>('add');
  const { run, busy, error } = useAction();
  const { preview, loading, error: previewError } = usePreview(file, choices, null, null);
  const mapped = preview ? identifierColumns(preview) : [];
  const counts = preview ? countPreview(preview) : null;

  const start = () =>
    run(async () => {
      const overrides = overridesFor(choices);
      const { jobId } = await client.call('suppression.start', { fileId: file.fileId, mode, ...(overrides.length > 0 ? { overrides } : {}) });
      onStarted(jobId);
    });

  return (
    <div className="stack">
      <p>
        <strong>{file.name}</strong> <span className="muted">({formatBytes(file.size)})</span>
      </p>
      <ErrorAlert error={previewError} title="Pinlist could not read this file" />
      {preview?.warnings.map((warning) => (
        <Alert key={warning} tone="warning">
          {appWording(warning)}
        </Alert>
      ))}
      {preview && <ColumnMapping preview={preview} onKind={(index, kind) => setChoices((current) => ({ ...current, [index]: kind }))} />}
      {counts && (
        <p className="small muted num" aria-live="polite">
          {loading ? 'Updating…' : `In the first ${formatCount(preview!.rows.length)} rows: ${formatCount(counts.valid)} valid, ${formatCount(counts.duplicate)} duplicates, ${formatCount(counts.rejected)} rejected.`}
        </p>
      )}
      <ChoiceCards<SuppressionMode>
        legend="Mode"
        name="suppression-mode"
        columns={3}
        value={mode}
        onChange={setMode}
        options={[
          { value: 'add', label: 'Add', description: 'These people join the suppression list.' },
          { value: 'replace', label: 'Replace', description: 'The suppression list becomes exactly this file.' },
          { value: 'remove', label: 'Remove', description: 'These people leave the suppression list.' },
        ]}
      />
      <ErrorAlert error={error} title="The import did not start" />
      <div className="wizard-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" icon="shield" busy={busy} disabled={!preview || mapped.length === 0 || loading} onClick={() => void start()}>
          Import opt-outs
        </Button>
      </div>
    </div>
  );
}

function SuppressionJob({ jobId, onDone }: { jobId: string; onDone(): void }) {
  const { client } = useServices();
  const job = useJob(jobId);
  const [cancelError, setCancelError] = useState<string | null>(null);
  if (!job || job.state === 'running') {
    const progress = job?.progress;
    return (
      <div className="stack-sm" data-testid="suppression-progress">
        <ProgressBar label="Suppression import progress" value={progress?.done ?? null} max={progress?.total ?? null} valueText={progress ? progressCount(progress) : 'Starting'} />
        <div className="row-between">
          <span className="num small">{progress ? progressCount(progress) : 'Starting…'}</span>
          <span className="num small muted">{progress ? progressPace(progress) : ''}</span>
        </div>
        {cancelError && <Alert tone="danger">{cancelError}</Alert>}
        <div className="row">
          <Button
            size="sm"
            icon="stop"
            onClick={() => client.call('jobs.cancel', { jobId }).catch((error: unknown) => setCancelError(errorMessage(error)))}
          >
            Cancel
          </Button>
        </div>
      </div>
    );
  }
  const summary = importSummaryOf(job);
  return (
    <div className="stack-sm">
      {job.state === 'succeeded' ? (
        <Alert tone="success" title="Suppression list updated">
          {summary
            ? `${formatAdded(summary.added)} added, ${formatRemoved(summary.removed)} removed; ${plural(summary.rejected, 'row')} rejected, ${plural(summary.duplicates, 'duplicate')}.`
            : 'Done.'}
          {summary?.affectedLists && <AffectedLists lists={summary.affectedLists} />}
        </Alert>
      ) : job.state === 'cancelled' ? (
        <Alert tone="info">Cancelled: the suppression list is unchanged.</Alert>
      ) : (
        <ErrorAlert error={job.error} title="The import stopped; the suppression list is unchanged" />
      )}
      <div className="row">
        <Button size="sm" onClick={onDone}>
          Import another file
        </Button>
      </div>
    </div>
  );
}

type RemoveResult = OutputOf<'suppression.remove'>;

function RemoveEntry({ onRemoved }: { onRemoved(): void }) {
  const { client } = useServices();
  const [kind, setKind] = useState<IdentifierKind>('email');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<RemoveResult | null>(null);
  const { run, busy, error } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      // A failure hides the previous answer, which may be about another value.
      const answer = await client.call('suppression.remove', { kind, value }).catch((failure: unknown) => {
        setResult(null);
        throw failure;
      });
      setResult(answer);
      if ('removed' in answer && answer.removed) {
        setValue('');
        onRemoved();
      }
    });
  };
  return (
    <Card title="Remove someone" description="If a person opted back in, take them off the suppression list. The next sync can upload them again.">
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <div className="lookup-fields">
          <Select<IdentifierKind> label="Kind" value={kind} options={IDENTIFIER_KINDS.map((option) => ({ value: option, label: KIND_LABEL[option] }))} onChange={setKind} />
          <TextField className="lookup-value" label="Email or ad ID to remove" value={value} autoComplete="off" spellCheck={false} onChange={(event) => setValue(event.target.value)} />
          <Button type="submit" busy={busy} disabled={!value.trim()}>
            Remove
          </Button>
        </div>
        <div aria-live="polite">
          {result &&
            ('rejected' in result ? (
              <Alert tone="warning">Not a valid value for this kind: {REJECT_REASON_LABEL[result.rejected]}.</Alert>
            ) : result.removed ? (
              <Alert tone="success" title="Removed from the suppression list">
                {result.total === 1 ? '1 person remains suppressed.' : `${formatCount(result.total)} people remain suppressed.`}
              </Alert>
            ) : (
              <Alert tone="info">That person was not on the suppression list.</Alert>
            ))}
        </div>
        <ErrorAlert error={error} title="Could not remove" />
      </form>
    </Card>
  );
}


/** Which audience lists the new opt-outs are in, and that the next sync takes them off Pinterest. */
export function AffectedLists({ lists }: { lists: readonly AffectedList[] }) {
  if (lists.length === 0) return <p data-testid="affected-lists">None of your lists has these people, so no sync changes.</p>;
  const onPinterest = lists.reduce((sum, list) => sum + list.onPinterest, 0);
  return (
    <div data-testid="affected-lists">
      <p>
        {lists.length === 1 ? 'One list has' : `${formatCount(lists.length)} lists have`} members who are now suppressed. They are never uploaded
        {onPinterest > 0 ? `, and the next sync removes the ${formatCount(onPinterest)} already on Pinterest.` : '.'}
      </p>
      <ul className="cause-list">
        {lists.map((list) => (
          <li key={list.listId}>
            <a href={hrefFor({ name: 'list', listId: list.listId, tab: 'members' })}>{list.name}</a>: {plural(list.total, 'member')} suppressed
            {list.onPinterest > 0 ? `, ${formatCount(list.onPinterest)} of them on Pinterest now` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
