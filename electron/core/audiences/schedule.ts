import { isPinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { lastReadingAt } from './readings.js';

/**
 * When the app asks Pinterest about a list's audiences on its own: 1 h, 6 h, 24 h and 48 h after
 * a sync (Pinterest matches within 24 h and sizes within 48 h), then once a day while the app runs.
 * A checkpoint already covered by a reading (e.g. from `pinlist status`) is not asked again.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const READING_CHECKPOINT_HOURS = [1, 6, 24, 48] as const;

/** The checkpoint times (ms) at or before `now` and the first after it, for a sync at `syncAt`. */
function checkpointsAround(syncAt: number, now: number): { latest: number | null; next: number } {
  let latest: number | null = null;
  for (const hours of READING_CHECKPOINT_HOURS) {
    const at = syncAt + hours * HOUR;
    if (at > now) return { latest, next: at };
    latest = at;
  }
  const last = syncAt + 48 * HOUR;
  const days = Math.floor((now - last) / DAY);
  const latestDaily = last + days * DAY;
  return { latest: latestDaily, next: latestDaily + DAY };
}

/**
 * Whether a reading is due now, and when the next one falls. `readAt`: the newest reading (or
 * attempt) since the sync; a reading at or after the latest checkpoint covers it.
 */
export function readingDue(syncAt: number, readAt: number | null, now: number): { due: boolean; nextAt: number } {
  const { latest, next } = checkpointsAround(syncAt, now);
  const due = latest !== null && (readAt === null || readAt < latest);
  return { due, nextAt: next };
}

/** The lists with a synced target, with when each was last synced (ms). */
export function syncedLists(db: Db): { listId: number; syncAt: number }[] {
  const rows = db
    .prepare('SELECT list_id AS listId, max(last_sync_at) AS at FROM sync_targets WHERE last_sync_at IS NOT NULL AND customer_list_id IS NOT NULL GROUP BY list_id')
    .all() as { listId: number; at: string }[];
  return rows.map((row) => ({ listId: row.listId, syncAt: Date.parse(row.at) }));
}

/** When the app would next ask about a list on its own; null when it has never been synced. */
export function nextCheckAt(db: Db, listId: number, now: number): string | null {
  const synced = syncedLists(db).find((row) => row.listId === listId);
  if (!synced) return null;
  const { due, nextAt } = readingDue(synced.syncAt, lastReadingAt(db, listId), now);
  return new Date(due ? now : nextAt).toISOString();
}

export interface SchedulerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ReadingSchedulerOptions {
  db: Db;
  /** Takes and stores the list's readings (trigger 'schedule'). */
  read: (listId: number) => Promise<void>;
  clock?: SchedulerClock;
  /** Told of a failed reading; the scheduler tries again at the next checkpoint. */
  onError?: (listId: number, error: unknown) => void;
}

/** Errors that mean "nobody is signed in": the schedule waits quietly. */
const QUIET = new Set(['NOT_CONNECTED', 'KEYCHAIN_UNAVAILABLE', 'AUTH_EXPIRED', 'AUTH_FAILED']);

/**
 * Reads the due lists, then sleeps until the next checkpoint of any list. `poke()` after a sync
 * so its 1 h checkpoint is timed from the new sync. One pass at a time.
 */
export class ReadingScheduler {
  private readonly clock: SchedulerClock;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Failed attempts count as readings, so a failure waits for the next checkpoint instead of looping. */
  private readonly attempted = new Map<number, number>();

  constructor(private readonly options: ReadingSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    this.stopped = false;
    this.poke();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Run a pass now (if none is running) and plan the next. */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    let earliest: number | null = null;
    for (const { listId, syncAt } of syncedLists(this.options.db)) {
      if (this.stopped) return;
      const now = this.clock.now();
      const readAt = Math.max(lastReadingAt(this.options.db, listId) ?? -Infinity, this.attempted.get(listId) ?? -Infinity);
      const { due } = readingDue(syncAt, Number.isFinite(readAt) ? readAt : null, now);
      if (due) {
        this.attempted.set(listId, now);
        try {
          await this.options.read(listId);
        } catch (error) {
          if (!(isPinlistError(error) && QUIET.has(error.code))) this.options.onError?.(listId, error);
        }
      }
      const after = readingDue(syncAt, this.clock.now(), this.clock.now()).nextAt;
      earliest = earliest === null ? after : Math.min(earliest, after);
    }
    if (earliest !== null && !this.stopped) {
      this.timer = this.clock.setTimeout(() => void this.poke(), Math.max(1000, Math.min(DAY, earliest - this.clock.now())));
    }
  }
}
