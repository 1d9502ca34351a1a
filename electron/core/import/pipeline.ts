import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { ColumnMapping, MapOverride } from '../../../shared/columns.js';
import type { ImportFileFormat, ImportPlan, ImportPreview, ImportSummary } from '../../../shared/contract/import.js';
import { errorFromPayload } from '../../../shared/error-payload.js';
import { PinlistError } from '../../../shared/errors.js';
import type { ImportMode } from '../store/commit.js';
import { spawnWorker } from '../workers/spawn.js';
import { pauseAutoCheckpoint } from '../db/checkpoint-pause.js';
import type { Db } from '../db/open.js';
import { cancelledError, type ImportTarget, type PlanCounts } from './commit-stage.js';
import { DEFAULT_PREVIEW_ROWS } from './preview.js';
import {
  CONTROL_BYTES,
  signalCancel,
  VERIFIED_SLOT,
  VERIFY_CHANGED,
  VERIFY_SAME,
  type HasherToMain,
  type HasherWorkerData,
  type PreviewToMain,
  type PreviewWorkerData,
  type ReaderToMain,
  type ReaderWorkerData,
  type StandbyHasherData,
  type StartStandbyHasher,
} from './protocol.js';
import type { FileFormat } from './read/open.js';
import { hashFile } from './file-hash.js';
import { currentIdentity, sameFile } from './file-identity.js';
import { pausePointFromEnv, type PausePoint } from './pause-point.js';
import { keepPrepared, keepStandbyHasher, makeStagedDir, removeStaged, takePrepared, takeStandbyHasher, type StagedImport, type StagedMeta } from './staged-result.js';
import type { PreparedKind } from '../store/prepared-sets.js';

export type { ImportTarget } from './commit-stage.js';

export interface ImportProgress {
  /**
   * 'reading': parsing and hashing; 'checking': an import after a plan makes sure the file is the
   * one the plan read; 'saving': merging the sorted runs and committing (or, for a plan, merging).
   */
  phase: 'reading' | 'checking' | 'saving';
  /** Data rows parsed so far. */
  rowsRead: number;
  /** Data rows normalized and hashed so far. */
  rowsHashed: number;
  bytesRead: number;
  fileSize: number;
  rowsPerSecond: number | null;
  /** Total rows, estimated from the share of the file read so far. */
  estimatedRows: number | null;
  etaSeconds: number | null;
  /** The saving phase: members being saved (see HashStage.memberCount), how many so far, its pace. */
  saving: { members: number; saved: number; perSecond: number | null; etaSeconds: number | null } | null;
}

/**
 * Every time an import or a plan starts a reader over a file: a plan followed by its import is one
 * pass. For tests (see import-staged.test.ts) and diagnostics.
 */
let readerPasses = 0;
let standbyHandOffs = 0;
/** Waiting hashers a plan started once its file was read, until kept or ended. */
const unkeptStandbys = new Set<Worker>();
let standbyEarlyStarts = 0;

/** Tests: how many waiting hashers plans started before they answered, and how many of those are still neither kept nor ended. */
export function importStandbyStarts(): { early: number; unkept: number } {
  return { early: standbyEarlyStarts, unkept: unkeptStandbys.size };
}

/** Tests: how many imports were handed a hasher their plan had started. */
export function importStandbyHandOffs(): number {
  return standbyHandOffs;
}
export function importReaderPasses(): number {
  return readerPasses;
}

