import path from 'node:path';
import type { AutomationAction, AutomationView, ListSource, PendingChange, Schedule } from '../../../shared/contract/automation.js';
import type { MapOverride } from '../../../shared/columns.js';
import { PinlistError } from '../../../shared/errors.js';
import type { Core } from '../core.js';
import { createList, findListByName, requireList } from '../store/index.js';
import type { ImportMode } from '../store/commit.js';
import { planSync } from '../sync/engine.js';
import { pathId } from '../pinterest/client.js';
import { listTargets } from '../sync/targets.js';
import type { AutomationContext } from './context.js';
import { needsSync } from './runner.js';
import { nextRunAt } from './schedule.js';
import { automationRuns, clearSource, deleteAutomation, getAutomation, getSource, saveAutomation, saveSource } from './store.js';

/** What the channels and the CLI do with sources and schedules. */

export function automationView(context: AutomationContext, listId: number, runs = 10): AutomationView {
  const { db } = context.core;
  const list = requireList(db, listId);
  const automation = getAutomation(db, listId);
  const next = automation?.enabled ? nextRunAt(automation.schedule, automation.anchor, automation.handledUntil, context.now()) : null;
  return {
    listId: list.id,
    list: list.name,
    source: getSource(db, listId),
    automation: automation ? { schedule: automation.schedule, action: automation.action, adAccountId: automation.adAccountId, enabled: automation.enabled } : null,
    nextRunAt: next === null ? null : new Date(next).toISOString(),
    lastRuns: automationRuns(db, listId, runs),
  };
}

export interface SourceInput {
  kind: 'file' | 'folder';
  path: string;
  pattern?: string | undefined;
  overrides?: MapOverride[] | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
  mode?: ImportMode | undefined;
}

export function setSource(context: AutomationContext, listId: number, input: SourceInput): AutomationView {
  const { db } = context.core;
  const list = requireList(db, listId);
  if (list.role === 'suppression') throw new PinlistError('INVALID_INPUT', 'The suppression list cannot have a source here; import it with `pinlist suppress`. Pick an audience list.');
  if (input.kind === 'folder' && !input.pattern) throw new PinlistError('INVALID_INPUT', 'A folder source needs a file-name pattern, e.g. contacts_*.csv.');
  const source: ListSource = {
    kind: input.kind,
    path: path.resolve(input.path),
    pattern: input.kind === 'folder' ? (input.pattern ?? null) : null,
    overrides: input.overrides ?? [],
    sheet: input.sheet ?? null,
    encoding: input.encoding ?? null,
    mode: input.mode ?? 'replace',
  };
  saveSource(db, listId, source, new Date(context.now()).toISOString());
  return automationView(context, listId);
}

/** A list by name for `pinlist source`: created empty when it does not exist. */
export function listForSource(core: Core, name: string): number {
  const existing = findListByName(core.db, name);
  return existing ? existing.id : createList(core.db, name.trim()).id;
}

export function removeSource(context: AutomationContext, listId: number): AutomationView {
  requireList(context.core.db, listId);
  clearSource(context.core.db, listId);
  return automationView(context, listId);
}

export interface ScheduleInput {
  schedule: Schedule | null;
  action?: AutomationAction | undefined;
  adAccountId?: string | null | undefined;
}

export function setSchedule(context: AutomationContext, listId: number, input: ScheduleInput): AutomationView {
  const { db } = context.core;
  requireList(db, listId);
  if (input.schedule === null) {
    deleteAutomation(db, listId);
    return automationView(context, listId);
  }
  const current = getAutomation(db, listId);
  const adAccountId = input.adAccountId === undefined ? (current?.adAccountId ?? null) : input.adAccountId;
  if (adAccountId !== null) pathId(adAccountId, 'The ad account');
  const action = input.action ?? current?.action ?? 'refresh-sync';
  const fallback = [...new Set(listTargets(db, listId).map((t) => t.adAccountId))];
  if (action === 'refresh-sync' && adAccountId === null && fallback.length !== 1) {
    throw new PinlistError('INVALID_INPUT', 'Say which ad account to sync to (--ad-account ID, see `pinlist accounts`), or use --refresh-only.');
  }
  saveAutomation(db, listId, { schedule: input.schedule, action, adAccountId }, new Date(context.now()).toISOString());
  return automationView(context, listId);
}

/**
 * What a sync would send now, per list and ad account, for lists whose members changed since
 * Pinterest last confirmed them (a dry run each: nothing is written or sent).
 */
export async function pendingChanges(context: AutomationContext): Promise<PendingChange[]> {
  const { db } = context.core;
  const pairs = db.prepare("SELECT DISTINCT t.list_id AS listId, t.ad_account_id AS adAccountId FROM sync_targets t JOIN lists l ON l.id = t.list_id WHERE l.role = 'audience' ORDER BY t.list_id").all() as {
    listId: number;
    adAccountId: string;
  }[];
  const pending: PendingChange[] = [];
  for (const { listId, adAccountId } of pairs) {
    if (!needsSync(context, listId, adAccountId)) continue;
    const plan = await planSync({ core: context.core }, { listId, adAccountId });
    if (plan.added + plan.removed > 0) pending.push({ listId, adAccountId, added: plan.added, removed: plan.removed });
  }
  return pending;
}
