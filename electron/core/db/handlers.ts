import { checkDatabaseFile, listBackups, quickCheck } from './backups.js';
import { schemaVersion } from './open.js';
import type { HandlerSlice } from '../handler-types.js';

export const dbHandlers = {
  'db.check': ({ full }, { core }) => {
    // The core may not have opened the database (damaged, read-only folder): check the file itself.
    const problem = core.databaseError;
    const report = problem
      ? problem.code === 'DATABASE_DAMAGED'
        ? checkDatabaseFile(core.databasePath, full ?? false)
        : { ok: false, problems: [problem.message] }
      : full
        ? checkDatabaseFile(core.databasePath, true)
        : quickCheck(core.db);
    return { databasePath: core.databasePath, ...report, backups: listBackups(core.dataDir) };
  },
  'db.restore': async ({ backup }, { core }) => {
    const { restoredFrom, keptAs } = await core.restoreDatabase(backup);
    return { restoredFrom, keptAs, schemaVersion: schemaVersion(core.db) };
  },
} satisfies HandlerSlice<'db.check' | 'db.restore'>;
