import type { AutomationRun, RunTrigger } from '../../../shared/contract/automation.js';
import type { ImportSummary } from '../../../shared/contract/import.js';
import type { SyncReport } from '../../../shared/contract/sync.js';
import { isPinlistError } from '../../../shared/errors.js';
import { runImport } from '../import/index.js';
import { importTempDir } from '../import/handlers.js';
import { requireList, type ListRecord } from '../store/index.js';
import { runSync } from '../sync/engine.js';
import { liveLock, thisProcess } from '../sync/lock.js';
import { latestSnapshot } from '../sync/remote-status.js';
import { listTargets } from '../sync/targets.js';
import { raiseAlert, resolveAlerts } from './alerts.js';
import type { AutomationContext } from './context.js';
import { acquireRunLock, automationScope, describeHolder, importScope, lockHolder, withImportLock } from './locks.js';
import { scrubIdentifiers } from './webhook.js';
import { fingerprintOf, hashSourceFile, resolveSourceFile } from './source.js';
import { finishAutomationRun, getAutomation, getSource, interruptRunningRuns, lastChangeAt, saveSeenFingerprint, startAutomationRun, type RunEnd } from './store.js';

/**
 * One automated run of a list: read its source, import it when it changed (the import pipeline
 * as a manual import runs it), then sync it when asked (the sync engine as a manual sync runs it,
 * with every guardrail: a shrink is held, never confirmed). Every run is recorded, however it ends,
 * and raises or closes alerts. A run never throws for what happened to the list: the record says.
 */

export interface RunRequest {
  listId: number;
  trigger: RunTrigger;
  /** Sync after the refresh: default what the list's automation says. */
  sync?: boolean;
}

const RECONNECT_CODES = new Set(['AUTH_EXPIRED', 'AUTH_FAILED', 'NOT_CONNECTED', 'KEYCHAIN_UNAVAILABLE']);

const PINTEREST_MIN_AUDIENCE = 100;

interface Outcome {
  state: RunEnd['state'];
  message: string;
  error?: { code: string; message: string } | null;
}

/** The newest import of a list: its file's SHA-256 and when. */
function lastImport(context: AutomationContext, listId: number): { sha256: string; at: string } | null {
  return (
    (context.core.db.prepare('SELECT file_sha256 AS sha256, created_at AS at FROM imports WHERE list_id = ? ORDER BY id DESC LIMIT 1').get(listId) as
      | { sha256: string; at: string }
      | undefined) ?? null
  );
}

/**
 * Whether Pinterest is behind the list in this ad account: never synced, the newest sync did not
 * succeed (stopped, held, killed), or an import came after it. What a run does when its file is
 * unchanged but an earlier run did not get to finish its sync.
 */
export function needsSync(context: AutomationContext, listId: number, adAccountId: string): boolean {
  const newest = context.core.db
    .prepare('SELECT state, started_at AS startedAt FROM sync_runs WHERE list_id = ? AND ad_account_id = ? ORDER BY id DESC LIMIT 1')
    .get(listId, adAccountId) as { state: string; startedAt: string } | undefined;
  if (!newest || newest.state !== 'succeeded') return true;
  const imported = lastImport(context, listId);
  return imported !== null && imported.at > newest.startedAt;
}

/** Where a sync goes: the automation's ad account, else the only one the list already syncs to. */
function destination(context: AutomationContext, listId: number): string | null {
  const configured = getAutomation(context.core.db, listId)?.adAccountId;
  if (configured) return configured;
  const accounts = [...new Set(listTargets(context.core.db, listId).map((t) => t.adAccountId))];
  return accounts.length === 1 ? accounts[0]! : null;
}

function skipped(context: AutomationContext, list: ListRecord, trigger: RunTrigger, message: string): AutomationRun {
  const { db } = context.core;
  const at = new Date(context.now()).toISOString();
  const runId = startAutomationRun(db, list.id, trigger, at, context.owner ?? thisProcess());
  return finishAutomationRun(db, runId, {
    state: 'skipped',
    endedAt: at,
    durationMs: 0,
    fileName: null,
    fileSha256: null,
    import: null,
    sync: null,
    error: null,
    message,
  });
}

