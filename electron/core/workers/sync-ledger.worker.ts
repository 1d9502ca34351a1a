import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/error-payload.js';
import path from 'node:path';
import { openDatabase } from '../db/open.js';
import { storageError } from '../db/storage-errors.js';
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
  // SQLITE_FULL names the database's disk; a damaged database names the file.
  const storage = storageError(error, { path: path.dirname(task.dbPath), databasePath: task.dbPath, what: 'The sync', outcome: 'Nothing more was sent.' });
  parentPort!.postMessage({ ok: false, error: toErrorPayload(storage ?? error, { what: 'Computing the sync failed', advice: 'Nothing was sent; run the sync again.' }) });
} finally {
  db.close();
}
