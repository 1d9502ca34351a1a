import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderWorkerData } from '../import/protocol.js';
import { readerWorkerMain } from '../import/reader-thread.js';

// Import, reading half: decode, parse, pick the identifier columns (see import/pipeline.ts).
void readerWorkerMain(parentPort!, workerData as ReaderWorkerData);
