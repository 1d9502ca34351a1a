import { requireList } from '../store/index.js';
import type { HandlerSlice } from '../handler-types.js';
import { audienceHealth } from './health.js';
import { createLookalike, lookalikesOf, refreshLookalikes, removeLookalike, renameLookalike } from './lookalikes.js';
import { estimateReach } from './reach.js';
import { shareAudiences, sharingOf } from './sharing.js';

export const audienceHandlers = {
  'audiences.health': ({ listId, adAccountId, refresh, trigger }, { core }) => audienceHealth({ core }, listId, { adAccountId, refresh, trigger: trigger ?? 'manual' }),
  'audiences.reach': ({ listId, adAccountId }, { core }) => estimateReach({ core }, listId, adAccountId),
  'audiences.lookalikes': ({ listId, refresh }, { core }) => {
    requireList(core.db, listId);
    return refresh ? refreshLookalikes({ core }, listId) : lookalikesOf(core.db, listId);
  },
  'audiences.lookalikeCreate': (input, { core }) => createLookalike({ core }, input),
  'audiences.lookalikeRename': ({ lookalikeId, name }, { core }) => renameLookalike({ core }, lookalikeId, name),
  'audiences.lookalikeRemove': ({ lookalikeId }, { core }) => removeLookalike({ core }, lookalikeId),
  'audiences.sharing': ({ listId, adAccountId }, { core }) => sharingOf({ core }, listId, adAccountId),
  'audiences.share': (input, { core }) => shareAudiences({ core }, input),
} satisfies HandlerSlice<
  | 'audiences.health'
  | 'audiences.reach'
  | 'audiences.lookalikes'
  | 'audiences.lookalikeCreate'
  | 'audiences.lookalikeRename'
  | 'audiences.lookalikeRemove'
  | 'audiences.sharing'
  | 'audiences.share'
>;
