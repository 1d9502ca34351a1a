import * as z from 'zod';
import { event, request } from './define.js';
import { importModeSchema, importSummarySchema, mapOverrideSchema } from './import.js';

/**
 * Automation (issue 10): a list's source (a file, or the newest matching file in a folder), its
 * schedule and what it does then (refresh, or refresh and sync), the record of every run, and
 * alerts. Times are ISO 8601; a schedule's HH:MM is local time on the computer that runs it.
 */

const listIdSchema = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour), e.g. 06:30');

export const listSourceSchema = z.strictObject({
  kind: z.enum(['file', 'folder']),
  /** The file (kind 'file') or the folder (kind 'folder'), absolute. */
  path: z.string().min(1).max(4096),
  /** kind 'folder': a glob on file names (`*` and `?`), e.g. `contacts_*.csv`; the newest match wins. */
  pattern: z.string().min(1).max(500).nullable(),
  overrides: z.array(mapOverrideSchema).max(1000),
  sheet: z.string().min(1).max(500).nullable(),
  encoding: z.string().min(1).max(50).nullable(),
  mode: importModeSchema,
});

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('every'), hours: z.number().int().min(1).max(8760) }),
  z.strictObject({ kind: z.literal('daily'), time: hhmm }),
  /** day: 0 = Sunday … 6 = Saturday. */
  z.strictObject({ kind: z.literal('weekly'), day: z.number().int().min(0).max(6), time: hhmm }),
  z.strictObject({ kind: z.literal('on-change') }),
]);

export const automationActionSchema = z.enum(['refresh', 'refresh-sync']);
export const runTriggerSchema = z.enum(['schedule', 'source-change', 'manual']);
export const runOutcomeSchema = z.enum(['ok', 'unchanged', 'failed', 'held', 'skipped']);

export const automationSettingsSchema = z.strictObject({
  schedule: scheduleSchema,
  action: automationActionSchema,
  /** Where refresh-sync syncs to (the list's targets in that ad account). */
  adAccountId: z.string().nullable(),
  enabled: z.boolean(),
});

export const automationRunSchema = z.strictObject({
  runId: z.number().int(),
  listId: listIdSchema,
  trigger: runTriggerSchema,
  state: z.enum(['running', 'ok', 'unchanged', 'failed', 'held', 'skipped', 'interrupted']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  fileName: z.string().nullable(),
  /** The import's counts when the run imported. */
  import: importSummarySchema.nullable(),
  sync: z.strictObject({ added: z.number().int().nonnegative(), removed: z.number().int().nonnegative() }).nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  message: z.string(),
});

export const automationViewSchema = z.strictObject({
  listId: listIdSchema,
  list: z.string(),
  source: listSourceSchema.nullable(),
  automation: automationSettingsSchema.nullable(),
  /** When it runs next (null: no schedule, disabled, or on-change). */
  nextRunAt: z.string().nullable(),
  /** Newest first. */
  lastRuns: z.array(automationRunSchema),
});

export const alertKindSchema = z.enum([
  'run-failed',
  'held',
  'source-missing',
  'source-stale',
  'connection-expiring',
  'connection-expired',
  'audience-small',
  'match-rate-drop',
]);

export const alertSchema = z.strictObject({
  id: z.number().int(),
  listId: listIdSchema.nullable(),
  list: z.string().nullable(),
  kind: alertKindSchema,
  state: z.enum(['open', 'closed']),
  message: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});

export const pendingChangeSchema = z.strictObject({
  listId: listIdSchema,
  adAccountId: z.string(),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
});

export const automationRequests = {
  'automation.get': request(
    "A list's source, schedule, destination, next run and last runs.",
    z.strictObject({ listId: listIdSchema, runs: z.number().int().min(1).max(100).optional() }),
    automationViewSchema,
  ),
  'automation.setSource': request(
    "Sets a list's source (a file, or a folder + pattern) and how to read it. Does not import: refresh does.",
    z.strictObject({
      listId: listIdSchema,
      kind: z.enum(['file', 'folder']),
      path: z.string().trim().min(1).max(4096),
      pattern: z.string().trim().min(1).max(500).optional(),
      overrides: z.array(mapOverrideSchema).max(1000).optional(),
      sheet: z.string().min(1).max(500).optional(),
      encoding: z.string().min(1).max(50).optional(),
      mode: importModeSchema.optional(),
    }),
    automationViewSchema,
  ),
  'automation.clearSource': request('Forgets a list\'s source (its schedule stays, but cannot run until a source is set).', z.strictObject({ listId: listIdSchema }), automationViewSchema),
  'automation.setSchedule': request(
    'Sets when a list refreshes itself and what it does then; `schedule: null` turns it off.',
    z.strictObject({
      listId: listIdSchema,
      schedule: scheduleSchema.nullable(),
      action: automationActionSchema.optional(),
      adAccountId: z.string().trim().min(1).max(40).nullable().optional(),
    }),
    automationViewSchema,
  ),
  'automation.runNow': request(
    'Refreshes the list from its source now (and syncs when its automation says so, or `sync: true`), recorded as a manual run. Resolves when the run ends.',
    z.strictObject({ listId: listIdSchema, sync: z.boolean().optional() }),
    automationRunSchema,
  ),
  'automation.pending': request(
    'Per list and ad account, what a sync would send now (+added −removed), for lists changed since their last sync.',
    z.strictObject({}),
    z.array(pendingChangeSchema),
  ),
  'automation.listForSource': request(
    "The audience list a source is set on, by name (ignoring case): created empty when there is none (`pinlist source NAME --file PATH`).",
    z.strictObject({ name: z.string().trim().min(1).max(1000) }),
    z.strictObject({ listId: listIdSchema, list: z.string() }),
  ),
  'automation.runDue': request(
    'Runs every automation due now (or whose source changed), one after another, then checks the connection and stale sources; resolves with each run, in order (`pinlist run-due`).',
    z.strictObject({}),
    z.strictObject({ runs: z.array(z.strictObject({ list: z.string(), trigger: runTriggerSchema, run: automationRunSchema })) }),
  ),
  'alerts.list': request('Open alerts (all, closed too, with `all`), newest first.', z.strictObject({ all: z.boolean().optional() }), z.array(alertSchema)),
  'alerts.dismiss': request('Closes an alert by hand.', z.strictObject({ alertId: z.number().int() }), z.strictObject({ closed: z.boolean() })),
  'alerts.flush': request(
    'Waits (at most 30 s) until the alerts raised so far have reached the alert webhook: a process about to end (the CLI) asks before it exits.',
    z.strictObject({}),
    z.strictObject({}),
  ),
} as const;

export const automationEvents = {
  'alerts.raised': event('An alert was opened (shown as an OS notification in the desktop app).', alertSchema),
  'automation.changed': event('An automated run started or ended; screens showing a list refresh.', z.strictObject({ listId: listIdSchema })),
} as const;

export type ListSource = z.infer<typeof listSourceSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type AutomationAction = z.infer<typeof automationActionSchema>;
export type AutomationSettings = z.infer<typeof automationSettingsSchema>;
export type AutomationRun = z.infer<typeof automationRunSchema>;
export type AutomationView = z.infer<typeof automationViewSchema>;
export type RunTrigger = z.infer<typeof runTriggerSchema>;
export type RunOutcome = z.infer<typeof runOutcomeSchema>;
export type AlertKind = z.infer<typeof alertKindSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type PendingChange = z.infer<typeof pendingChangeSchema>;
