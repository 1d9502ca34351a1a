import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.js';
import { hasherWorkerMain } from '../import/hasher-thread.js';
import { discardQuietly } from '../store/prepared-sets.js';
import type { HasherWorkerData, StandbyHasherData, ToStandbyHasher } from '../import/protocol.js';

// Import, hashing half: normalize, hash, sort, commit (see import/pipeline.ts). Started on
// standby after a plan, it waits, loaded, for the import's data (staged-result.ts), or, when the
// plan is dropped, deletes the sets written ahead for that import and ends.
const data = workerData as HasherWorkerData | StandbyHasherData;
if ('standby' in data) {
  parentPort!.once('message', (message: ToStandbyHasher) => {
    if (message.type === 'start') {
      hasherWorkerMain(parentPort!, message.data);
      return;
    }
    try {
      const db = openDatabase(message.dbPath);
      try {
        discardQuietly(db, message.setIds);
      } finally {
        db.close();
      }
    } catch {
      // The database cannot be opened now: a later import sweeps them (sweepPreparedSets).
    }
    parentPort!.close();
  });
} else {
  hasherWorkerMain(parentPort!, data);
}
