import { connectionFor } from '../auth/connection.js';
import { liveLock, listTargets, planSync, startSyncJob, syncHistory, syncStatus, targetView } from './index.js';
import { describeLock } from './lock.js';
import { rememberAdAccount, requireList } from '../store/index.js';
import { remoteCustomerLists } from './remote-lists.js';
import { PinlistError } from '../../../shared/errors.js';
import type { HandlerSlice } from '../handler-types.js';
import { audienceHealth } from '../audiences/health.js';

export const syncHandlers = {
  'sync.plan': (input, { core }) => planSync({ core }, input),
  'sync.start': (input, { core }) => {
    const list = requireList(core.db, input.listId);
    // Said at once rather than through a failed job; the job checks again when it takes the lock.
    const lock = liveLock(core.db, list.id);
    if (lock) throw new PinlistError('SYNC_LOCKED', describeLock(lock, list.name));
    const started = startSyncJob(core, input);
    // The sync screen preselects this ad account for the list next time.
    rememberAdAccount(core.db, list.id, input.adAccountId);
    return started;
  },
  'sync.customerLists': ({ adAccountId }, { core }) => remoteCustomerLists(connectionFor(core).client(), core.db, adAccountId),
  'sync.history': ({ listId, limit }, { core }) => {
    requireList(core.db, listId);
    return syncHistory(core.db, listId, limit);
  },
  // Asking Pinterest also keeps an audience reading (match rate over time, flags and alerts).
  'sync.status': async ({ listId, adAccountId, refresh }, { core }) =>
    refresh ? (await audienceHealth({ core }, listId, { adAccountId, refresh: true, trigger: 'manual' })).sync : syncStatus(core.db, listId, { adAccountId }),
  'sync.targets': ({ listId }, { core }) => {
    requireList(core.db, listId);
    return listTargets(core.db, listId).map((target) => targetView(core.db, target));
  },
} satisfies HandlerSlice<'sync.customerLists' | 'sync.plan' | 'sync.start' | 'sync.history' | 'sync.status' | 'sync.targets'>;
