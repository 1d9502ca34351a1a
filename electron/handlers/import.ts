import { PinlistError } from '../../shared/errors.js';
import type { HandlerSlice } from './types.js';

// Temporary: the contract is published first so the wizard can be built against it; the real
// handlers replace these with the import pipeline.
function notYet(): never {
  throw new PinlistError('INTERNAL', 'Importing is not available in this build yet. Use a newer build.');
}

export const importHandlers = {
  'import.preview': notYet,
  'import.plan': notYet,
  'import.start': notYet,
  'suppression.start': notYet,
} satisfies HandlerSlice<'import.preview' | 'import.plan' | 'import.start' | 'suppression.start'>;
