import { parentPort, workerData } from 'node:worker_threads';
import { hasherWorkerMain } from '../import/hasher-thread.js';
import type { HasherWorkerData, StandbyHasherData, StartStandbyHasher } from '../import/protocol.js';

// Import, hashing half: normalize, hash, sort, commit (see import/pipeline.ts). Started on
// standby after a plan, it waits, loaded, for the import's data (staged-result.ts).
const data = workerData as HasherWorkerData | StandbyHasherData;
if ('standby' in data) parentPort!.once('message', (message: StartStandbyHasher) => hasherWorkerMain(parentPort!, message.data));
else hasherWorkerMain(parentPort!, data);
