import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/error-payload.js';
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
  parentPort!.postMessage({ ok: false, error: toErrorPayload(error, { what: 'Computing the sync failed', advice: 'Nothing was sent; run the sync again.' }) });
} finally {
  db.close();
}
