import { dismissAlertNow } from './alerts.js';
import { automationContextFor } from './context.js';
import { runAutomation } from './runner.js';
import { automationView, pendingChanges, removeSource, setSchedule, setSource } from './service.js';
import { listAlerts } from './store.js';
import type { HandlerSlice } from '../handler-types.js';

export const automationHandlers = {
  'automation.get': ({ listId, runs }, { core }) => automationView(automationContextFor(core), listId, runs),
  'automation.setSource': ({ listId, ...source }, { core }) => setSource(automationContextFor(core), listId, source),
  'automation.clearSource': ({ listId }, { core }) => removeSource(automationContextFor(core), listId),
  'automation.setSchedule': ({ listId, ...input }, { core }) => setSchedule(automationContextFor(core), listId, input),
  'automation.runNow': ({ listId, sync }, { core }) => runAutomation(automationContextFor(core), { listId, trigger: 'manual', sync }),
  'automation.pending': (_input, { core }) => pendingChanges(automationContextFor(core)),
  'alerts.list': ({ all }, { core }) => listAlerts(core.db, { all }),
  'alerts.dismiss': ({ alertId }, { core }) => ({ closed: dismissAlertNow(automationContextFor(core), alertId) }),
} satisfies HandlerSlice<
  | 'automation.get'
  | 'automation.setSource'
  | 'automation.clearSource'
  | 'automation.setSchedule'
  | 'automation.runNow'
  | 'automation.pending'
  | 'alerts.list'
  | 'alerts.dismiss'
>;
