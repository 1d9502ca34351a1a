import type { MessagePort } from 'node:worker_threads';
import { PinlistError } from '../../../shared/errors.js';
import { CONSUMED_SLOT, encodeBatch, errorPayload, isCancelled, type MainToWorker, type ReaderToHasher, type ReaderToMain, type ReaderWorkerData } from './protocol.js';
import { BatchHasher } from './batch-hasher.js';
import { runReader } from './reader-stage.js';

/** Batches sent but not yet consumed by the hasher: enough to keep it busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 8;
/**
 * With this many batches waiting for the hasher, the reader normalizes and hashes the next batch
 * itself and sends the hashes: parsing is cheaper than hashing, so on two cores the reader would
 * otherwise sit idle for a third of the import.
 */
const HASH_HERE_WHEN_BEHIND = 4;
/** How often a reader waiting for the hasher looks at the cancel flag. */
const WAIT_SLICE_MS = 50;

/** `Atomics.waitAsync` (Node 16+; not yet in this TypeScript lib). */
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** The reader worker's body: runs `runReader`, sends batches to the hasher, reports to the parent. */
export async function readerWorkerMain(parent: MessagePort, data: ReaderWorkerData): Promise<void> {
  const flag = new Int32Array(data.control);
  const controller = new AbortController();
  const hasher = data.hasher;
  const post = (message: ReaderToMain): void => parent.postMessage(message);
  const send = (message: ReaderToHasher): void => hasher.postMessage(message);

  let sent = 0;
  let localHasher: BatchHasher | null = null;
  const behind = (): boolean => sent - Atomics.load(flag, CONSUMED_SLOT) >= HASH_HERE_WHEN_BEHIND;
  const onParent = (message: MainToWorker): void => {
    if (message.type === 'cancel') controller.abort(new PinlistError('CANCELLED', 'The import was cancelled.'));
  };
  parent.on('message', onParent);

  const waitForRoom = async (): Promise<void> => {
    for (;;) {
      if (isCancelled(flag) && !controller.signal.aborted) controller.abort(new PinlistError('CANCELLED', 'The import was cancelled.'));
      controller.signal.throwIfAborted();
      const consumed = Atomics.load(flag, CONSUMED_SLOT);
      if (sent - consumed < MAX_IN_FLIGHT) return;
      const wait = waitAsync(flag, CONSUMED_SLOT, consumed, WAIT_SLICE_MS);
      if (wait.async) await wait.value;
    }
  };

  try {
    const result = await runReader(
      {
        file: data.file,
        fileName: data.fileName,
        sheet: data.sheet,
        encoding: data.encoding,
        overrides: data.overrides,
        extraColumn: data.extraColumn,
        batchRows: data.batchRows,
        signal: controller.signal,
        pause: data.pause,
      },
      {
        layout(layout, columns, format, fileSize, extra) {
          post({ type: 'layout', columns: layout.columns, hasHeader: layout.hasHeader, format: { ...format }, fileSize });
          send({ type: 'start', columns, extraColumn: extra?.name ?? null });
          if (data.readerHashing !== 'never') localHasher = new BatchHasher(columns, { keepValues: false, reuseBuffers: false });
        },
        async batch(batch) {
          if (localHasher && (data.readerHashing === 'always' || behind())) {
            const hashed = localHasher.hash(batch);
            await waitForRoom();
            sent++;
            hasher.postMessage({ type: 'hashed', batch: hashed } satisfies ReaderToHasher, hashed.kinds.map((kind) => kind.hashes.buffer as ArrayBuffer));
            return;
          }
          await waitForRoom();
          sent++;
          send({ type: 'batch', batch: encodeBatch(batch) });
        },
        progress(rows, bytes) {
          post({ type: 'progress', rows, bytes });
        },
      },
    );
    send({
      type: 'end',
      file: { name: data.fileName, size: result.fileSize, sha256: result.sha256 },
      identity: result.identity,
      format: { ...result.format, hasHeader: result.layout.hasHeader, headerRowNumber: result.layout.headerRowNumber },
      mapping: result.layout.columns,
      layout: result.layout,
    });
    post({ type: 'done', rowsRead: result.rowsRead });
  } catch (error) {
    post({ type: 'error', error: errorPayload(controller.signal.aborted ? controller.signal.reason : error) });
  } finally {
    parent.off('message', onParent);
    // Without listeners the ports no longer hold the worker: it ends by itself once the reader has
    // closed the file (a worker terminated mid-read would leave its file handle to the process's GC).
    hasher.unref();
  }
}