export async function runAutomation(context: AutomationContext, request: RunRequest): Promise<AutomationRun> {
  const { core } = context;
  const { db } = core;
  const list = requireList(db, request.listId);
  const owner = context.owner ?? thisProcess();
  const automation = getAutomation(db, list.id);
  const doSync = request.sync ?? automation?.action === 'refresh-sync';

  // Never alongside another run, a manual import or a manual sync of the same list: skip, and say so.
  const busyImport = lockHolder(db, importScope(list.name), owner);
  if (busyImport) return skipped(context, list, request.trigger, `Skipped: ${describeHolder(busyImport)} is running. The next run picks up the change.`);
  const busySync = doSync ? liveLock(db, list.id) : null;
  if (busySync) return skipped(context, list, request.trigger, `Skipped: "${list.name}" is being synced by process ${busySync.pid} on ${busySync.host}. The next run picks up the change.`);
  let lock;
  const startedAt = new Date(context.now()).toISOString();
  try {
    lock = acquireRunLock(db, automationScope(list.id), `an automated run of "${list.name}"`, { owner, onTakeover: () => interruptRunningRuns(db, list.id, startedAt) });
  } catch (error) {
    if (isPinlistError(error) && error.code === 'CONFLICT') return skipped(context, list, request.trigger, `Skipped: ${error.message.replace(/^Busy: /, '')}`);
    throw error;
  }

  const runId = startAutomationRun(db, list.id, request.trigger, startedAt, owner);
  core.events.emit('automation.changed', { listId: list.id });
  const clock = performance.now();
  let fileName: string | null = null;
  let fileSha256: string | null = null;
  let imported: ImportSummary | null = null;
  let synced: { added: number; removed: number; runId: number | null } | null = null;

  const counts = () => ({ imported: imported?.valid ?? null, added: synced?.added ?? imported?.added ?? null, removed: synced?.removed ?? imported?.removed ?? null });
  const fail = (code: string, message: string): Outcome => {
    raiseAlert(context, list.id, list.name, 'run-failed', message, { outcome: 'failed', runId, counts: counts() });
    return { state: 'failed', message, error: { code, message } };
  };

  const work = async (): Promise<Outcome> => {
    const source = getSource(db, list.id);
    if (!source) return fail('NOT_FOUND', `"${list.name}" has no source. Set one with \`pinlist source "${list.name}" --file PATH\` (or --folder DIR --pattern GLOB).`);

    let file;
    try {
      file = resolveSourceFile(source);
    } catch (error) {
      const message = (error as Error).message;
      raiseAlert(context, list.id, list.name, 'source-missing', message, { outcome: 'failed', runId });
      return fail(isPinlistError(error) ? error.code : 'FILE_NOT_FOUND', message);
    }
    fileName = file.name;
    saveSeenFingerprint(db, list.id, fingerprintOf(file));
    resolveAlerts(context, list.id, list.name, ['source-missing'], { outcome: 'ok' });
    try {
      fileSha256 = await hashSourceFile(file);
    } catch (error) {
      return fail(isPinlistError(error) ? error.code : 'INTERNAL', (error as Error).message);
    }

    const previous = lastImport(context, list.id);
    const unchanged = previous !== null && previous.sha256 === fileSha256;
    const adAccountId = doSync ? destination(context, list.id) : null;
    if (doSync && !adAccountId) {
      return fail('INVALID_INPUT', `"${list.name}" has no ad account to sync to. Set one with \`pinlist schedule "${list.name}" --ad-account ID\`.`);
    }
    const syncDue = doSync && adAccountId !== null && (!unchanged || needsSync(context, list.id, adAccountId));

    if (unchanged) {
      const staleDays = core.settings.get().sourceStaleDays;
      const age = context.now() - (lastChangeAt(db, list.id) ?? Date.parse(previous.at));
      if (age > staleDays * 86_400_000) {
        raiseAlert(context, list.id, list.name, 'source-stale', `The source ${file.name} has not changed for more than ${staleDays} days. Check that the export that writes it still runs.`, { outcome: 'unchanged', runId });
      }
      if (!syncDue) return { state: 'unchanged', message: `Unchanged: ${file.name} is the file imported last; nothing was imported or sent.` };
    }

    if (syncDue) {
      // A sign-in that cannot work is said before the list changes.
      const health = await context.connectionHealth();
      if (health.state === 'expired' || health.state === 'none') {
        const message = health.state === 'none' ? 'Pinlist is not connected to Pinterest: reconnect (`pinlist auth login`), then run again.' : `The Pinterest connection expired${health.expiresAt ? ` on ${health.expiresAt}` : ''} and cannot be renewed: reconnect, then run again. Nothing was changed.`;
        raiseAlert(context, null, null, 'connection-expired', message, { outcome: 'failed', runId });
        return fail('AUTH_EXPIRED', message);
      }
    }

    if (!unchanged) {
      try {
        imported = await withImportLock(db, list.name, () =>
          runImport({
            dbPath: core.databasePath,
            callerDb: db,
            tempDir: importTempDir(core),
            file: file.path,
            fileName: file.name,
            target: { list: list.name },
            mode: source.mode,
            overrides: source.overrides,
            sheet: source.sheet ?? undefined,
            encoding: source.encoding ?? undefined,
            keepPlaintext: core.settings.get().keepPlaintext,
          }),
        );
      } catch (error) {
        const message = isPinlistError(error) && error.code === 'CONFLICT' ? `Skipped the import: ${error.message}` : `The import of ${file.name} failed: ${(error as Error).message}`;
        return fail(isPinlistError(error) ? error.code : 'INTERNAL', message);
      }
      resolveAlerts(context, list.id, list.name, ['source-stale'], { outcome: 'ok', counts: counts() });
    }

    if (!syncDue || adAccountId === null) {
      return { state: 'ok', message: `Imported ${file.name}: +${imported?.added ?? 0} −${imported?.removed ?? 0}.` };
    }

    try {
      const report = await runSync({ core, ...context.sync, owner }, { listId: list.id, adAccountId, allowShrink: false });
      synced = { added: report.added, removed: report.removed, runId: report.runId };
    } catch (error) {
      const report = isPinlistError(error) ? (error.details?.report as SyncReport | undefined) : undefined;
      if (report) synced = { added: report.added, removed: report.removed, runId: report.runId };
      const code = isPinlistError(error) ? error.code : 'INTERNAL';
      const message = (error as Error).message;
      if (code === 'SYNC_NEEDS_CONFIRMATION') {
        const held = `${message.replace(/^Syncing ".*?" needs your confirmation: /, '').replace(/ If that is intended, confirm the sync;.*$/, '')} The sync was held: nothing was sent. Review it and sync by hand (\`pinlist sync "${list.name}" --ad-account ${adAccountId} --allow-shrink\`) if the change is intended.`;
        raiseAlert(context, list.id, list.name, 'held', held, { outcome: 'held', runId, counts: counts() });
        return { state: 'held', message: held, error: { code, message: held } };
      }
      if (RECONNECT_CODES.has(code)) {
        const reconnect = `The Pinterest connection cannot be used (${message.split('. ')[0]}): reconnect, then run again. What Pinterest confirmed is kept.`;
        raiseAlert(context, null, null, 'connection-expired', reconnect, { outcome: 'failed', runId });
        return fail(code, reconnect);
      }
      if (code === 'SYNC_LOCKED') return { state: 'skipped', message: `Skipped the sync: ${message}` };
      return fail(code, message);
    }
    resolveAlerts(context, null, null, ['connection-expired'], { outcome: 'ok' });
    checkAudiences(context, list, adAccountId, runId);
    return { state: 'ok', message: `${imported ? `Imported ${file.name}` : `Finished the sync of ${file.name}`}; synced +${synced.added} −${synced.removed}.` };
  };

  let outcome: Outcome;
  try {
    outcome = await work();
  } catch (error) {
    outcome = fail(isPinlistError(error) ? error.code : 'INTERNAL', `The run stopped on an unexpected error: ${(error as Error).message}`);
  } finally {
    lock.release();
  }
  if (outcome.state === 'ok' || outcome.state === 'unchanged') {
    resolveAlerts(context, list.id, list.name, ['run-failed', 'held'], { outcome: outcome.state, counts: counts() });
  }
  const run = finishAutomationRun(db, runId, {
    state: outcome.state,
    endedAt: new Date(context.now()).toISOString(),
    durationMs: performance.now() - clock,
    fileName,
    fileSha256,
    import: imported,
    sync: synced,
    // A run's record is shown and notified like an alert: no identifier in it either.
    error: outcome.error ? { code: outcome.error.code, message: scrubIdentifiers(outcome.error.message) } : null,
    message: scrubIdentifiers(outcome.message),
  });
  core.events.emit('automation.changed', { listId: list.id });
  return run;
}

/** An audience Pinterest reported under its 100-member minimum stops serving: alert, from the stored status. */
function checkAudiences(context: AutomationContext, list: ListRecord, adAccountId: string, runId: number): void {
  const sizes = listTargets(context.core.db, list.id, adAccountId)
    .map((target) => ({ kind: target.kind, size: latestSnapshot(context.core.db, target.id)?.audience?.size ?? null }))
    .filter((entry): entry is { kind: typeof entry.kind; size: number } => entry.size !== null);
  const small = sizes.filter((entry) => entry.size < PINTEREST_MIN_AUDIENCE);
  if (small.length > 0) {
    const which = small.map((entry) => `${entry.kind}: ${entry.size}`).join(', ');
    raiseAlert(context, list.id, list.name, 'audience-small', `The audience of "${list.name}" is below Pinterest's ${PINTEREST_MIN_AUDIENCE}-member minimum (${which}) and may stop serving.`, { outcome: 'ok', runId });
  } else if (sizes.length > 0) {
    resolveAlerts(context, list.id, list.name, ['audience-small'], { outcome: 'ok' });
  }
}
