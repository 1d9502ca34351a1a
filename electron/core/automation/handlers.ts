import { dismissAlertNow } from './alerts.js';
import { automationContextFor } from './context.js';
import { runDue } from './due.js';
import { runAutomation } from './runner.js';
import { automationView, listForSource, pendingChanges, removeSource, setSchedule, setSource } from './service.js';
import { listAlerts } from './store.js';
import type { HandlerSlice } from '../handler-types.js';

export const automationHandlers = {
  'automation.get': ({ listId, runs }, { core }) => automationView(automationContextFor(core), listId, runs),
  'automation.setSource': ({ listId, ...source }, { core }) => setSource(automationContextFor(core), listId, source),
  'automation.clearSource': ({ listId }, { core }) => removeSource(automationContextFor(core), listId),
  'automation.setSchedule': ({ listId, ...input }, { core }) => setSchedule(automationContextFor(core), listId, input),
  'automation.runNow': ({ listId, sync }, { core }) => runAutomation(automationContextFor(core), { listId, trigger: 'manual', sync }),
  'automation.pending': (_input, { core }) => pendingChanges(automationContextFor(core)),
  'automation.listForSource': ({ name }, { core }) => {
    const listId = listForSource(core, name);
    return { listId, list: automationView(automationContextFor(core), listId, 1).list };
  },
  'automation.runDue': async (_input, { core }) => ({ runs: await runDue(automationContextFor(core)) }),
  'alerts.list': ({ all }, { core }) => listAlerts(core.db, { all }),
  'alerts.dismiss': ({ alertId }, { core }) => ({ closed: dismissAlertNow(automationContextFor(core), alertId) }),
  'alerts.flush': async (_input, { core }) => {
    await automationContextFor(core).webhook.flush();
    return {};
  },
} satisfies HandlerSlice<
  | 'automation.get'
  | 'automation.setSource'
  | 'automation.clearSource'
  | 'automation.setSchedule'
  | 'automation.runNow'
  | 'automation.pending'
  | 'automation.listForSource'
  | 'automation.runDue'
  | 'alerts.list'
  | 'alerts.dismiss'
  | 'alerts.flush'
>;
