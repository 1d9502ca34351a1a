import fs from 'node:fs';
import path from 'node:path';
import type { AutomationContext } from './context.js';
import { checkConnection, checkStaleSources, dueAutomations, runDueOne, type DueResult } from './due.js';
import { allAutomations, getSource } from './store.js';

/**
 * Runs automations while the app (desktop or `pinlist serve`) is open: a timer checks for due
 * slots, and a folder watcher (fs.watch, debounced: an export is written in several steps) notices
 * a source that changed. Runs go one at a time through one queue; each takes the same database
 * lock `pinlist run-due` takes, so the two never run the same list at once.
 */

export interface SchedulerOptions {
  /** How often due slots are checked. */
  intervalMs?: number;
  /** Quiet time after the last file event before the source is looked at. */
  debounceMs?: number;
  onResult?: (result: DueResult) => void;
  onError?: (error: unknown) => void;
}

export class AutomationScheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly debounces = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly context: AutomationContext,
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.refreshWatchers();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 60_000);
    this.timer.unref();
    void this.tick();
  }

  /** Checks now: due slots and changed sources, run one after another. Resolves when they ran. */
  tick(): Promise<void> {
    return this.enqueue(async () => {
      this.refreshWatchers();
      for (const item of dueAutomations(this.context)) {
        if (this.stopped) return;
        const result = await runDueOne(this.context, item);
        if (result) this.options.onResult?.(result);
      }
      await checkConnection(this.context);
      checkStaleSources(this.context);
    });
  }

  /** Waits for the runs queued so far. */
  idle(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const timer of this.debounces.values()) clearTimeout(timer);
    this.debounces.clear();
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.queue;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((error: unknown) => this.options.onError?.(error));
    return this.queue;
  }

  /** Watches the folder of every on-change source (a file's folder: a CRM export often replaces the file). */
  refreshWatchers(): void {
    if (this.stopped) return;
    const { db } = this.context.core;
    const wanted = new Set<string>();
    for (const automation of allAutomations(db)) {
      if (automation.schedule.kind !== 'on-change') continue;
      const source = getSource(db, automation.listId);
      if (source) wanted.add(source.kind === 'folder' ? source.path : path.dirname(source.path));
    }
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { persistent: false }, () => this.changed(dir));
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, watcher);
      } catch {
        // A missing folder: the timer's check reports the source missing, and watching starts once it exists.
      }
    }
  }

  private changed(dir: string): void {
    const pending = this.debounces.get(dir);
    if (pending) clearTimeout(pending);
    this.debounces.set(
      dir,
      setTimeout(() => {
        this.debounces.delete(dir);
        void this.tick();
      }, this.options.debounceMs ?? 2_000),
    );
  }
}
