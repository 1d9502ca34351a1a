import { appHandlers } from './app/handlers.js';
import { authHandlers } from './auth/handlers.js';
import { fileHandlers } from './files/handlers.js';
import { importHandlers } from './import/handlers.js';
import { listHandlers } from './lists/handlers.js';
import { syncHandlers } from './sync/handlers.js';
import { audienceHandlers } from './audiences/handlers.js';
import { dbHandlers } from './db/handlers.js';
import { automationHandlers } from './automation/handlers.js';
import type { HandlerTable } from './handler-types.js';

/** Every channel's handler. Adding a channel: declare it in shared/contract, add its handler here. */
export const handlers: HandlerTable = {
  ...appHandlers,
  ...fileHandlers,
  ...authHandlers,
  ...importHandlers,
  ...listHandlers,
  ...syncHandlers,
  ...audienceHandlers,
  ...dbHandlers,
  ...automationHandlers,
};