export interface ImportRunOptions {
  /** The database file; the commit opens its own connection to it (WAL). */
  dbPath: string;
  /** For sort runs and spills, e.g. `<dataDir>/tmp`. */
  tempDir: string;
  file: string;
  /** Recorded and shown in messages; default: the file's base name. */
  fileName?: string | undefined;
  target: ImportTarget;
  /** Default 'replace' ('add' for the suppression list). */
  mode?: ImportMode | undefined;
  overrides?: readonly MapOverride[] | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
  /**
   * One more column kept beside each rejected row (header name or 1-based number; see
   * reject-extras.ts), read in the same pass. BAD_MAPPING, before anything is written, if the file has none such.
   */
  rejectsExtraColumn?: string | undefined;
  /** Store the plaintext of valid values too (the user's setting; off by default). */
  keepPlaintext?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Tuning and tests: rows per batch, hashes per in-memory sort run. */
  batchRows?: number | undefined;
  runLimit?: number | undefined;
  /**
   * Tuning and tests: whether the reader hashes batches itself ('auto': while the hasher has a
   * backlog). Never when plaintext is kept.
   */
  readerHashing?: 'auto' | 'never' | 'always' | undefined;
  /** Tests: stop the reader once (see pause-point.ts); default from PINLIST_TEST_IMPORT_PAUSE. */
  pause?: PausePoint | undefined;
  /**
   * planImport: keep what the plan read for the import that follows (see staged-result.ts); the
   * callee owns it (and must `discardStaged` it when no longer wanted).
   */
  onStaged?: ((staged: StagedImport) => void) | undefined;
  /**
   * runImport: a plan's staged result for this file and these reading choices (the same extra
   * column included: see StagedPlans.key; one without the column asked for is not used). Committed
   * instead of reading the file when the file is still the one the plan read (size, time, inode,
   * SHA-256); read again otherwise. Removed either way.
   */
  staged?: StagedImport | null | undefined;
  /**
   * runImport: a connection of the calling thread to the same database. It does not checkpoint
   * until the import's worker has copied the import's write-ahead log into the database, which
   * the worker does after answering (db/checkpoint-pause.ts).
   */
  callerDb?: Db | undefined;
}

export { removeStaged as discardStaged, type StagedImport } from './staged-result.js';

/**
 * Young generation per worker. Both allocate millions of short-lived strings (fields, values);
 * with the reader's small steps (see read/csv.ts), 32 MB measured as fast as 96 MB with ~30 MB
 * less RSS. Set explicitly so a change of V8's default does not move the figures.
 */
const YOUNG_GENERATION_MB = 32;
const WORKER_LIMITS = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };

/** How long a worker that has answered may take to end by itself before it is stopped. */
const EXIT_GRACE_MS = 30_000;

interface PipelineResult {
  summary: ImportSummary | null;
  plan: PlanCounts | null;
  columns: ColumnMapping[];
  format: FileFormat | null;
  hasHeader: boolean;
  staged: StagedMeta | null;
  /** A kept plan: the sets it wrote ahead for its import (store/prepared-sets.ts). */
  prepared: PreparedKind[] | null;
}

/**
 * Imports a file into a list (or the suppression list): the whole pipeline, end to end. All heavy
 * work runs in two worker threads (reader: decode + parse + pick columns + file SHA-256; hasher:
 * normalize + hash + sort + the SQLite commit on its own connection); this thread only starts
 * them and relays progress. Resolves with the summary `pinlist import --json` prints. Rejects
 * with a PinlistError (bad file, no identifier column, CANCELLED…), in which case nothing was
 * written. An abort after the commit has finished is too late: the import's summary is returned.
 */
export async function runImport(options: ImportRunOptions): Promise<ImportSummary> {
  const staged = options.staged ?? null;
  // A plan that kept no extra column cannot give its values (nor one kept a column never asked for).
  const extraFits = staged !== null && (staged.meta.rejectExtraColumn !== null) === Boolean(options.rejectsExtraColumn);
  if (staged && !extraFits) await removeStaged(staged);
  else if (staged) {
    try {
      // Same size, modification time and inode as the plan read: commit what it kept, while the
      // file's SHA-256 is checked against the plan's; the commit ends only if they match.
      const now = await currentIdentity(options.file);
      if (now && sameFile(now, staged.meta.identity)) {
        options.onProgress?.({
          phase: 'checking',
          rowsRead: 0,
          rowsHashed: 0,
          bytesRead: 0,
          fileSize: now.size,
          rowsPerSecond: null,
          estimatedRows: staged.meta.rowsRead,
          etaSeconds: null,
          saving: null,
        });
        const verified = hashFile(options.file, options.signal).then(
          (sha256) => sha256 === staged.meta.file.sha256,
          () => false,
        );
        try {
          // Written by the plan: the import only repoints the list if it is still as the plan found it.
          const prepared = takePrepared(staged);
          const result = await runPipeline(options, { dryRun: false, staged, verified, prepared });
          return result.summary!;
        } catch (error) {
          // Changed since the plan (the commit was rolled back): read it again, below.
          if (!(error instanceof PinlistError && error.code === 'FILE_CHANGED' && !(await verified))) throw error;
        }
      }
    } finally {
      await removeStaged(staged);
    }
  }
  const result = await runPipeline(options, { dryRun: false });
  return result.summary!;
}

