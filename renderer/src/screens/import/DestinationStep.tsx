import { useEffect, useRef, useState } from 'react';
import type { ImportMode, ImportPlan } from '../../../../shared/contract/index.js';
import { IDENTIFIER_KINDS } from '../../../../shared/identifiers.js';
import { useImportDraft, type ImportTarget } from '../../app/import-draft.js';
import { importPlanOf } from '../../app/job-results.js';
import { progressCount, progressPace } from '../../app/job-text.js';
import { useJob } from '../../app/jobs.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { useResource } from '../../app/useResource.js';
import { formatCount, formatDelta, plural } from '../../lib/format.js';
import { Alert, Button, Card, ChoiceCards, ErrorAlert, ProgressBar, Select, TextField } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { overridesFor } from './preview-logic.js';

const MODE_OPTIONS: readonly { value: ImportMode; label: string; description: string }[] = [
  { value: 'replace', label: 'Replace', description: 'The list becomes exactly the valid members of this file. Members not in the file are removed.' },
  { value: 'add', label: 'Add', description: 'Adds this file’s members to the list. Nobody is removed.' },
  { value: 'remove', label: 'Remove', description: 'Removes this file’s members from the list. Nobody is added.' },
];

const PLAN_DELAY_MS = 400;

/** Step 3: which list, which mode, and what exactly that will change (an `import.plan` job). */
export function DestinationStep() {
  const client = useClient();
  const { draft, update } = useImportDraft();
  const lists = useResource(() => client.call('lists.list', {}), []);
  const { run, busy: starting, error: startError } = useAction();
  const [planError, setPlanError] = useState<unknown>(null);
  const [replan, setReplan] = useState(0);
  const target = draft.target ?? { type: 'new' as const, name: '' };
  const listName = target.name.trim();
  const existingWithName = target.type === 'new' ? lists.data?.find((list) => list.name.toLowerCase() === listName.toLowerCase()) : undefined;
  const nameError = target.type === 'new' && listName.length === 0 ? 'Give the new list a name.' : null;
  const mode: ImportMode = target.type === 'new' ? 'replace' : draft.mode;
  const file = draft.file;
  const ready = Boolean(file) && !nameError && !existingWithName;

  // The effect is worked out by a plan job that reads the whole file, whenever the choices settle.
  // The rejects' extra column is one of them: the import commits the plan's staged result only when
  // it was read with the same choices, so a plan without the column would make Import read again.
  const planKey = JSON.stringify([file?.fileId, target.type, listName, mode, draft.overrides, draft.sheet, draft.encoding, draft.rejectsExtraColumn]);
  const draftRef = useRef(draft);
  useEffect(() => {
    draftRef.current = draft;
  });
  useEffect(() => {
    if (!ready || !file) return;
    const known = draftRef.current;
    // Coming back to this step with the same choices: keep the plan already made (or running).
    if (known.planKey === planKey && known.planJobId) return;
    // A plan for choices the user has since changed is no use: stop it reading the file.
    if (known.planJobId) void client.call('jobs.cancel', { jobId: known.planJobId }).catch(() => undefined);
    update({ planJobId: null, planKey });
    setPlanError(null);
    let stale = false;
    const timer = setTimeout(() => {
      const overrides = overridesFor(known.overrides);
      client
        .call('import.plan', {
          fileId: file.fileId,
          listName,
          mode,
          ...(overrides.length > 0 ? { overrides } : {}),
          ...(known.sheet ? { sheet: known.sheet } : {}),
          ...(known.encoding ? { encoding: known.encoding } : {}),
          ...(known.rejectsExtraColumn ? { rejectsExtraColumn: known.rejectsExtraColumn } : {}),
        })
        .then(
          ({ jobId }) => {
            if (stale) void client.call('jobs.cancel', { jobId }).catch(() => undefined);
            else update({ planJobId: jobId });
          },
          (error: unknown) => {
            if (!stale) setPlanError(error);
          },
        );
    }, PLAN_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // planKey stands for every choice the plan depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planKey, ready, replan]);

  const planJob = useJob(draft.planKey === planKey ? draft.planJobId : null);
  const plan = importPlanOf(planJob);

  const setTarget = (next: ImportTarget) => update({ target: next });

  const start = async () => {
    if (!file || !ready) return;
    await run(async () => {
      const overrides = overridesFor(draft.overrides);
      const { jobId } = await client.call('import.start', {
        fileId: file.fileId,
        listName,
        mode,
        ...(overrides.length > 0 ? { overrides } : {}),
        ...(draft.sheet ? { sheet: draft.sheet } : {}),
        ...(draft.encoding ? { encoding: draft.encoding } : {}),
        ...(draft.rejectsExtraColumn ? { rejectsExtraColumn: draft.rejectsExtraColumn } : {}),
      });
      if (draft.planJobId && planJob?.state === 'running') void client.call('jobs.cancel', { jobId: draft.planJobId }).catch(() => undefined);
      update({ step: 'importing', importJobId: jobId, mode });
    });
  };

  const audienceLists = lists.data ?? [];
  // Columns that are not identifiers, as the plan (or the first preview) read them.
  const fileColumns = plan?.columns ?? draft.firstPreview?.columns ?? [];
  const extraOptions = fileColumns
    .filter((column) => column.kind === 'ignore' && !(column.index in draft.overrides && draft.overrides[column.index] !== 'ignore'))
    .map((column) => ({ value: String(column.index + 1), label: column.name }));
  const planRunning = planJob?.state === 'running' || (ready && !planJob && !planError);

  return (
    <div className="stack-lg">
      <Card title="Destination">
        <div className="stack">
          <ChoiceCards
            legend="Import into"
            name="target"
            columns={2}
            value={target.type}
            onChange={(type) => {
              if (type === 'new') setTarget({ type: 'new', name: target.type === 'new' ? target.name : '' });
              else {
                const first = audienceLists[0];
                if (first) setTarget({ type: 'existing', listId: first.id, name: first.name });
              }
            }}
            options={[
              { value: 'new', label: 'A new list', description: 'Created with this file’s valid members.' },
              {
                value: 'existing',
                label: 'An existing list',
                description: audienceLists.length > 0 ? 'Replace its members, add to them or remove some.' : 'You have no lists yet.',
                disabled: audienceLists.length === 0,
              },
            ]}
          />
          {target.type === 'new' ? (
            <TextField
              label="Name of the new list"
              value={target.name}
              maxLength={200}
              onChange={(event) => setTarget({ type: 'new', name: event.target.value })}
              error={nameError ?? (existingWithName ? `A list named “${existingWithName.name}” already exists. Choose “An existing list” to import into it, or pick another name.` : null)}
            />
          ) : (
            <Select
              label="List"
              value={String(target.listId)}
              options={audienceLists.map((list) => ({
                value: String(list.id),
                label: `${list.name} (${formatCount(list.total)} members${list.suppressedTotal > 0 ? `, ${formatCount(list.suppressedTotal)} suppressed` : ''})`,
              }))}
              onChange={(value) => {
                const chosen = audienceLists.find((list) => String(list.id) === value);
                if (chosen) setTarget({ type: 'existing', listId: chosen.id, name: chosen.name });
              }}
            />
          )}
          {target.type === 'existing' && (
            <ChoiceCards legend="Mode" name="mode" columns={3} value={mode} onChange={(value) => update({ mode: value })} options={MODE_OPTIONS} />
          )}
          {extraOptions.length > 0 && (
            <Select
              label="Keep beside rejected rows"
              hint="A column such as a customer ID, so a rejected row can be found in the source system. Stored with the rejected rows only."
              value={draft.rejectsExtraColumn ?? ''}
              options={[{ value: '', label: 'No extra column' }, ...extraOptions]}
              onChange={(value) => update({ rejectsExtraColumn: value || null })}
            />
          )}
        </div>
      </Card>

      <Card title="What will happen" description="Worked out from the whole file. Nothing has been written yet." aria-label="Effect of the import">
        {!ready ? (
          <p className="muted">Choose a destination to see the effect.</p>
        ) : planError ? (
          <ErrorAlert error={planError} title="Could not work out the effect" />
        ) : planJob?.state === 'failed' ? (
          <ErrorAlert error={planJob.error} title="Could not work out the effect" />
        ) : plan ? (
          <PlanEffect plan={plan} />
        ) : planJob?.state === 'cancelled' ? (
          <p className="muted">
            Stopped before it finished.{' '}
            <button type="button" className="link-button" onClick={() => {
                update({ planJobId: null, planKey: null });
                setReplan((count) => count + 1);
              }}>
              Work it out again
            </button>
          </p>
        ) : planRunning ? (
          <div className="stack-sm" role="status">
            <p>Reading the whole file to count the changes…</p>
            <ProgressBar
              label="Working out the effect"
              value={planJob?.progress?.done ?? null}
              max={planJob?.progress?.total ?? null}
              valueText={planJob?.progress ? progressCount(planJob.progress) : undefined}
            />
            {planJob?.progress && (
              <p className="small muted num">{[progressCount(planJob.progress), progressPace(planJob.progress), planJob.progress.phase === 'saving' ? planJob.progress.detail : null].filter(Boolean).join(' · ')}</p>
            )}
          </div>
        ) : (
          <p className="muted">The effect could not be worked out. You can still import.</p>
        )}
      </Card>

      <ErrorAlert error={startError} title="The import did not start" />
      <div className="wizard-actions">
        <Button onClick={() => update({ step: 'columns' })}>Back</Button>
        <Button variant="primary" icon="upload" disabled={!ready} busy={starting} onClick={() => void start()}>
          {plan ? `Import into ${listName}` : 'Import'}
        </Button>
      </div>
      {ready && !plan && planRunning && <p className="small muted align-end">You can import now, without waiting for the counts.</p>}
    </div>
  );
}

/** "Adds 1,204, removes 87; 12 suppressed, 31 rejected", and the size per kind before → after. */
export function PlanEffect({ plan }: { plan: ImportPlan }) {
  const kinds = IDENTIFIER_KINDS.filter((kind) => plan.membersBefore[kind] > 0 || plan.membersAfter[kind] > 0);
  return (
    <div className="stack" data-testid="import-effect">
      <p className="effect-sentence">
        {plan.listExists ? '' : `Creates “${plan.list}”: `}
        <strong className={plan.added > 0 ? 'delta-plus' : undefined}>{plan.listExists ? 'Adds' : 'adds'} {formatCount(plan.added)}</strong>,{' '}
        <strong className={plan.removed > 0 ? 'delta-minus' : undefined}>removes {formatCount(plan.removed)}</strong>
        {`; ${formatCount(plan.suppressed)} suppressed, ${formatCount(plan.rejected)} rejected, ${formatCount(plan.duplicates)} duplicates.`}
      </p>
      {plan.removed > 0 && plan.mode === 'replace' && (
        <Alert tone="warning" title={`Replace removes ${formatCount(plan.removed)} ${plan.removed === 1 ? 'member' : 'members'}`}>
          <ReplaceCauses plan={plan} />
        </Alert>
      )}
      <div className="table-wrap">
        <table className="table table-dense">
          <caption className="visually-hidden">List size before and after</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Now
              </th>
              <th scope="col" className="num">
                After
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <tr key={kind}>
                <th scope="row">{KIND_SHORT[kind]}</th>
                <td className="num">{formatCount(plan.membersBefore[kind])}</td>
                <td className="num">{formatCount(plan.membersAfter[kind])}</td>
                <td className="num">{formatDelta(plan.membersAfter[kind] - plan.membersBefore[kind])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Why a replace removes people: those not in this file, and those who are on the suppression
 * list. Named apart, so a suppressed person is not mistaken for one missing from the file.
 */
export function ReplaceCauses({ plan }: { plan: Pick<ImportPlan, 'removed' | 'removedNotInFile' | 'removedSuppressed'> }) {
  const known = plan.removedNotInFile + plan.removedSuppressed === plan.removed;
  if (!known) return <>They are not in this file. Choose “Add” if you meant to keep them.</>;
  return (
    <ul className="cause-list" data-testid="replace-causes">
      {plan.removedNotInFile > 0 && <li>{plural(plan.removedNotInFile, 'member')} not in this file. Choose “Add” if you meant to keep them.</li>}
      {plan.removedSuppressed > 0 && <li>{plural(plan.removedSuppressed, 'member')} on the suppression list, who are never sent to Pinterest.</li>}
    </ul>
  );
}
