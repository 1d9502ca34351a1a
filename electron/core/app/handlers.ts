import type { HandlerSlice } from '../handler-types.js';
import { PinlistError } from '../../../shared/errors.js';
import pkg from '../../../package.json' with { type: 'json' };

export const appHandlers = {
  'app.info': (_input, { core }) => ({
    name: 'Pinlist',
    version: pkg.version,
    dataDir: core.dataDir,
    databasePath: core.databasePath,
    schemaVersion: core.schemaVersion(),
    surface: core.surface,
  }),
  'app.ping': ({ message }) => ({ message, receivedAt: new Date().toISOString() }),
  'jobs.list': (_input, { core }) => core.jobs.list(),
  'jobs.cancel': ({ jobId }, { core }) => {
    if (!core.jobs.get(jobId)) throw new PinlistError('NOT_FOUND', `There is no job ${jobId}. Refresh the list of running work.`);
    return { cancelled: core.jobs.cancel(jobId) };
  },
} satisfies HandlerSlice<'app.info' | 'app.ping' | 'jobs.list' | 'jobs.cancel'>;
