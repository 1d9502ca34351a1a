import type { MessagePort } from 'node:worker_threads';
import { PinlistError } from '../../../shared/errors.js';
import { openDatabase, type Db } from '../db/open.js';
import { storageError } from '../db/storage-errors.js';
import { removeStaleRunDirs, type SortedHashes } from '../store/sorted-runs.js';
import { discardQuietly, preparedSetIds, sweepPreparedSets } from '../store/prepared-sets.js';
import { cancelledError, commitStage, planStage, type FileRecord } from './commit-stage.js';
import { HashStage, type KindResult, type StageResult } from './hash-stage.js';
import {
  CONSUMED_SLOT,
  decodeBatch,
  errorPayload,
  isCancelled,
  type HasherToMain,
  type HasherWorkerData,
  type MainToWorker,
  type ReaderToHasher,
  VERIFIED_SLOT,
  VERIFY_CHANGED,
  VERIFY_PENDING,
} from './protocol.js';
import { StagedStage, StagingTee, type StagedMeta } from './staged-result.js';
import { HASH_BYTES } from '../store/hashes.js';

const PROGRESS_EVERY_MS = 100;
/** The message of a staged commit rolled back because the file changed since its plan (the import then reads it again). */
export const STALE_PLAN = 'The file changed since its plan was worked out.';

/**
 * The hasher worker's body: normalizes and hashes each batch the reader sends, then commits the
 * import (or works out its plan) with its own SQLite connection. Answers the parent exactly once:
 * done, cancelled or error. An import after a plan commits the plan's staged result instead, with
 * no reader at all.
 */
