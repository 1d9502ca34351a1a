import { parentPort, workerData } from 'node:worker_threads';
import { hasherWorkerMain } from '../import/hasher-thread.js';
import type { HasherWorkerData } from '../import/protocol.js';

// Import, hashing half: normalize, hash, sort, commit (see import/pipeline.ts).
hasherWorkerMain(parentPort!, workerData as HasherWorkerData);
