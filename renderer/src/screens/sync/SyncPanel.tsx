import { useEffect, useRef, useState } from 'react';
import type { AdAccountSummary, InputOf, RemoteCustomerList, SyncReport, SyncTarget } from '../../../../shared/contract/index.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../../shared/identifiers.js';
import { syncReportOf } from '../../app/job-results.js';
import { useJob, useJobFinished, useJobs } from '../../app/jobs.js';
import { useClient } from '../../app/services.js';
import { useSettings } from '../../app/settings.js';
import { useAction } from '../../app/useAction.js';
import { useResource } from '../../app/useResource.js';
import { formatAdded, formatCount, formatDuration, formatRemoved, plural } from '../../lib/format.js';
import { Alert, Button, Card, ChoiceCards, ErrorAlert, ProgressBar, Select, TextField } from '../../ui/index.js';
import { errorMessage } from '../../ui/Alert.js';
import { KIND_SHORT, Loading } from '../common.js';
import { useWaitCountdown } from './rate-limit.js';
import { ShrinkGuardDialog } from './ShrinkGuardDialog.js';
import { SyncReportView } from './SyncReportView.js';

type AdoptChoice = { mode: 'new' } | { mode: 'adopt'; id: string };
type SyncOptions = InputOf<'sync.plan'>;

const PHASE_LABEL: Record<string, string> = {
  planning: 'Working out the changes',
  creating: 'Creating customer lists',
  adding: 'Adding members',
  removing: 'Removing members',
  audiences: 'Creating audiences',
  finishing: 'Finishing',
};

/**
 * One list → one ad account: choose where, dry-run first, confirm a big shrink, sync with live
 * progress, and read the result.
 */
