import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderWorkerData } from '../import/protocol.js';
import { readerWorkerMain } from '../import/reader-thread.js';
import { setDisplayName } from '../import/read/errors.js';

// Import, reading half: decode, parse, pick the identifier columns (see import/pipeline.ts).
const data = workerData as ReaderWorkerData;
// Messages name the file the user chose, not a browser upload's temporary name.
setDisplayName(data.file, data.fileName);
void readerWorkerMain(parentPort!, data);
