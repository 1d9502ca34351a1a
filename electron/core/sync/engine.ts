import type { SyncOptions, SyncReport } from '../../../shared/contract/sync.js';
import { toErrorPayload } from '../../../shared/error-payload.js';
import path from 'node:path';
import { isPinlistError, PinlistError } from '../../../shared/errors.js';
import { storageError } from '../db/storage-errors.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import { connectionFor, type ClientOptions } from '../auth/connection.js';
import type { Core } from '../core.js';
import type { ProgressUpdate } from '../jobs/jobs.js';
import { pathId, type PinterestClient } from '../pinterest/client.js';
import type { RetryEvent } from '../pinterest/transport.js';
import { requireList, type ListRecord } from '../store/index.js';
import { ensureAudience } from './audiences.js';
import { confirmationMessage, describeGuardrail, guardrailsFor, PINTEREST_MIN_AUDIENCE } from './guardrails.js';
import { resetLedger } from './ledger.js';
import { runInWorker } from './ledger-task.js';
import { acquireSyncLock, attachRun, heartbeat, LOCK_HEARTBEAT_MS, releaseSyncLock, thisProcess, type LockOwner } from './lock.js';
import { batchCount, planBatches, type KindPlan, type SyncPlan } from './plan.js';
import { adoptList, findListByName, verifyAdoptable } from './remote-lists.js';
import { refreshSnapshot } from './remote-status.js';
import { buildReport } from './report.js';
import { dropPlan, finishRun, interruptStaleRuns, startRun } from './runs.js';
import { createWithFirstBatch, sendBatch } from './sender.js';
import { SyncSession } from './session.js';
import { ensureTarget, getTarget, listTargets, markSynced, setRemoteList, targetView, type TargetRow } from './targets.js';
import { formatCount } from '../../../shared/format-count.js';

/**
 * The diff sync: a local list → one Pinterest customer list (and audience) per identifier kind in
 * one ad account, sending only what changed. See docs/decisions/0005-sync-ledger.md.
 *
 *   lock the list → adopt → plan in a worker (compact the ledger, diff, materialise the plan)
 *   → guardrails → per kind: ADD batches (the first creates the list), then REMOVE batches
 *   → audiences → compact the ledger in a worker → fetch remote status → record the run.
 */

export interface SyncEnvironment {
  core: Core;
  /** Default: the core's Pinterest connection. Tests pass their own (e.g. with an in-memory keychain). */
  makeClient?: (options: ClientOptions) => PinterestClient;
  /** Retry and backoff settings for the client (tests use small ones). */
  clientOptions?: ClientOptions;
  jobId?: string | null;
  signal?: AbortSignal;
  progress?: (update: ProgressUpdate) => void;
  owner?: LockOwner;
}

type Options = SyncOptions;

/** A client for the sync; `onAttempt` sees every HTTP request, token refreshes included (they share the options). */
function clientFor(env: SyncEnvironment, onRetry?: (event: RetryEvent) => void, onAttempt?: () => void): PinterestClient {
  const make = env.makeClient ?? ((options: ClientOptions) => connectionFor(env.core).client(options));
  const theirs = env.clientOptions?.onRetry;
  const theirAttempt = env.clientOptions?.onAttempt;
  return make({
    ...env.clientOptions,
    signal: env.signal,
    onRetry: (event) => {
      onRetry?.(event);
      theirs?.(event);
    },
    onAttempt: () => {
      onAttempt?.();
      theirAttempt?.();
    },
  });
}

/** Checked before anything is locked or recorded: an ID Pinterest cannot take would only leave a failed run and an empty target behind. */
function checkDestination(options: Options): void {
  pathId(options.adAccountId, 'The ad account');
  for (const id of Object.values(options.adopt ?? {})) if (id !== undefined) pathId(id, 'The customer list to adopt');
}

