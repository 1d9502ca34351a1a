import { PinlistError } from '../../shared/errors.js';
import type { HandlerSlice } from './types.js';

// Temporary: the contract is published first so the screens can be built against it; the real
// handlers replace these.
function notYet(): never {
  throw new PinlistError('INTERNAL', 'This part of Pinlist is not available in this build yet. Use a newer build.');
}

export const listHandlers = {
  'lists.list': notYet,
  'lists.get': notYet,
  'lists.members': notYet,
  'lists.lookup': notYet,
  'lists.rejects': notYet,
  'lists.purgeRejects': notYet,
  'lists.exportRejects': notYet,
  'lists.exportHashes': notYet,
  'lists.rename': notYet,
  'lists.delete': notYet,
  'suppression.summary': notYet,
  'suppression.remove': notYet,
  'settings.get': (_input, { core }) => core.settings.get(),
  'settings.update': (patch, { core }) => core.settings.update(patch),
} satisfies HandlerSlice<
  | 'lists.list'
  | 'lists.get'
  | 'lists.members'
  | 'lists.lookup'
  | 'lists.rejects'
  | 'lists.purgeRejects'
  | 'lists.exportRejects'
  | 'lists.exportHashes'
  | 'lists.rename'
  | 'lists.delete'
  | 'suppression.summary'
  | 'suppression.remove'
  | 'settings.get'
  | 'settings.update'
>;
