import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import type { ProgressUpdate } from '../jobs/jobs.js';
import type { PinterestClient } from '../pinterest/client.js';
import type { RetryEvent } from '../pinterest/transport.js';
import { saveCounters, type RunCounters } from './runs.js';

export type SyncPhase = 'planning' | 'creating' | 'adding' | 'removing' | 'audiences' | 'finishing';

export interface IsolatedRecord {
  kind: IdentifierKind;
  op: 'ADD' | 'REMOVE';
  hash: string;
}

/**
 * The state one sync run carries around: its client, counters, progress and findings. Counters
 * are written to the run's row with every confirmed batch, so a killed run's history is right.
 */
export class SyncSession {
  readonly counters: RunCounters = { added: 0, removed: 0, requests: 0, retries: 0, batches: 0 };
  readonly warnings: string[] = [];
  readonly isolated: IsolatedRecord[] = [];
  /** Records confirmed per kind and op in this run. */
  readonly confirmed = new Map<string, number>();
  /** Write requests per kind in this run. */
  readonly writes = new Map<IdentifierKind, number>();
  /** The customer list status Pinterest last answered with, per kind. */
  readonly listStatus = new Map<IdentifierKind, string>();
  /** The audience status Pinterest last answered with, per kind. */
  readonly audienceStatus = new Map<IdentifierKind, string | null>();
  /** Kinds whose customer list this run created. */
  readonly created = new Set<IdentifierKind>();
  /** Single records refused since the last batch Pinterest accepted (see `isolate` in sender.ts). */
  refusedInARow = 0;
  phase: SyncPhase = 'planning';
  batchesDone = 0;
  batchesTotal = 0;
  private activity = '';
  private waiting: string | null = null;
  client!: PinterestClient;

  constructor(
    readonly db: Db,
    readonly runId: number,
    readonly batchSize: number,
    readonly signal: AbortSignal | undefined,
    private readonly report: ((update: ProgressUpdate) => void) | undefined,
  ) {}

  /** Passed to the client: every retry (and its wait) is counted and shown; the request itself is counted when it is sent. */
  readonly onRetry = (event: RetryEvent): void => {
    this.counters.retries += 1;
    const what = event.reason === 'rate-limited' ? 'rate limited' : event.reason === 'server-error' ? `Pinterest error ${event.status ?? ''}`.trim() : 'connection problem';
    this.waiting = `${what}: waiting ${Math.max(1, Math.round(event.waitMs / 1000))} s (retry ${event.attempt} of ${event.maxRetries})`;
    this.emit();
  };

  /**
   * Counts a write request to a kind's list or audience (for the per-kind report). HTTP requests
   * themselves (retries and token refreshes included) are counted as they are sent.
   */
  countRequest(kind: IdentifierKind | null, write: boolean): void {
    if (write && kind) this.writes.set(kind, (this.writes.get(kind) ?? 0) + 1);
  }

  confirm(kind: IdentifierKind, op: 'ADD' | 'REMOVE', records: number): void {
    const key = `${kind}:${op}`;
    this.confirmed.set(key, (this.confirmed.get(key) ?? 0) + records);
    if (op === 'ADD') this.counters.added += records;
    else this.counters.removed += records;
    this.counters.batches += 1;
  }

  confirmedOf(kind: IdentifierKind, op: 'ADD' | 'REMOVE'): number {
    return this.confirmed.get(`${kind}:${op}`) ?? 0;
  }

  saveCounters(): void {
    saveCounters(this.db, this.runId, this.counters);
  }

  set(phase: SyncPhase, activity: string): void {
    this.phase = phase;
    this.activity = activity;
    this.waiting = null;
    this.emit();
  }

  /** A request was answered: any wait is over. */
  answered(): void {
    this.waiting = null;
    this.emit();
  }

  emit(): void {
    const parts = [this.activity];
    if (this.counters.retries > 0) parts.push(`${this.counters.retries} ${this.counters.retries === 1 ? 'retry' : 'retries'}`);
    if (this.waiting) parts.push(this.waiting);
    this.report?.({ phase: this.phase, done: this.batchesDone, total: this.batchesTotal, detail: parts.filter(Boolean).join(' · ') });
  }

  throwIfCancelled(): void {
    this.signal?.throwIfAborted();
  }
}
