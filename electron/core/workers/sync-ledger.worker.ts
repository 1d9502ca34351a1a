import { parentPort, workerData } from 'node:worker_threads';
import { isPinlistError } from '../../../shared/errors.js';
import { openDatabase } from '../db/open.js';
import { runLedgerTask, type LedgerTask } from '../sync/ledger-task.js';

/**
 * The sync engine's heavy, synchronous work (computing the diff over a list of millions, writing
 * the plan, compacting the ledger) on its own SQLite connection, off the main thread.
 */
const task = workerData as LedgerTask;
const db = openDatabase(task.dbPath);
try {
  parentPort!.postMessage({ ok: true, value: runLedgerTask(db, task) });
} catch (error) {
  const payload = isPinlistError(error)
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL', message: `Computing the sync failed: ${(error as Error)?.message ?? String(error)}` };
  parentPort!.postMessage({ ok: false, error: payload });
} finally {
  db.close();
}
