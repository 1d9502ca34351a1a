import type { Alert, AlertKind } from '../../../shared/contract/automation.js';
import { alertTitle } from '../../../shared/automation-text.js';
import type { AutomationContext } from './context.js';
import { closeAlerts, dismissAlert, upsertAlert } from './store.js';
import { scrubIdentifiers } from './webhook.js';

/**
 * Raising and closing alerts: stored (the Alerts view, `pinlist alerts`), broadcast to the surfaces
 * (the desktop app shows an OS notification), and POSTed to the webhook. A new alert notifies once;
 * the same problem again only refreshes it. Messages are scrubbed of identifiers before storing.
 */

export interface AlertFacts {
  outcome: string;
  counts?: { imported: number | null; added: number | null; removed: number | null } | null;
  runId?: number | null;
}

export { alertTitle };

export function raiseAlert(context: AutomationContext, listId: number | null, listName: string | null, kind: AlertKind, message: string, facts: AlertFacts): Alert {
  const at = new Date(context.now()).toISOString();
  const { alert, opened } = upsertAlert(context.core.db, listId, kind, scrubIdentifiers(message), facts.runId ?? null, at);
  if (opened) {
    context.core.events.emit('alerts.raised', alert);
    context.webhook.send({
      text: `Pinlist: ${alertTitle(kind)}${listName ? ` for "${listName}"` : ''}. ${alert.message}`,
      list: listName,
      kind,
      outcome: facts.outcome,
      counts: facts.counts ?? null,
      at,
    });
  }
  return alert;
}

/** Closes what a recovered run shows is over, and says so on the webhook. */
export function resolveAlerts(context: AutomationContext, listId: number | null, listName: string | null, kinds: readonly AlertKind[], facts: AlertFacts): Alert[] {
  const at = new Date(context.now()).toISOString();
  const closed = closeAlerts(context.core.db, listId, kinds, at);
  for (const alert of closed) {
    context.webhook.send({
      text: `Pinlist: resolved: ${alertTitle(alert.kind)}${listName ? ` for "${listName}"` : ''}.`,
      list: listName,
      kind: alert.kind,
      outcome: 'recovered',
      counts: facts.counts ?? null,
      at,
    });
  }
  return closed;
}

/** Closes an alert by hand (the Alerts view's Dismiss). */
export function dismissAlertNow(context: AutomationContext, alertId: number): boolean {
  return dismissAlert(context.core.db, alertId, new Date(context.now()).toISOString());
}
