import type { MessagePort } from 'node:worker_threads';
import { PinlistError } from '../../../shared/errors.js';
import { encodeBatch, errorPayload, isCancelled, type HasherToReader, type MainToWorker, type ReaderToHasher, type ReaderToMain, type ReaderWorkerData } from './protocol.js';
import { runReader } from './reader-stage.js';

/** Batches sent but not yet acknowledged by the hasher: enough to keep it busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 8;

/** The reader worker's body: runs `runReader`, sends batches to the hasher, reports to the parent. */
export async function readerWorkerMain(parent: MessagePort, data: ReaderWorkerData): Promise<void> {
  const flag = new Int32Array(data.cancelFlag);
  const controller = new AbortController();
  const hasher = data.hasher;
  const post = (message: ReaderToMain): void => parent.postMessage(message);
  const send = (message: ReaderToHasher): void => hasher.postMessage(message);

  let inFlight = 0;
  let wake: (() => void) | null = null;
  const onParent = (message: MainToWorker): void => {
    if (message.type === 'cancel') {
      controller.abort(new PinlistError('CANCELLED', 'The import was cancelled.'));
      wake?.();
    }
  };
  const onHasher = (message: HasherToReader): void => {
    if (message.type === 'ack') {
      inFlight--;
      wake?.();
    }
  };
  parent.on('message', onParent);
  hasher.on('message', onHasher);

  const waitForRoom = async (): Promise<void> => {
    while (inFlight >= MAX_IN_FLIGHT && !controller.signal.aborted) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (isCancelled(flag) && !controller.signal.aborted) controller.abort(new PinlistError('CANCELLED', 'The import was cancelled.'));
    controller.signal.throwIfAborted();
  };

  try {
    const result = await runReader(
      {
        file: data.file,
        fileName: data.fileName,
        sheet: data.sheet,
        encoding: data.encoding,
        overrides: data.overrides,
        batchRows: data.batchRows,
        signal: controller.signal,
      },
      {
        layout(layout, columns, format, fileSize) {
          post({ type: 'layout', columns: layout.columns, hasHeader: layout.hasHeader, format: { ...format }, fileSize });
          send({ type: 'start', columns });
        },
        async batch(batch) {
          await waitForRoom();
          inFlight++;
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
      format: { ...result.format, hasHeader: result.layout.hasHeader, headerRowNumber: result.layout.headerRowNumber },
      mapping: result.layout.columns,
      layout: result.layout,
    });
    post({ type: 'done', rowsRead: result.rowsRead });
  } catch (error) {
    post({ type: 'error', error: errorPayload(controller.signal.aborted ? controller.signal.reason : error) });
  } finally {
    parent.off('message', onParent);
    hasher.off('message', onHasher);
    // Without listeners the ports no longer hold the worker: it ends by itself once the reader's
    // files are closed (never terminated mid-XLSX, which would leave exceljs's temp files behind).
    hasher.unref();
  }
}