export function hasherWorkerMain(parent: MessagePort, data: HasherWorkerData): void {
  const flag = new Int32Array(data.control);
  const reader = data.reader;
  const throwIfCancelled = (): void => {
    if (isCancelled(flag)) throw cancelledError();
  };
  let stage: HashStage | null = null;
  let tee: StagingTee | null = null;
  let answered = false;
  let rows = 0;
  let lastProgress = 0;

  removeStaleRunDirs(data.tempDir);

  const answer = (message: HasherToMain): void => {
    if (answered) return;
    answered = true;
    try {
      tee?.abandon();
      stage?.close();
    } finally {
      stage = null;
      reader?.off('message', onReader);
      parent.off('message', onParent);
      reader?.unref();
      parent.postMessage(message);
    }
  };
  const fail = (error: unknown): void => {
    if (isCancelled(flag) || (error instanceof PinlistError && error.code === 'CANCELLED')) answer({ type: 'cancelled' });
    // A full disk (sort runs, reject spills, the commit's SQLITE_FULL) or a damaged database, named here where the folder is known.
    else answer({ type: 'error', error: errorPayload(storageError(error, { path: data.tempDir, databasePath: data.dbPath, what: 'The import', outcome: 'Nothing was imported; the list is unchanged.' }) ?? error) });
  };

  /** A staged commit ends only once the calling thread has found the file is still the plan's. */
  function waitForVerification(): void {
    while (Atomics.load(flag, VERIFIED_SLOT) === VERIFY_PENDING) {
      throwIfCancelled();
      Atomics.wait(flag, VERIFIED_SLOT, VERIFY_PENDING, 50);
    }
    throwIfCancelled();
    if (Atomics.load(flag, VERIFIED_SLOT) === VERIFY_CHANGED) throw new PinlistError('FILE_CHANGED', STALE_PLAN);
  }

  function onParent(message: MainToWorker): void {
    if (message.type === 'cancel') answer({ type: 'cancelled' });
  }

  /** The saving phase: named with the members it saves, and counted as their hashes stream into the commit. */
  function startSaving(result: StageResult & { memberCount(): number }): void {
    parent.postMessage({ type: 'phase', phase: 'saving', members: result.memberCount() } satisfies HasherToMain);
    let saved = 0;
    let last = 0;
    countSaved(result.finish(), (chunkHashes) => {
      saved += chunkHashes;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        parent.postMessage({ type: 'saved', members: saved } satisfies HasherToMain);
      }
    });
  }

  function save(result: StageResult, end: { file: FileRecord; mapping: unknown; format: unknown }): void {
    let db: Db | null = null;
    // Sets written ahead that nothing will use if this ends here (a failure, a rolled-back commit).
    let unused = preparedSetIds(data.prepared);
    try {
      db = openDatabase(data.dbPath);
      // The commit's ~32 bytes per member go to the WAL: no checkpoint in the middle of it.
      db.pragma('wal_autocheckpoint = 0');
      sweep(db);
      if (data.dryRun) {
        // A kept plan also writes the sets its import would, so that Import only repoints the list.
        const { counts, prepared } = planStage(db, { target: data.target, mode: data.mode, stage: result, throwIfCancelled, prepare: tee !== null });
        unused = preparedSetIds(prepared);
        const staged = sealStaged(end);
        answer({ type: 'done', summary: null, plan: counts, staged, prepared: staged ? prepared : null });
        // Handed over with the staged result; without one, no import can use them.
        if (staged) unused = [];
        if (staged && prepared) checkpoint(db);
      } else {
        const summary = commitStage(db, {
          target: data.target,
          mode: data.mode,
          stage: result,
          file: end.file,
          mapping: end.mapping,
          format: end.format,
          startedAt: data.startedAt,
          throwIfCancelled,
          beforeCommit: data.staged ? waitForVerification : undefined,
          prepared: data.prepared,
        });
        // The commit adopted them or deleted them.
        unused = [];
        answer({ type: 'done', summary, plan: null });
        // The import is done once committed: the WAL (~32 bytes a member) is copied into the
        // database after the answer. The caller's connection does not checkpoint meanwhile
        // (ImportRunOptions.callerDb), or its next small write would copy it on that thread.
        checkpoint(db);
      }
    } finally {
      if (db) discardQuietly(db, unused);
      db?.close();
    }
  }

  /** Sets written ahead for plans no one can import any more (their process ended, or too old). */
  function sweep(db: Db): void {
    try {
      sweepPreparedSets(db);
    } catch {
      // A busy database: the next import sweeps.
    }
  }

  function checkpoint(db: Db): void {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another connection's checkpoint, or a busy database: SQLite checkpoints later.
    }
  }

  /** After a plan: what it read, kept in the stage folder for the import (null if it could not be). */
  let endMessage: Extract<ReaderToHasher, { type: 'end' }> | null = null;
  function sealStaged(end: { file: FileRecord; mapping: unknown; format: unknown }): StagedMeta | null {
    if (!tee || !stage || !data.stageDir || !endMessage) return null;
    const kinds = tee.seal(stage.finish());
    tee = null;
    if (!kinds) return null;
    const spills = stage.moveSpillsTo(data.stageDir);
    return {
      file: end.file,
      identity: endMessage.identity,
      format: end.format,
      mapping: end.mapping,
      kinds,
      rowsRead: stage.rowsRead,
      rejected: stage.rejected,
      rejectReasons: stage.rejectReasons,
      columnNames: stage.columnNames,
      rejectExtraColumn: stage.extraColumn,
      ...spills,
    };
  }

  function onReader(message: ReaderToHasher): void {
    if (answered) return;
    try {
      throwIfCancelled();
      switch (message.type) {
        case 'start':
          stage = new HashStage({
            columns: message.columns,
            extraColumn: message.extraColumn,
            tempDir: data.tempDir,
            keepPlaintext: data.keepPlaintext,
            runLimit: data.runLimit,
          });
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
          endMessage = message;
          parent.postMessage({ type: 'progress', rows } satisfies HasherToMain);
          const results = stage.finish();
          if (data.dryRun && data.stageDir) {
            tee = new StagingTee(data.stageDir);
            tee.wrap(results);
          }
          startSaving(stage);
          save(stage, message);
          break;
        }
      }
    } catch (error) {
      fail(error);
    }
  }

  parent.on('message', onParent);
  if (data.staged) {
    try {
      const staged = new StagedStage(data.staged);
      startSaving(staged);
      save(staged, data.staged.meta);
    } catch (error) {
      fail(error);
    }
    return;
  }
  reader!.on('message', onReader);
}

/** Wraps each kind's stream to report the hashes read from it. */
function countSaved(results: KindResult[], onChunk: (hashes: number) => void): void {
  for (const result of results) {
    const inner = result.hashes;
    const counted: SortedHashes = {
      *[Symbol.iterator]() {
        for (const chunk of inner) {
          onChunk(chunk.length / HASH_BYTES);
          yield chunk;
        }
      },
      get duplicates() {
        return inner.duplicates;
      },
      get count() {
        return inner.count;
      },
    };
    result.hashes = counted;
  }
}
