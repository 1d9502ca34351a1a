import { parentPort, workerData } from 'node:worker_threads';
import { buildPreview } from '../import/preview.js';
import { errorPayload, type PreviewToMain, type PreviewWorkerData } from '../import/protocol.js';

// The import preview, off the calling thread: an XLSX's shared strings can take a while to parse.
const data = workerData as PreviewWorkerData;
buildPreview(data).then(
  (preview) => parentPort!.postMessage({ type: 'done', preview } satisfies PreviewToMain),
  (error: unknown) => parentPort!.postMessage({ type: 'error', error: errorPayload(error) } satisfies PreviewToMain),
);
