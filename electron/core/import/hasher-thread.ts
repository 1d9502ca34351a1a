import type { MessagePort } from 'node:worker_threads';
import { PinlistError } from '../../../shared/errors.js';
import { openDatabase, type Db } from '../db/open.js';
import { removeStaleRunDirs } from '../store/sorted-runs.js';
import { cancelledError, commitStage, planStage } from './commit-stage.js';
import { HashStage } from './hash-stage.js';
import {
  CONSUMED_SLOT,
  decodeBatch,
  errorPayload,
  isCancelled,
  type HasherToMain,
  type HasherWorkerData,
  type MainToWorker,
  type ReaderToHasher,
} from './protocol.js';

const PROGRESS_EVERY_MS = 100;

/**
 * The hasher worker's body: normalizes and hashes each batch the reader sends, then commits the
 * import (or works out its plan) with its own SQLite connection. Answers the parent exactly once:
 * done, cancelled or error.
 */
export function hasherWorkerMain(parent: MessagePort, data: HasherWorkerData): void {
  const flag = new Int32Array(data.control);
  const reader = data.reader;
  const throwIfCancelled = (): void => {
    if (isCancelled(flag)) throw cancelledError();
  };
  let stage: HashStage | null = null;
  let answered = false;
  let rows = 0;
  let lastProgress = 0;

  removeStaleRunDirs(data.tempDir);

  const answer = (message: HasherToMain): void => {
    if (answered) return;
    answered = true;
    try {
      stage?.close();
    } finally {
      stage = null;
      reader.off('message', onReader);
      parent.off('message', onParent);
      reader.unref();
      parent.postMessage(message);
    }
  };
  const fail = (error: unknown): void => {
    if (isCancelled(flag) || (error instanceof PinlistError && error.code === 'CANCELLED')) answer({ type: 'cancelled' });
    else answer({ type: 'error', error: errorPayload(error) });
  };

  function onParent(message: MainToWorker): void {
    if (message.type === 'cancel') answer({ type: 'cancelled' });
  }

  function onReader(message: ReaderToHasher): void {
    if (answered) return;
    try {
      throwIfCancelled();
      switch (message.type) {
        case 'start':
          stage = new HashStage({ columns: message.columns, tempDir: data.tempDir, keepPlaintext: data.keepPlaintext, runLimit: data.runLimit });
          break;
        case 'batch':
        case 'hashed': {
          if (!stage) throw new Error('a batch arrived before the columns');
          if (message.type === 'batch') stage.add(decodeBatch(message.batch));
          else stage.addHashed(message.batch);
          Atomics.add(flag, CONSUMED_SLOT, 1);
          Atomics.notify(flag, CONSUMED_SLOT);
          rows += message.batch.count;
          const now = performance.now();
          if (now - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = now;
            parent.postMessage({ type: 'progress', rows } satisfies HasherToMain);
          }
          break;
        }
        case 'end': {
          if (!stage) throw new Error('the file ended before its columns were known');
          parent.postMessage({ type: 'progress', rows } satisfies HasherToMain);
          parent.postMessage({ type: 'phase', phase: 'saving' } satisfies HasherToMain);
          let db: Db | null = null;
          try {
            db = openDatabase(data.dbPath);
            if (data.dryRun) {
              const plan = planStage(db, { target: data.target, mode: data.mode, stage, throwIfCancelled });
              answer({ type: 'done', summary: null, plan });
            } else {
              const summary = commitStage(db, {
                target: data.target,
                mode: data.mode,
                stage,
                file: message.file,
                mapping: message.mapping,
                format: message.format,
                startedAt: data.startedAt,
                throwIfCancelled,
              });
              answer({ type: 'done', summary, plan: null });
            }
          } finally {
            db?.close();
          }
          break;
        }
      }
    } catch (error) {
      fail(error);
    }
  }

  reader.on('message', onReader);
  parent.on('message', onParent);
}
