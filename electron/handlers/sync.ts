import { PinlistError } from '../../shared/errors.js';
import type { HandlerSlice } from './types.js';

// Temporary: the contract is published first so the sync screen can be built against it; the
// real handlers replace these with the sync engine.
function notYet(): never {
  throw new PinlistError('INTERNAL', 'Syncing is not available in this build yet. Use a newer build.');
}

export const syncHandlers = {
  'sync.plan': notYet,
  'sync.start': notYet,
  'sync.history': notYet,
  'sync.status': notYet,
  'sync.targets': notYet,
} satisfies HandlerSlice<'sync.plan' | 'sync.start' | 'sync.history' | 'sync.status' | 'sync.targets'>;