function audienceList(list: ListRecord): ListRecord {
  if (list.role === 'suppression') {
    throw new PinlistError('INVALID_INPUT', 'The suppression list is never sent to Pinterest; its members are removed from every synced list instead. Pick an audience list.');
  }
  return list;
}

function planWarnings(plan: SyncPlan, targets: Map<IdentifierKind, TargetRow>, dryRun: boolean): string[] {
  const warnings: string[] = [];
  if (plan.kinds.length === 0) warnings.push(`"${plan.listName}" has no members yet: there is nothing to sync. Import a file into it first.`);
  for (const k of plan.kinds) {
    const target = targets.get(k.kind);
    if (k.uncertain > 0) {
      warnings.push(`${formatCount(k.uncertain)} ${k.kind} records were in flight when an earlier sync stopped; they are sent again to be sure.`);
    }
    if (k.suppressed > 0) {
      warnings.push(`${formatCount(k.suppressed)} ${k.kind} members are on the suppression list: they are not sent, and are removed from Pinterest if it has them.`);
    }
    const audienceMissing = target?.audienceState !== 'created';
    if (dryRun && audienceMissing && k.desired > 0 && k.desired < PINTEREST_MIN_AUDIENCE) {
      warnings.push(`The ${k.kind} list will have ${k.desired} members; Pinterest needs ${PINTEREST_MIN_AUDIENCE} matched users for an audience, so the audience stays pending.`);
    }
    if (!audienceMissing && k.removes > 0 && k.desired < PINTEREST_MIN_AUDIENCE && k.confirmed >= PINTEREST_MIN_AUDIENCE) {
      warnings.push(`The ${k.kind} audience would drop to ${k.desired} members, under the ${PINTEREST_MIN_AUDIENCE} Pinterest needs to serve it.`);
    }
  }
  return warnings;
}

function targetsByKind(core: Core, listId: number, adAccountId: string): Map<IdentifierKind, TargetRow> {
  return new Map(listTargets(core.db, listId, adAccountId).map((t) => [t.kind, t]));
}

/** Write requests the plan needs for one kind: batches (the first creating the list) and an audience. */
function plannedRequests(k: KindPlan, target: TargetRow | undefined, batchSize: number): number {
  const hasList = Boolean(target?.customerListId);
  let requests = batchCount(k.adds, batchSize);
  if (hasList) requests += batchCount(k.removes, batchSize);
  const willHaveList = hasList || k.adds > 0;
  if (willHaveList && target?.audienceState !== 'created' && k.desired >= PINTEREST_MIN_AUDIENCE) requests += 1;
  return requests;
}

/**
 * A dry run: what a sync would send, and its warnings. Writes nothing anywhere (it reads
 * Pinterest only to check a list to adopt).
 */
export async function planSync(env: SyncEnvironment, options: Options): Promise<SyncReport> {
  const { core } = env;
  const startedAt = new Date().toISOString();
  const list = audienceList(requireList(core.db, options.listId));
  checkDestination(options);
  const settings = core.settings.get();
  const batchSize = options.batchSize ?? settings.batchSize;
  const warnings: string[] = [];
  const freshKinds: IdentifierKind[] = [];
  const adopt = Object.entries(options.adopt ?? {}) as [IdentifierKind, string][];
  if (adopt.length > 0) {
    const client = clientFor(env);
    for (const [kind, id] of adopt) {
      await verifyAdoptable(client, core.db, list.id, options.adAccountId, kind, id);
      if (getTarget(core.db, list.id, options.adAccountId, kind)?.customerListId !== id) {
        freshKinds.push(kind);
        warnings.push(`Customer list ${id} would be adopted for the ${kind} members: every member is sent, and records it held before that are not in this list stay in it.`);
      }
    }
  }
  const plan = await runInWorker({ op: 'plan', dbPath: core.databasePath, listId: list.id, adAccountId: options.adAccountId, runId: null, freshKinds });
  const targets = targetsByKind(core, list.id, options.adAccountId);
  const guardrails = guardrailsFor(
    plan.kinds.map((k) => ({ kind: k.kind, confirmed: k.confirmed, removes: k.removes, after: k.desired })),
    settings,
  );
  warnings.push(...guardrails.map(describeGuardrail));
  if (guardrails.length > 0 && !options.allowShrink) warnings.push('Nothing is sent until you confirm.');
  warnings.push(...planWarnings(plan, targets, true));
  const requests = new Map(plan.kinds.map((k) => [k.kind, plannedRequests(k, freshKinds.includes(k.kind) ? { ...targets.get(k.kind)!, customerListId: 'adopted', audienceState: 'none' } as TargetRow : targets.get(k.kind), batchSize)]));
  return buildReport(core, {
    runId: null,
    jobId: env.jobId ?? null,
    list,
    adAccountId: options.adAccountId,
    dryRun: true,
    complete: false,
    plan,
    session: null,
    plannedRequests: requests,
    warnings,
    guardrails,
    error: null,
    startedAt,
  });
}

