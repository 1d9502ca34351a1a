import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, JobSummary } from '../../../shared/contract/app.js';
import { toErrorPayload } from '../../../shared/error-payload.js';
import { isPinlistError, PinlistError } from '../../../shared/errors.js';
import type { EventBus } from './events.js';

export interface ProgressUpdate {
  phase: string;
  done: number;
  total?: number | null;
  detail?: string | null;
  /**
   * The pace, when the work knows it better than done ÷ time since its first report (work in
   * phases, whose counts start again at 0, e.g. an import's saving after its reading).
   */
  ratePerSecond?: number | null;
  etaSeconds?: number | null;
}

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(update: ProgressUpdate): void;
}

const PROGRESS_INTERVAL_MS = 100;
const FINISHED_JOBS_KEPT = 50;

interface JobRecord {
  summary: JobSummary;
  controller: AbortController;
  done: Promise<unknown>;
  firstProgressAt: number | null;
  lastEmitAt: number;
}

/**
 * Long work (imports, syncs) runs as jobs: it keeps going when the user leaves the screen, its
 * progress is broadcast to every surface, and it can be cancelled.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  /** `mapError`: the core's storage mapping (a full disk, a damaged database), applied to a job's failure. */
  constructor(
    private readonly events: EventBus,
    private readonly mapError?: (error: unknown) => Error | null,
  ) {}

  start<T>(kind: JobKind, label: string, run: (context: JobContext) => Promise<T>): JobSummary {
    const jobId = randomUUID();
    const controller = new AbortController();
    const summary: JobSummary = {
      jobId,
      kind,
      label,
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: null,
      error: null,
      result: null,
    };
    const record: JobRecord = { summary, controller, done: Promise.resolve(), firstProgressAt: null, lastEmitAt: 0 };
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (update) => this.reportProgress(record, update),
    };
    record.done = Promise.resolve()
      .then(() => {
        // A job cancelled before it started never runs.
        controller.signal.throwIfAborted();
        return run(context);
      })
      .then(
        (result) => this.finish(record, 'succeeded', result, null),
        (error: unknown) => {
          error = this.mapError?.(error) ?? error;
          if (controller.signal.aborted) {
            // A cancelled job has no error to show, but may have facts to report (a stopped sync's partial report).
            const payload = isPinlistError(error) && error.details ? toErrorPayload(error) : null;
            return this.finish(record, 'cancelled', null, payload);
          }
          return this.finish(record, 'failed', null, toErrorPayload(error, { what: `${record.summary.label} failed unexpectedly` }));
        },
      );
    this.jobs.set(jobId, record);
    this.prune();
    // Every surface learns of the job the moment it starts, not at its first report: a job whose
    // first count comes late (a worker starting, a file being opened) is still running work.
    this.events.emit('job.progress', {
      jobId,
      kind,
      label,
      phase: 'starting',
      done: 0,
      total: null,
      ratePerSecond: null,
      etaSeconds: null,
      detail: null,
    });
    return { ...summary };
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((record) => ({ ...record.summary }));
  }

  get(jobId: string): JobSummary | undefined {
    const record = this.jobs.get(jobId);
    return record ? { ...record.summary } : undefined;
  }

  /** Resolves when the job has ended, with its final summary. */
  async wait(jobId: string): Promise<JobSummary> {
    const record = this.jobs.get(jobId);
    if (!record) throw new PinlistError('NOT_FOUND', `No job ${jobId}. It may have finished long ago; see the list's history.`);
    await record.done;
    return { ...record.summary };
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record || record.summary.state !== 'running') return false;
    record.controller.abort(new PinlistError('CANCELLED', 'Cancelled by the user. Nothing from this run was written.'));
    return true;
  }

  /** Waits for every running job, e.g. before the app quits. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((record) => record.done));
  }

  private reportProgress(record: JobRecord, update: ProgressUpdate): void {
    const now = Date.now();
    record.firstProgressAt ??= now;
    const elapsedSeconds = (now - record.firstProgressAt) / 1000;
    const total = update.total ?? null;
    const ratePerSecond = update.ratePerSecond !== undefined ? update.ratePerSecond : elapsedSeconds > 0.2 ? update.done / elapsedSeconds : null;
    const etaSeconds =
      update.etaSeconds !== undefined ? update.etaSeconds : ratePerSecond && total !== null && ratePerSecond > 0 ? Math.max(0, (total - update.done) / ratePerSecond) : null;
    const progress: JobProgress = {
      jobId: record.summary.jobId,
      kind: record.summary.kind,
      label: record.summary.label,
      phase: update.phase,
      done: update.done,
      total,
      ratePerSecond,
      etaSeconds,
      detail: update.detail ?? null,
    };
    const phaseChanged = record.summary.progress?.phase !== progress.phase;
    record.summary.progress = progress;
    // Throttled so a million-row import does not flood the UI with events; a new phase shows at once.
    if (phaseChanged || now - record.lastEmitAt >= PROGRESS_INTERVAL_MS) {
      record.lastEmitAt = now;
      this.events.emit('job.progress', progress);
    }
  }

  private finish(record: JobRecord, state: JobSummary['state'], result: unknown, error: JobSummary['error']): void {
    record.summary.state = state;
    record.summary.finishedAt = new Date().toISOString();
    record.summary.result = result ?? null;
    record.summary.error = error;
    this.events.emit('job.finished', { ...record.summary });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((record) => record.summary.state !== 'running');
    for (const record of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) {
      this.jobs.delete(record.summary.jobId);
    }
  }
}
