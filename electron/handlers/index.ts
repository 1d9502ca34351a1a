import { appHandlers } from './app.js';
import { authHandlers } from './auth.js';
import { fileHandlers } from './files.js';
import { importHandlers } from './import.js';
import { listHandlers } from './lists.js';
import { syncHandlers } from './sync.js';
import type { HandlerTable } from './types.js';

/** Every channel's handler. Adding a channel: declare it in shared/contract, add its handler here. */
export const handlers: HandlerTable = {
  ...appHandlers,
  ...fileHandlers,
  ...authHandlers,
  ...importHandlers,
  ...listHandlers,
  ...syncHandlers,
};