/** Wraps the error that stopped a run so it says what was kept and what to do. */
function stoppedError(error: unknown, session: SyncSession, report: SyncReport): PinlistError {
  // SQLITE_FULL or a damaged database on the main connection: say so, naming the database's disk or file.
  const database = session.db.name;
  error = storageError(error, { path: path.dirname(database), databasePath: database, what: 'The sync', outcome: 'Nothing more was sent.' }) ?? error;
  const kept = `Pinterest confirmed ${formatCount(session.counters.added)} additions and ${formatCount(session.counters.removed)} removals before that; they are kept, and syncing again sends only the rest.`;
  if (isPinlistError(error)) {
    if (error.code === 'SYNC_NEEDS_CONFIRMATION') return new PinlistError(error.code, error.message, { ...error.details, report });
    const passThrough = ['CANCELLED', 'AUTH_EXPIRED', 'AUTH_FAILED', 'NOT_CONNECTED', 'KEYCHAIN_UNAVAILABLE', 'PINTEREST_FORBIDDEN', 'SYNC_LOCKED', 'DISK_FULL', 'DATABASE_DAMAGED', 'DATA_DIR_READ_ONLY'];
    const code = passThrough.includes(error.code) ? error.code : 'SYNC_INCOMPLETE';
    const what = error.code === 'CANCELLED' ? 'The sync was cancelled.' : `The sync stopped: ${error.message}`;
    return new PinlistError(code, `${what} ${kept}`, { report, cause: error.code });
  }
  return new PinlistError('SYNC_INCOMPLETE', `The sync stopped on an unexpected error (${(error as Error)?.message ?? String(error)}). ${kept}`, { report });
}

/**
 * Syncs a list to an ad account. Resolves with the report of a complete sync; otherwise throws
 * (SYNC_INCOMPLETE, SYNC_NEEDS_CONFIRMATION, PINTEREST_FORBIDDEN, AUTH_EXPIRED, CANCELLED…) with
 * the partial report in `details.report`, after recording the run.
 */