/** Reads the whole file like `runImport` and reports what the import would change. Writes nothing. */
export async function planImport(options: ImportRunOptions): Promise<ImportPlan> {
  const stageDir = options.onStaged ? makeStagedDir(options.tempDir) : undefined;
  let kept = false;
  let standby: Worker | null = null;
  // The hasher a kept plan leaves waiting for its import starts loading once the file is read,
  // on the reader's freed thread, while the plan sorts and counts: by the plan's answer it is ready.
  const startStandby = (): void => {
    if (standby) return;
    const worker = spawnWorker('import-hasher', { workerData: { standby: true } satisfies StandbyHasherData, resourceLimits: WORKER_LIMITS });
    standby = worker;
    worker.unref();
    // Until it is kept (keepStandbyHasher listens then), a failure to start is only a lost head start.
    worker.on('error', () => undefined);
    unkeptStandbys.add(worker);
    worker.once('exit', () => {
      unkeptStandbys.delete(worker);
      // Gone before it was kept (it could not start): the plan starts another when it answers.
      if (standby === worker) standby = null;
    });
  };
  try {
    const onFileRead = (): void => {
      standbyEarlyStarts++;
      startStandby();
    };
    const result = await runPipeline(options, { dryRun: true, stageDir, onFileRead: stageDir ? onFileRead : undefined });
    if (stageDir && result.staged) {
      const staged: StagedImport = { dir: stageDir, meta: result.staged };
      startStandby();
      keepStandbyHasher(staged, standby!);
      keepPrepared(staged, options.dbPath, result.prepared);
      unkeptStandbys.delete(standby!);
      standby = null;
      options.onStaged!(staged);
      kept = true;
    }
    return { ...result.plan!, columns: result.columns, format: contractFormat(result.format, result.hasHeader) };
  } finally {
    void (standby as Worker | null)?.terminate();
    if (stageDir && !kept) fs.rmSync(stageDir, { recursive: true, force: true });
  }
}

export interface PreviewRunOptions {
  file: string;
  fileName?: string | undefined;
  rows?: number | undefined;
  overrides?: readonly MapOverride[] | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
}

/** The first rows of a file as the import would see them (see `buildPreview`), read in a worker. */
export async function previewImport(options: PreviewRunOptions): Promise<ImportPreview> {
  const data: PreviewWorkerData = {
    file: options.file,
    fileName: options.fileName ?? path.basename(options.file),
    rows: options.rows ?? DEFAULT_PREVIEW_ROWS,
    overrides: [...(options.overrides ?? [])],
    sheet: options.sheet,
    encoding: options.encoding,
  };
  const worker = spawnWorker('import-preview', { workerData: data });
  let answer: PreviewToMain | null = null;
  let crash: unknown = null;
  worker.on('message', (message: PreviewToMain) => (answer ??= message));
  worker.on('error', (error) => (crash ??= error));
  await exited(worker);
  const reply = answer as PreviewToMain | null;
  if (reply?.type === 'done') return reply.preview;
  if (reply?.type === 'error') throw errorFromPayload(reply.error);
  throw new PinlistError('INTERNAL', `The preview stopped unexpectedly${crash ? `: ${(crash as Error).message}` : ''}. Try again; if it keeps happening, report it.`);
}

function contractFormat(format: FileFormat | null, hasHeader: boolean): ImportFileFormat {
  return {
    type: format?.type ?? 'csv',
    encoding: format?.encoding ?? null,
    delimiter: format?.delimiter ?? null,
    sheet: format?.sheet ?? null,
    bom: format?.bom ?? false,
    hasHeader,
  };
}

function exited(worker: Worker): Promise<void> {
  return new Promise((resolve) => worker.once('exit', () => resolve()));
}

interface PipelineRun {
  /** A plan: no import is committed (a kept one writes its import's sets ahead, see planStage). */
  dryRun: boolean;
  /** An import after a plan: the hasher alone commits what the plan kept. */
  staged?: StagedImport | undefined;
  /** An import after a plan: the sets the plan wrote ahead for it. */
  prepared?: PreparedKind[] | null | undefined;
  /** Settles once the staged file's SHA-256 has been checked against the plan's. */
  verified?: Promise<boolean> | undefined;
  /** A plan keeps what it read in this folder. */
  stageDir?: string | undefined;
  /** Called once the reader has read the whole file (the hasher may still be at work). */
  onFileRead?: (() => void) | undefined;
}

