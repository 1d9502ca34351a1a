import { parentPort, workerData } from 'node:worker_threads';
import { buildPreview } from '../import/preview.js';
import { errorPayload, type PreviewToMain, type PreviewWorkerData } from '../import/protocol.js';
import { setDisplayName } from '../import/read/errors.js';

// The import preview, off the calling thread: an XLSX's shared strings can take a while to parse.
const data = workerData as PreviewWorkerData;
// Messages name the file the user chose, not a browser upload's temporary name.
setDisplayName(data.file, data.fileName);
buildPreview(data).then(
  (preview) => parentPort!.postMessage({ type: 'done', preview } satisfies PreviewToMain),
  (error: unknown) => parentPort!.postMessage({ type: 'error', error: errorPayload(error) } satisfies PreviewToMain),
);
