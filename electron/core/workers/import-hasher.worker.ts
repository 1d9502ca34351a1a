import { parentPort, workerData } from 'node:worker_threads';
import { hasherWorkerMain } from '../import/hasher-worker.js';
import type { HasherWorkerData } from '../import/protocol.js';

// Import, hashing half: normalize, hash, sort, commit (see import/pipeline.ts).
hasherWorkerMain(parentPort!, workerData as HasherWorkerData);
