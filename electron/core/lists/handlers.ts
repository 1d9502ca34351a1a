import path from 'node:path';
import { PinlistError } from '../../../shared/errors.js';
import { deleteList, pageOfHashes, currentSet, purgeRejects, rememberAdAccount, renameList, requireList } from '../store/index.js';
import { exportHashes, exportRejects } from './exports.js';
import { lookupMember } from './lookup.js';
import { listDetail, listOverview, listSummaryOf } from './overview.js';
import { rejectsPage } from './rejects.js';
import { removeFromSuppression, suppressionSummary } from './suppression.js';
import { hashToHex, HASH_BYTES } from '../store/hashes.js';
import type { Db } from '../db/open.js';
import type { HandlerSlice } from '../handler-types.js';
import type { Core } from '../core.js';

function requireAudience(db: Db, listId: number, action: string): void {
  if (requireList(db, listId).role === 'suppression') {
    throw new PinlistError('INVALID_INPUT', `The suppression list cannot be ${action}. Manage it from the Suppression screen or with \`pinlist suppress\`.`);
  }
}

/** `out` is the command line's: a page (app or browser) may not name a path to write. */
function exportDestination(core: Core, out: string | undefined): string | undefined {
  if (out === undefined) return undefined;
  if (core.surface !== 'cli') throw new PinlistError('FORBIDDEN', 'Only the command line writes an export to a path it names. Save the export from the app instead.');
  if (!path.isAbsolute(out)) throw new PinlistError('INVALID_INPUT', `The export's destination must be an absolute path, not ${out}.`);
  return out;
}

export const listHandlers = {
  'lists.list': (_input, { core }) => listOverview(core.db),
  'lists.get': ({ listId }, { core }) => listDetail(core.db, listId),
  'lists.members': ({ listId, kind, offset, limit }, { core }) => {
    requireList(core.db, listId);
    const set = currentSet(core.db, listId, kind);
    if (!set) return { total: 0, offset, hashes: [] };
    const page = pageOfHashes(core.db, set.setId, offset, limit);
    const hashes: string[] = [];
    for (let at = 0; at < page.length; at += HASH_BYTES) hashes.push(hashToHex(page, at));
    return { total: set.size, offset, hashes };
  },
  'lists.lookup': ({ listId, kind, value }, { core }) => lookupMember(core.db, listId, kind, value),
  'lists.rejects': (input, { core }) => rejectsPage(core.db, input),
  'lists.purgeRejects': ({ listId }, { core }) => {
    requireList(core.db, listId);
    return { purged: purgeRejects(core.db, listId) };
  },
  'lists.exportRejects': ({ listId, importId, out }, { core }) => exportRejects(core.db, core.dataDir, listId, importId, exportDestination(core, out)),
  'lists.exportHashes': ({ listId, kind, out }, { core }) => exportHashes(core.db, core.dataDir, listId, kind, exportDestination(core, out)),
  'lists.setAdAccount': ({ listId, adAccountId }, { core }) => {
    requireAudience(core.db, listId, 'synced');
    rememberAdAccount(core.db, listId, adAccountId);
    return { listId, adAccountId };
  },
  'lists.rename': ({ listId, name }, { core }) => {
    requireAudience(core.db, listId, 'renamed');
    renameList(core.db, listId, name);
    return listSummaryOf(core.db, listId);
  },
  'lists.delete': ({ listId }, { core }) => {
    requireAudience(core.db, listId, 'deleted');
    return { deleted: deleteList(core.db, listId) };
  },
  'suppression.summary': (_input, { core }) => suppressionSummary(core.db),
  'suppression.remove': ({ kind, value }, { core }) => removeFromSuppression(core.db, kind, value),
  'settings.get': (_input, { core }) => core.settings.get(),
  // Only the keys given (a key sent as undefined would otherwise reset that setting to its default).
  'settings.update': (patch, { core }) =>
    core.settings.update(Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))),
} satisfies HandlerSlice<
  | 'lists.list'
  | 'lists.get'
  | 'lists.members'
  | 'lists.lookup'
  | 'lists.rejects'
  | 'lists.purgeRejects'
  | 'lists.exportRejects'
  | 'lists.exportHashes'
  | 'lists.setAdAccount'
  | 'lists.rename'
  | 'lists.delete'
  | 'suppression.summary'
  | 'suppression.remove'
  | 'settings.get'
  | 'settings.update'
>;