export async function runSync(env: SyncEnvironment, options: Options): Promise<SyncReport> {
  const { core } = env;
  const { db } = core;
  const startedAt = new Date().toISOString();
  const list = audienceList(requireList(db, options.listId));
  checkDestination(options);
  const settings = core.settings.get();
  const batchSize = options.batchSize ?? settings.batchSize;
  const owner = env.owner ?? thisProcess();
  const jobId = env.jobId ?? null;

  let session: SyncSession | null = null;
  // Fails at once (NOT_CONNECTED) before anything is locked or recorded.
  const client = clientFor(
    env,
    (event) => session?.onRetry(event),
    () => {
      if (session) session.counters.requests += 1;
    },
  );

  const lock = acquireSyncLock(db, list.id, list.name, { owner });
  const runId = db.transaction(() => {
    interruptStaleRuns(db, list.id);
    const id = startRun(db, { listId: list.id, adAccountId: options.adAccountId, jobId, owner });
    attachRun(db, lock, id);
    return id;
  })();
  const active: SyncSession = new SyncSession(db, runId, batchSize, env.signal, env.progress);
  session = active;
  active.client = client;
  let inWorker = false;
  const beat = setInterval(() => {
    if (inWorker) return; // the worker holds the write lock for a moment; do not block this thread on it
    try {
      heartbeat(db, lock);
    } catch {
      // A busy database delays one heartbeat; the next one catches up.
    }
  }, LOCK_HEARTBEAT_MS);
  beat.unref();
  const inWorkerThread = async <T>(work: () => Promise<T>): Promise<T> => {
    inWorker = true;
    try {
      return await work();
    } finally {
      inWorker = false;
    }
  };

  const warnings: string[] = [];
  let plan: SyncPlan | null = null;
  let guardrails: SyncReport['guardrails'] = [];
  const report = (complete: boolean, error: { code: string; message: string } | null): SyncReport =>
    buildReport(core, { runId, jobId, list, adAccountId: options.adAccountId, dryRun: false, complete, plan, session: active, warnings: [...warnings, ...active.warnings], guardrails, error, startedAt });

  try {
    active.set('planning', 'Computing the changes');
    for (const [kind, id] of Object.entries(options.adopt ?? {}) as [IdentifierKind, string][]) {
      await verifyAdoptable(client, db, list.id, options.adAccountId, kind, id);
      const warning = adoptList(db, list.id, list.name, options.adAccountId, kind, id);
      if (warning) warnings.push(warning);
    }
    plan = await inWorkerThread(() => runInWorker({ op: 'plan', dbPath: core.databasePath, listId: list.id, adAccountId: options.adAccountId, runId }));
    guardrails = guardrailsFor(
      plan.kinds.map((k) => ({ kind: k.kind, confirmed: k.confirmed, removes: k.removes, after: k.desired })),
      settings,
    );
    if (guardrails.length > 0) {
      if (!options.allowShrink) throw new PinlistError('SYNC_NEEDS_CONFIRMATION', confirmationMessage(list.name, guardrails), { guardrails });
      warnings.push(...guardrails.map((g) => `Confirmed: ${describeGuardrail(g)}`));
    }
    warnings.push(...planWarnings(plan, targetsByKind(core, list.id, options.adAccountId), false));
    active.batchesTotal = plan.kinds.reduce((sum, k) => sum + batchCount(k.adds, batchSize) + batchCount(k.removes, batchSize), 0);

    for (const k of plan.kinds) await syncKind(active, list, options.adAccountId, k, batchSize);

    active.set('audiences', 'Checking audiences');
    for (const target of listTargets(db, list.id, options.adAccountId)) {
      const k = plan.kinds.find((candidate) => candidate.kind === target.kind);
      await ensureAudience(active, target, k?.desired ?? targetView(db, target).confirmedMembers);
    }

    active.set('finishing', 'Saving what Pinterest confirmed');
    await compactAll(core, list.id, options.adAccountId, runId, inWorkerThread);
    const now = new Date().toISOString();
    for (const target of listTargets(db, list.id, options.adAccountId)) markSynced(db, target.id, now);
    await refreshAll(active, list.id, options.adAccountId, warnings);
    const done = report(true, null);
    finishRun(db, runId, 'succeeded', done);
    active.set('finishing', 'Done');
    return done;
  } catch (error) {
    // Fold the journal now so the history and the targets show what was confirmed; the next
    // sync would do it anyway.
    if (plan) await compactAll(core, list.id, options.adAccountId, runId, inWorkerThread).catch(() => undefined);
    const { code, message } = toErrorPayload(error, { what: 'The sync stopped on an unexpected error', advice: 'Sync again to send the rest.' });
    const partial = report(false, { code, message });
    const cancelled = isPinlistError(error) && error.code === 'CANCELLED';
    finishRun(db, runId, cancelled ? 'cancelled' : 'failed', partial);
    throw stoppedError(error, active, partial);
  } finally {
    clearInterval(beat);
    // Normally already dropped by the compaction in the worker.
    dropPlan(db, runId);
    releaseSyncLock(db, lock);
  }
}

