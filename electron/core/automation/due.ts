import type { AutomationRun, RunTrigger } from '../../../shared/contract/automation.js';
import { getList } from '../store/index.js';
import { raiseAlert, resolveAlerts } from './alerts.js';
import type { AutomationContext } from './context.js';
import { runAutomation } from './runner.js';
import { dueSlot } from './schedule.js';
import { currentFingerprint } from './source.js';
import { allAutomations, getSource, lastChangeAt, markHandled, saveSeenFingerprint, seenFingerprint, type AutomationRecord } from './store.js';

/** Which automations are due now, and running them one after another (`pinlist run-due`, the app's scheduler). */

export interface DueAutomation {
  automation: AutomationRecord;
  trigger: RunTrigger;
  /** The slot this run stands for (timed schedules): every slot up to it is handled by this one run. */
  slot: number | null;
}

export interface DueResult {
  list: string;
  trigger: RunTrigger;
  run: AutomationRun;
}

export function dueAutomations(context: AutomationContext): DueAutomation[] {
  const { db } = context.core;
  const now = context.now();
  const due: DueAutomation[] = [];
  for (const automation of allAutomations(db)) {
    if (automation.schedule.kind === 'on-change') {
      const source = getSource(db, automation.listId);
      if (!source) continue;
      if (currentFingerprint(source) !== seenFingerprint(db, automation.listId)) due.push({ automation, trigger: 'source-change', slot: null });
      continue;
    }
    const slot = dueSlot(automation.schedule, automation.anchor, automation.handledUntil, now);
    if (slot !== null) due.push({ automation, trigger: 'schedule', slot });
  }
  return due;
}

/** Runs one due automation and marks what it handled (even when it failed: a failure waits for the next slot). */
export async function runDueOne(context: AutomationContext, item: DueAutomation): Promise<DueResult | null> {
  const { db } = context.core;
  const list = getList(db, item.automation.listId);
  if (!list) return null;
  const run = await runAutomation(context, { listId: list.id, trigger: item.trigger });
  if (item.slot !== null) markHandled(db, list.id, item.slot);
  if (item.trigger === 'source-change') {
    const source = getSource(db, list.id);
    // A missing source is seen as missing: it fails once, not on every check.
    if (source && run.state !== 'skipped') saveSeenFingerprint(db, list.id, currentFingerprint(source));
  }
  return { list: list.name, trigger: item.trigger, run };
}

/** Every due automation, one after another, then the connection check. */
export async function runDue(context: AutomationContext, onResult?: (result: DueResult) => void): Promise<DueResult[]> {
  const results: DueResult[] = [];
  for (const item of dueAutomations(context)) {
    const result = await runDueOne(context, item);
    if (result) {
      results.push(result);
      onResult?.(result);
    }
  }
  await checkConnection(context);
  checkStaleSources(context);
  return results;
}

/**
 * A source whose last import is older than `sourceStaleDays` (the export that writes it stopped):
 * checked for every automated list, so an on-change list that never changes is noticed too.
 */
export function checkStaleSources(context: AutomationContext): void {
  const { db } = context.core;
  const staleDays = context.core.settings.get().sourceStaleDays;
  const now = context.now();
  for (const automation of allAutomations(db)) {
    const list = getList(db, automation.listId);
    const source = getSource(db, automation.listId);
    if (!list || !source) continue;
    const last = lastChangeAt(db, list.id);
    if (last === null) continue;
    const age = now - last;
    if (age > staleDays * 86_400_000) {
      raiseAlert(context, list.id, list.name, 'source-stale', `The source of "${list.name}" has not changed since ${new Date(last).toISOString().slice(0, 10)}, more than ${staleDays} days. Check that the export that writes it still runs.`, { outcome: 'unchanged' });
    }
  }
}

/** Alerts on a sign-in that expires within 7 days or has expired, when an automation syncs. */
export async function checkConnection(context: AutomationContext): Promise<void> {
  if (!allAutomations(context.core.db).some((a) => a.action === 'refresh-sync')) return;
  const health = await context.connectionHealth();
  const when = health.expiresAt ? ` on ${health.expiresAt.slice(0, 10)}` : '';
  if (health.state === 'expiring') {
    raiseAlert(context, null, null, 'connection-expiring', `The Pinterest connection expires${when}. Reconnect before then, or automated syncs will stop.`, { outcome: 'ok' });
  } else if (health.state === 'expired' || health.state === 'none') {
    const message = health.state === 'none' ? 'Pinlist is not connected to Pinterest, so automated syncs cannot run. Connect (`pinlist auth login`).' : `The Pinterest connection expired${when}. Reconnect so automated syncs can run.`;
    raiseAlert(context, null, null, 'connection-expired', message, { outcome: 'failed' });
    resolveAlerts(context, null, null, ['connection-expiring'], { outcome: 'ok' });
  } else if (health.state === 'ok') {
    resolveAlerts(context, null, null, ['connection-expiring', 'connection-expired'], { outcome: 'ok' });
  }
}
