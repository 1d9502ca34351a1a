import type { JobSummary } from '../../../shared/contract/app.js';
import type { Core } from '../core.js';
import { audienceHealth } from './health.js';
import { ReadingScheduler, type SchedulerClock } from './schedule.js';

/**
 * The app's own audience readings while it runs (desktop app and browser mode): after every sync
 * on the schedule in schedule.ts. Returns a stop function.
 */
export function startAudienceReadings(core: Core, options: { clock?: SchedulerClock } = {}): () => void {
  const scheduler = new ReadingScheduler({
    db: core.db,
    clock: options.clock,
    read: async (listId) => {
      await audienceHealth({ core, now: options.clock ? () => options.clock!.now() : undefined }, listId, { refresh: true, trigger: 'schedule' });
    },
    onError: (listId, error) => console.error(`pinlist: reading the audiences of list ${listId} failed; trying again at the next checkpoint:`, (error as Error).message),
  });
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name === 'job.finished' && (payload as JobSummary).kind === 'sync') void scheduler.poke();
  });
  scheduler.start();
  return () => {
    unsubscribe();
    scheduler.stop();
  };
}