export function SyncPanel({ listId, onSynced }: { listId: number; onSynced(): void }) {
  const client = useClient();
  const { settings } = useSettings();
  const list = useResource(() => client.call('lists.get', { listId }), [listId]);
  const accounts = useResource(() => client.call('pinterest.adAccounts', {}), []);
  const targets = useResource(() => client.call('sync.targets', { listId }), [listId]);
  const [chosenAccount, setChosenAccount] = useState<string | null>(null);
  const [adopt, setAdopt] = useState<Partial<Record<IdentifierKind, AdoptChoice>>>({});
  const [plan, setPlan] = useState<{ key: string; report: SyncReport } | null>(null);
  const { run: runPlan, busy: planning, error: planError } = useAction();
  const [confirming, setConfirming] = useState(false);
  const { run: runStart, busy: starting, error: startError } = useAction();
  const { remember, recall } = useJobs();
  const [jobId, setJobIdState] = useState<string | null>(() => recall(`sync:${listId}`));
  const job = useJob(jobId);

  const setJobId = (id: string | null) => {
    remember(`sync:${listId}`, id);
    setJobIdState(id);
  };

  // A sync of this list started elsewhere (the CLI, another window, before a reload): follow it.
  useEffect(() => {
    if (jobId) return;
    let live = true;
    client.call('sync.history', { listId, limit: 1 }).then(
      (runs) => {
        const run = runs[0];
        if (live && run?.state === 'running' && run.jobId) {
          remember(`sync:${listId}`, run.jobId);
          setJobIdState(run.jobId);
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, listId, jobId, remember]);

  useJobFinished((finished) => {
    if (finished.jobId !== jobId) return;
    // What Pinterest holds has changed: the dry run no longer describes the next sync.
    setPlan(null);
    targets.reload();
    onSynced();
  });

  const accountList = accounts.data ?? [];
  const knownTargets = targets.data ?? [];
  const adAccountId = chosenAccount ?? defaultAdAccount(accountList, list.data?.adAccountId ?? null, knownTargets);
  const chooseAccount = (value: string) => {
    setChosenAccount(value);
    // Remembered for this list, so the next visit (or another window) starts from the same choice.
    void client.call('lists.setAdAccount', { listId, adAccountId: value }).catch(() => undefined);
  };
  const adopting = Object.values(adopt).some((choice) => choice?.mode === 'adopt');
  const customerLists = useResource<RemoteCustomerList[] | null>(
    () => (adAccountId && adopting ? client.call('sync.customerLists', { adAccountId }) : Promise.resolve(null)),
    [adAccountId, adopting],
  );
  const reportRef = useRef<HTMLDivElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const kinds = list.data ? IDENTIFIER_KINDS.filter((kind) => list.data!.members[kind] > 0) : [];
  const targetFor = (kind: IdentifierKind): SyncTarget | undefined => knownTargets.find((target) => target.kind === kind && target.adAccountId === adAccountId);

  const adoptIds: Partial<Record<IdentifierKind, string>> = {};
  let adoptInvalid = false;
  for (const kind of kinds) {
    const choice = adopt[kind];
    if (targetFor(kind) || choice?.mode !== 'adopt') continue;
    if (/^\d{1,32}$/.test(choice.id.trim())) adoptIds[kind] = choice.id.trim();
    else adoptInvalid = true;
  }
  const options: SyncOptions | null = adAccountId && !adoptInvalid ? { listId, adAccountId, ...(Object.keys(adoptIds).length > 0 ? { adopt: adoptIds } : {}) } : null;
  const optionsKey = JSON.stringify(options);
  const currentPlan = plan && plan.key === optionsKey ? plan.report : null;
  const running = job?.state === 'running';

  const dryRun = async () => {
    if (!options) return;
    // A finished sync's result gives way to the new dry run.
    if (job && job.state !== 'running') setJobId(null);
    await runPlan(async () => {
      const report = await client.call('sync.plan', options).catch((failure: unknown) => {
        setAnnouncement('The dry run failed.');
        throw failure;
      });
      setPlan({ key: JSON.stringify(options), report });
      setAnnouncement(
        `Dry run done: ${formatAdded(report.added)} to add, ${formatRemoved(report.removed)} to remove, ${formatCount(report.suppressed)} suppressed.${report.needsConfirmation ? ' It removes more than your limits allow: you will be asked to confirm.' : ''}`,
      );
      // The report replaces the button's neighbourhood: take keyboard focus to it.
      requestAnimationFrame(() => reportRef.current?.focus());
    });
  };

  const startSync = async (allowShrink: boolean) => {
    if (!options) return;
    await runStart(async () => {
      // Started or not, the confirmation has been answered.
      try {
        const { jobId: started } = await client.call('sync.start', { ...options, ...(allowShrink ? { allowShrink: true } : {}) });
        setJobId(started);
      } finally {
        setConfirming(false);
      }
    });
  };

  const onSyncClick = () => {
    if (currentPlan?.needsConfirmation) setConfirming(true);
    else void startSync(false);
  };

  if (list.data === undefined) {
    return list.error ? <ErrorAlert error={list.error} title="Could not open the list" /> : <Loading />;
  }

  return (
    <div className="stack-lg">
      <Card title="Destination" description="Each kind of identifier goes to its own Pinterest customer list, with an audience on top of it.">
        <div className="stack">
          {accounts.error ? (
            <ErrorAlert error={accounts.error} title="Could not list your ad accounts" actions={<Button size="sm" onClick={accounts.reload}>Try again</Button>} />
          ) : accounts.data === undefined ? (
            <Loading label="Loading ad accounts…" />
          ) : accountList.length === 0 ? (
            <Alert tone="warning" title="No ad accounts">
              This Pinterest account has no ad account it can use. Create one in Pinterest Ads Manager, or connect an account that has access.
            </Alert>
          ) : (
            <AdAccountPicker accounts={accountList} value={adAccountId} onChange={chooseAccount} disabled={running} />
          )}
          {kinds.length === 0 ? (
            <Alert tone="info">This list has no members yet. Import a file into it first.</Alert>
          ) : (
            <div className="kind-targets">
              {kinds.map((kind) => (
                <KindTarget
                  key={kind}
                  kind={kind}
                  members={list.data!.members[kind]}
                  suppressed={list.data!.suppressed[kind]}
                  target={targetFor(kind)}
                  listName={list.data!.name}
                  choice={adopt[kind] ?? { mode: 'new' }}
                  onChoice={(choice) => setAdopt((current) => ({ ...current, [kind]: choice }))}
                  disabled={running}
                  customerLists={customerLists}
                  listId={listId}
                />
              ))}
            </div>
          )}
        </div>
      </Card>

      <Card
        title="Dry run"
        description="See exactly what a sync would send before it sends anything."
        actions={
          <Button variant={currentPlan ? 'secondary' : 'primary'} icon="beaker" busy={planning} disabled={!options || kinds.length === 0 || running} onClick={() => void dryRun()}>
            {currentPlan ? 'Dry run again' : 'Dry run'}
          </Button>
        }
      >
        <div className="stack">
          <p className="visually-hidden" role="status" aria-live="polite" data-testid="sync-announcement">
            {announcement}
          </p>
          <ErrorAlert error={planError} title="The dry run failed" />
          {currentPlan ? (
            <>
              <div ref={reportRef} tabIndex={-1} className="focus-target" aria-label="Dry run result">
                <SyncReportView report={currentPlan} />
              </div>
              {currentPlan.needsConfirmation && (
                <Alert tone="warning" title="This sync needs your confirmation">
                  It removes more than your limits allow ({formatCount(settings.shrinkThresholdPercent)}% of a list, or below {formatCount(settings.minimumListSize)} members). You will be asked to confirm.
                </Alert>
              )}
            </>
          ) : (
            !planError && (
              <p className="muted">
                {plan ? 'You changed the destination: run the dry run again.' : job && job.state !== 'running' ? 'Run a dry run to see what the next sync would send.' : 'Not run yet. A dry run reads from Pinterest but writes nothing.'}
              </p>
            )
          )}
          <ErrorAlert error={startError} title="The sync did not start" />
          <div className="wizard-actions">
            <span className="small muted">{currentPlan ? `${plural(currentPlan.requests, 'request')}, in batches of ${formatCount(settings.batchSize)}.` : 'Sync is available after a dry run.'}</span>
            <Button variant="primary" icon="sync" disabled={!currentPlan || running || kinds.length === 0} busy={starting && !confirming} onClick={onSyncClick}>
              Sync now
            </Button>
          </div>
        </div>
      </Card>

      {jobId && <SyncJobCard jobId={jobId} onDismiss={() => setJobId(null)} onRetry={() => void dryRun()} />}

      {currentPlan && (
        <ShrinkGuardDialog report={currentPlan} open={confirming} busy={starting} onCancel={() => setConfirming(false)} onConfirm={() => void startSync(true)} />
      )}
    </div>
  );
}

function KindTarget({
  kind,
  members,
  suppressed,
  target,
  listName,
  choice,
  onChoice,
  disabled,
  customerLists,
  listId,
}: {
  kind: IdentifierKind;
  members: number;
  suppressed: number;
  target: SyncTarget | undefined;
  listName: string;
  choice: AdoptChoice;
  onChoice(choice: AdoptChoice): void;
  disabled: boolean;
  customerLists: { data: RemoteCustomerList[] | null | undefined; error: unknown; loading: boolean; reload(): void };
  listId: number;
}) {
  if (target) {
    return (
      <div className="kind-target">
        <div className="kind-target-head">
          <span className="cell-strong">{KIND_SHORT[kind]}</span>
          <KindSize kind={kind} members={members} suppressed={suppressed} />
        </div>
        <p className="small">
          Syncs to <strong>{target.customerListName}</strong>
          {target.customerListId ? <span className="muted"> (ID {target.customerListId}{target.adopted ? ', adopted' : ''})</span> : <span className="muted"> (created on the next sync)</span>}
        </p>
      </div>
    );
  }
  return (
    <div className="kind-target">
      <div className="kind-target-head">
        <span className="cell-strong">{KIND_SHORT[kind]}</span>
        <KindSize kind={kind} members={members} suppressed={suppressed} />
      </div>
      <ChoiceCards
        legend={`${KIND_SHORT[kind]}: customer list`}
        hideLegend
        name={`target-${kind}`}
        columns={2}
        value={choice.mode}
        onChange={(mode) => onChoice(mode === 'new' ? { mode: 'new' } : { mode: 'adopt', id: choice.mode === 'adopt' ? choice.id : '' })}
        options={[
          { value: 'new', label: 'Create a new customer list', description: `Named after “${listName}”.`, disabled },
          { value: 'adopt', label: 'Use an existing customer list', description: 'One of this ad account’s customer lists.', disabled },
        ]}
      />
      {choice.mode === 'adopt' && customerLists.data && (
        <CustomerListPicker kind={kind} lists={customerLists.data} value={choice.id} listId={listId} disabled={disabled} onChange={(id) => onChoice({ mode: 'adopt', id })} />
      )}
      {choice.mode === 'adopt' && !customerLists.data && customerLists.loading && <Loading label="Loading the ad account’s customer lists…" />}
      {choice.mode === 'adopt' && customerLists.error !== null && customerLists.error !== undefined && (
        <ErrorAlert error={customerLists.error} title="Could not list the ad account’s customer lists" actions={<Button size="sm" onClick={customerLists.reload}>Try again</Button>} />
      )}
      {choice.mode === 'adopt' && !customerLists.data && !customerLists.loading && (
        <TextField
          label={`${KIND_SHORT[kind]}: customer list ID`}
          inputMode="numeric"
          value={choice.id}
          disabled={disabled}
          placeholder="e.g. 549755885175"
          error={choice.id.trim() && !/^\d{1,32}$/.test(choice.id.trim()) ? 'A Pinterest customer list ID is a number.' : null}
          onChange={(event) => onChoice({ mode: 'adopt', id: event.target.value })}
        />
      )}
    </div>
  );
}

/**
 * The ad account to start from: the one last chosen for this list, else the only one the list
 * already syncs to, else the only one there is. With several and no history, nobody is picked
 * for the user.
 */
export function defaultAdAccount(accounts: readonly AdAccountSummary[], remembered: string | null, targets: readonly SyncTarget[]): string | null {
  const known = (id: string | null | undefined): id is string => Boolean(id) && accounts.some((account) => account.id === id);
  if (known(remembered)) return remembered;
  const targetAccounts = [...new Set(targets.map((target) => target.adAccountId))];
  if (targetAccounts.length === 1 && known(targetAccounts[0])) return targetAccounts[0]!;
  return accounts.length === 1 ? accounts[0]!.id : null;
}

/** More accounts than fit a glance get a search box over the dropdown. */
export const ACCOUNT_SEARCH_FROM = 9;

function accountLabel(account: AdAccountSummary): string {
  return `${account.name ?? 'Unnamed'} (${account.id})${account.currency ? ` · ${account.currency}` : ''}`;
}

function AdAccountPicker({ accounts, value, onChange, disabled }: { accounts: readonly AdAccountSummary[]; value: string | null; onChange(id: string): void; disabled: boolean }) {
  const [query, setQuery] = useState('');
  const searchable = accounts.length >= ACCOUNT_SEARCH_FROM;
  const needle = query.trim().toLowerCase();
  const shown = searchable && needle ? accounts.filter((account) => account.id === value || accountLabel(account).toLowerCase().includes(needle)) : accounts;
  return (
    <div className="stack-sm">
      {searchable && (
        <TextField
          label="Search ad accounts"
          type="search"
          value={query}
          placeholder="Name or ID"
          disabled={disabled}
          hint={needle ? `${plural(shown.length, 'account')} shown of ${formatCount(accounts.length)}` : `${formatCount(accounts.length)} ad accounts`}
          onChange={(event) => {
            const next = event.target.value;
            setQuery(next);
            const matches = accounts.filter((account) => accountLabel(account).toLowerCase().includes(next.trim().toLowerCase()));
            if (next.trim() && matches.length === 1) onChange(matches[0]!.id);
          }}
        />
      )}
      <Select
        label="Ad account"
        value={value ?? ''}
        placeholder={value ? undefined : 'Choose an ad account…'}
        hint={value ? undefined : 'Choose the ad account this list goes to. Pinlist remembers it for this list.'}
        options={shown.map((account) => ({ value: account.id, label: accountLabel(account) }))}
        onChange={onChange}
        disabled={disabled}
      />
    </div>
  );
}

const LIST_TYPE_LABEL: Record<string, string> = { EMAIL: 'Emails', MAID: 'Mobile ad IDs', IDFA: 'IDFAs' };

/** The ad account's customer lists that can take this kind, by name with type and size. */
function CustomerListPicker({
  kind,
  lists,
  value,
  listId,
  disabled,
  onChange,
}: {
  kind: IdentifierKind;
  lists: readonly RemoteCustomerList[];
  value: string;
  listId: number;
  disabled: boolean;
  onChange(id: string): void;
}) {
  const fitting = lists.filter((list) => list.kind === kind || list.kind === null);
  if (fitting.length === 0) {
    return <Alert tone="info">This ad account has no customer list of {KIND_SHORT[kind].toLowerCase()}. Choose “Create a new customer list”.</Alert>;
  }
  return (
    <Select
      label={`${KIND_SHORT[kind]}: existing customer list`}
      value={value}
      placeholder={value ? undefined : 'Choose a customer list…'}
      disabled={disabled}
      options={fitting.map((list) => {
        const taken = list.usedBy !== null && list.usedBy.listId !== listId;
        const type = list.listType ? (LIST_TYPE_LABEL[list.listType] ?? list.listType) : 'Unknown type';
        const size = list.size === null ? 'size unknown' : `${formatCount(list.size)} records`;
        return { value: list.id, label: `${list.name} · ${type} · ${size}${taken ? ` · used by ${list.usedBy!.listName}` : ''}`, disabled: taken };
      })}
      onChange={onChange}
    />
  );
}

/** "1,204 members, 12 suppressed: 1,192 sent": the number that goes to Pinterest beside the list's size. */
function KindSize({ kind, members, suppressed }: { kind: IdentifierKind; members: number; suppressed: number }) {
  return (
    <span className="small muted num" data-testid={`kind-size-${kind}`}>
      {formatCount(members)} members{suppressed > 0 ? `, ${formatCount(suppressed)} suppressed: ${formatCount(members - suppressed)} sent` : ''}
    </span>
  );
}

interface SyncJobProps {
  jobId: string;
  onDismiss(): void;
  onRetry(): void;
}

function SyncJobCard(props: SyncJobProps) {
  const anchor = useRef<HTMLDivElement>(null);
  // A sync just started is below the dry run: bring its progress into view.
  // (A block body: scrollIntoView returns a promise in newer Chromium, and an effect may return only a cleanup.)
  useEffect(() => {
    anchor.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [props.jobId]);
  return (
    <div ref={anchor}>
      <SyncJobBody {...props} />
    </div>
  );
}

function SyncJobBody({ jobId, onDismiss, onRetry }: SyncJobProps) {
  const client = useClient();
  const job = useJob(jobId);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const progress = job?.progress ?? null;
  const countdown = useWaitCountdown(progress?.detail, progress);

  if (!job || job.state === 'running') {
    return (
      <Card title="Syncing" description="You can leave this screen: the sync keeps going and its progress stays in the sidebar." aria-label="Sync progress">
        <div className="stack" data-testid="sync-progress">
          <p className="cell-strong">{progress ? (PHASE_LABEL[progress.phase] ?? progress.phase) : 'Starting…'}</p>
          <ProgressBar
            label="Sync progress"
            value={progress?.done ?? null}
            max={progress?.total ?? null}
            valueText={progress?.total ? `${formatCount(progress.done)} of ${formatCount(progress.total)} batches` : undefined}
          />
          <div className="row-between">
            <span className="num">{progress?.total ? `${formatCount(progress.done)} of ${formatCount(progress.total)} batches sent` : progress ? `${formatCount(progress.done)} batches sent` : ''}</span>
            {countdown !== null && countdown > 0 && (
              <span className="rate-limit" role="status">
                Rate limited by Pinterest: retrying in {formatDuration(countdown)}
              </span>
            )}
          </div>
          {progress?.detail && <p className="small muted">{progress.detail}</p>}
          {cancelError && <Alert tone="danger">{cancelError}</Alert>}
          <div className="wizard-actions">
            <span className="small muted">Cancelling keeps every batch Pinterest already confirmed; the next sync sends the rest.</span>
            <Button
              icon="stop"
              busy={cancelling}
              onClick={() => {
                setCancelling(true);
                client.call('jobs.cancel', { jobId }).then(
                  () => undefined,
                  (error: unknown) => {
                    setCancelError(errorMessage(error));
                    setCancelling(false);
                  },
                );
              }}
            >
              Cancel sync
            </Button>
          </div>
        </div>
      </Card>
    );
  }

  const report = syncReportOf(job);
  if (job.state === 'succeeded' && report) {
    return (
      <Card title={report.complete ? 'Synced' : 'Synced, with problems'} actions={<Button size="sm" variant="ghost" onClick={onDismiss}>Close</Button>} aria-label="Sync result">
        <div className="stack">
          <Alert tone={report.complete ? 'success' : 'warning'} title={report.complete ? 'Pinterest confirmed every change' : 'Some changes were not confirmed'}>
            Pinterest takes 24 to 48 hours to match the members; use Refresh status below to see how far it got.
          </Alert>
          <SyncReportView report={report} />
        </div>
      </Card>
    );
  }

  return (
    <Card title={job.state === 'cancelled' ? 'Sync cancelled' : 'Sync stopped'} actions={<Button size="sm" variant="ghost" onClick={onDismiss}>Close</Button>} aria-label="Sync result">
      <div className="stack" data-testid="sync-error">
        {job.state === 'cancelled' ? (
          <Alert tone="info">Every batch Pinterest confirmed before you cancelled is kept. Sync again to send the rest.</Alert>
        ) : (
          <ErrorAlert error={job.error ?? { message: 'The sync stopped.' }} title="The sync stopped" />
        )}
        <p className="small muted">What Pinterest confirmed is kept; running the sync again sends only what is missing.</p>
        <div className="row">
          <Button icon="beaker" onClick={onRetry}>
            Dry run again
          </Button>
        </div>
      </div>
    </Card>
  );
}
