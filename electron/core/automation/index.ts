/**
 * Automation (issue 10): list sources, schedules, run-due, alerts, the webhook.
 *
 *   runAutomation(context, {listId, trigger, sync?})  one recorded run: refresh, then maybe sync
 *   dueAutomations / runDue(context)                  what is due now, and running it
 *   AutomationScheduler                              the app's timer and folder watcher
 *   automationContextFor(core)                       the clock, webhook and connection check of a core
 */
export { automationContextFor, healthFromStatus, type AutomationContext, type ConnectionHealth } from './context.js';
export { runAutomation, needsSync, type RunRequest } from './runner.js';
export { dueAutomations, runDue, runDueOne, checkConnection, type DueResult } from './due.js';
export { automationView, setSource, removeSource, setSchedule, pendingChanges, listForSource } from './service.js';
export { listAlerts, automationRuns, getAutomation, getSource } from './store.js';
export { WebhookSender, scrubIdentifiers, type WebhookPayload } from './webhook.js';
export { withImportLock, acquireRunLock } from './locks.js';
export { AutomationScheduler } from './scheduler.js';
export * from './schedule.js';