async function syncKind(session: SyncSession, list: ListRecord, adAccountId: string, k: KindPlan, batchSize: number): Promise<void> {
  const { db } = session;
  let target = db.transaction(() => ensureTarget(db, list.id, adAccountId, k.kind, list.name))();
  if (!target.customerListId && target.createSentAt) {
    // A create from an earlier run got no answer: it may have made the list.
    const found = await findListByName(session, target, target.createSentAt);
    if (found) setRemoteList(db, target.id, found.id, false);
    target = getTarget(db, list.id, adAccountId, k.kind)!;
  }
  const progress = (verb: string) => `${k.kind}: ${verb} batch ${Math.min(session.batchesDone + 1, session.batchesTotal)} of ${session.batchesTotal}`;
  if (k.addSetId !== null) {
    for (const batch of planBatches(db, k.addSetId, batchSize)) {
      if (!target.customerListId) {
        session.set('creating', `${k.kind}: creating customer list "${target.customerListName}"`);
        target = await createWithFirstBatch(session, target, batch);
      } else {
        session.set('adding', progress('adding'));
        await sendBatch(session, target, 'ADD', batch);
      }
    }
  }
  if (k.removeSetId !== null) {
    if (!target.customerListId) {
      // No list on Pinterest: there is nothing to remove from, and nothing uncertain either.
      resetLedger(db, target.id);
    } else if (session.created.has(k.kind)) {
      // A list made in this run holds only what this run added: the planned removals were
      // leftovers of a create that never landed.
    } else {
      for (const batch of planBatches(db, k.removeSetId, batchSize)) {
        session.set('removing', progress('removing'));
        await sendBatch(session, target, 'REMOVE', batch);
      }
    }
  }
}

async function compactAll(core: Core, listId: number, adAccountId: string, runId: number, inWorkerThread: <T>(work: () => Promise<T>) => Promise<T>): Promise<void> {
  const targets = listTargets(core.db, listId, adAccountId).map((t) => ({ targetId: t.id, kind: t.kind }));
  await inWorkerThread(() => runInWorker({ op: 'compact', dbPath: core.databasePath, targets, dropPlanOf: runId }));
}

async function refreshAll(session: SyncSession, listId: number, adAccountId: string, warnings: string[]): Promise<void> {
  for (const target of listTargets(session.db, listId, adAccountId)) {
    if (!target.customerListId) continue;
    try {
      const snapshot = await refreshSnapshot(session.db, session.client, target);
      if (snapshot.customerList?.status) session.listStatus.set(target.kind, snapshot.customerList.status);
      if (snapshot.audience) session.audienceStatus.set(target.kind, snapshot.audience.status);
    } catch (error) {
      warnings.push(`Could not read the status of the ${target.kind} list from Pinterest (${(error as Error).message}); see "status" later.`);
    }
  }
}

/** Starts a sync as a job of the core; the job's result is the report. */
export function startSyncJob(core: Core, options: Options, extra: Omit<SyncEnvironment, 'core' | 'jobId' | 'signal' | 'progress'> = {}): { jobId: string } {
  const list = audienceList(requireList(core.db, options.listId));
  checkDestination(options);
  const job = core.jobs.start('sync', `Sync "${list.name}" to ad account ${options.adAccountId}`, (context) =>
    runSync({ ...extra, core, jobId: context.jobId, signal: context.signal, progress: (update) => context.progress(update) }, options),
  );
  return { jobId: job.jobId };
}