/**
 * Runs the import's workers: a reader and a hasher, or, for an import after a plan (`staged`), the
 * hasher alone committing what the plan kept.
 */
async function runPipeline(options: ImportRunOptions, run: PipelineRun): Promise<PipelineResult> {
  const { dryRun, staged, stageDir, verified, onFileRead } = run;
  const { signal } = options;
  if (signal?.aborted) throw cancelledError();
  const fileName = options.fileName ?? path.basename(options.file);
  const mode: ImportMode = options.mode ?? ('suppression' in options.target ? 'add' : 'replace');
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const flag = new Int32Array(control);
  const channel = staged ? null : new MessageChannel();
  void verified?.then((same) => {
    Atomics.store(flag, VERIFIED_SLOT, same ? VERIFY_SAME : VERIFY_CHANGED);
    Atomics.notify(flag, VERIFIED_SLOT);
  });

  const hasherData: HasherWorkerData = {
    dbPath: options.dbPath,
    tempDir: options.tempDir,
    target: options.target,
    mode,
    keepPlaintext: options.keepPlaintext ?? false,
    dryRun,
    startedAt: Date.now(),
    runLimit: options.runLimit,
    control,
    reader: channel?.port2,
    stageDir,
    staged,
    prepared: run.prepared,
  };
  // Until the hasher has copied the import's write-ahead log into the database (after answering);
  // a kept plan's hasher writes too, the member sets for its import (store/prepared-sets.ts).
  const resumeCheckpoints = options.callerDb && (!dryRun || stageDir) ? pauseAutoCheckpoint(options.callerDb) : null;
  let hasher: Worker;
  try {
    const standby = staged ? takeStandbyHasher(staged) : null;
    if (standby) {
      standbyHandOffs++;
      standby.ref();
      standby.postMessage({ type: 'start', data: hasherData } satisfies StartStandbyHasher);
    }
    hasher = standby ?? spawnWorker('import-hasher', { workerData: hasherData, transferList: channel ? [channel.port2] : [], resourceLimits: WORKER_LIMITS });
  } catch (error) {
    resumeCheckpoints?.();
    throw error;
  }
  if (resumeCheckpoints) void exited(hasher).then(resumeCheckpoints);
  let reader: Worker | null = null;
  if (channel) {
    const readerData: ReaderWorkerData = {
      file: options.file,
      fileName,
      sheet: options.sheet,
      encoding: options.encoding,
      overrides: [...(options.overrides ?? [])],
      extraColumn: options.rejectsExtraColumn,
      batchRows: options.batchRows,
      readerHashing: options.keepPlaintext ? 'never' : (options.readerHashing ?? 'auto'),
      control,
      hasher: channel.port1,
      pause: options.pause ?? pausePointFromEnv(),
    };
    readerPasses++;
    // The reader writes no temp files (the XLSX reader streams the sheet from the zip, decision
    // 0010): the sort runs and spills are the hasher's, in `tempDir`.
    reader = spawnWorker('import-reader', { workerData: readerData, transferList: [channel.port1], resourceLimits: WORKER_LIMITS });
  }

  let failure: PinlistError | null = null;
  let outcome: Omit<PipelineResult, 'columns' | 'format' | 'hasHeader'> | null = null;
  let columns: ColumnMapping[] = [];
  let format: FileFormat | null = null;
  let hasHeader = false;
  const progress = {
    phase: 'reading' as ImportProgress['phase'],
    rowsRead: staged ? staged.meta.rowsRead : 0,
    rowsHashed: staged ? staged.meta.rowsRead : 0,
    bytesRead: staged ? staged.meta.file.size : 0,
    fileSize: staged ? staged.meta.file.size : 0,
  };
  let saving: { members: number; saved: number; startedAt: number } | null = null;
  let answered!: () => void;
  const hasherAnswered = new Promise<void>((resolve) => (answered = resolve));
  const started = performance.now();

  const report = (): void => {
    if (!options.onProgress) return;
    const now = performance.now();
    const seconds = (now - started) / 1000;
    const rowsPerSecond = seconds > 0.2 && !staged ? progress.rowsHashed / seconds : null;
    const share = progress.fileSize > 0 ? progress.bytesRead / progress.fileSize : 0;
    const estimatedRows = staged ? staged.meta.rowsRead : share >= 0.01 ? Math.max(progress.rowsRead, Math.round(progress.rowsRead / share)) : null;
    const etaSeconds = rowsPerSecond && estimatedRows !== null ? Math.max(0, (estimatedRows - progress.rowsHashed) / rowsPerSecond) : null;
    let savingProgress: ImportProgress['saving'] = null;
    if (saving) {
      const savingSeconds = (now - saving.startedAt) / 1000;
      const perSecond = savingSeconds > 0.2 && saving.saved > 0 ? saving.saved / savingSeconds : null;
      savingProgress = {
        members: saving.members,
        saved: saving.saved,
        perSecond,
        etaSeconds: perSecond ? Math.max(0, (saving.members - saving.saved) / perSecond) : null,
      };
    }
    options.onProgress({ ...progress, rowsPerSecond, estimatedRows, etaSeconds, saving: savingProgress });
  };

  const stopAll = (): void => {
    signalCancel(flag);
    reader?.postMessage({ type: 'cancel' });
    hasher.postMessage({ type: 'cancel' });
  };
  const fail = (error: PinlistError): void => {
    failure ??= error;
    stopAll();
  };
  const onAbort = (): void => fail(cancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });

  reader?.on('message', (message: ReaderToMain) => {
    switch (message.type) {
      case 'layout':
        columns = message.columns;
        format = message.format;
        hasHeader = message.hasHeader;
        progress.fileSize = message.fileSize;
        break;
      case 'progress':
        progress.rowsRead = message.rows;
        progress.bytesRead = message.bytes;
        report();
        break;
      case 'done':
        progress.rowsRead = message.rowsRead;
        progress.bytesRead = progress.fileSize;
        onFileRead?.();
        break;
      case 'error':
        fail(errorFromPayload(message.error));
        break;
    }
  });
  hasher.on('message', (message: HasherToMain) => {
    switch (message.type) {
      case 'progress':
        progress.rowsHashed = message.rows;
        report();
        break;
      case 'phase':
        progress.phase = message.phase;
        progress.rowsHashed = progress.rowsRead;
        saving = { members: message.members, saved: 0, startedAt: performance.now() };
        report();
        break;
      case 'saved':
        if (saving) saving.saved = message.members;
        report();
        break;
      case 'done':
        outcome = { summary: message.summary, plan: message.plan, staged: message.staged ?? null, prepared: message.prepared ?? null };
        answered();
        break;
      case 'cancelled':
        fail(cancelledError());
        break;
      case 'error':
        fail(errorFromPayload(message.error));
        break;
    }
  });
  const crashed = (which: string) => (error: Error) =>
    fail(new PinlistError('INTERNAL', `The import's ${which} stopped unexpectedly: ${error.message}. Nothing was written. Try again; if it keeps happening, report it.`));
  reader?.on('error', crashed('reader'));
  hasher.on('error', crashed('hasher'));

  const ended = (worker: Worker): Promise<void> => {
    const exit = exited(worker);
    // A worker that has answered ends by itself; one that does not is stopped after a grace period.
    const watchdog = setInterval(() => {
      if (failure || outcome) {
        clearInterval(watchdog);
        const timer = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
        timer.unref();
        void exit.then(() => clearTimeout(timer));
      }
    }, 250);
    watchdog.unref();
    return exit.finally(() => clearInterval(watchdog));
  };
  // An import is done once its commit is: the hasher then copies the WAL into the database (the
  // caller's connection meanwhile does not, see callerDb) and ends by itself.
  const hasherEnded = ended(hasher);
  await Promise.all([reader ? ended(reader) : Promise.resolve(), Promise.race([hasherEnded, hasherAnswered])]);
  signal?.removeEventListener('abort', onAbort);
  channel?.port1.close();
  channel?.port2.close();

  const done = outcome as Omit<PipelineResult, 'columns' | 'format' | 'hasHeader'> | null;
  if (done) {
    progress.rowsHashed = progress.rowsRead;
    if (saving) (saving as { saved: number; members: number }).saved = (saving as { members: number }).members;
    report();
    return { ...done, columns, format, hasHeader };
  }
  throw failure ?? new PinlistError('INTERNAL', 'The import ended without a result. Nothing was written. Try again; if it keeps happening, report it.');
}
