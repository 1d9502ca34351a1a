import { describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/jobs/events.js';
import { JobRegistry } from '../../electron/core/jobs/jobs.js';
import { PinlistError } from '../../shared/errors.js';

describe('jobs', () => {
  it('reports progress and the result, and broadcasts both', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe((name) => seen.push(name));
    const jobs = new JobRegistry(bus);
    const { jobId } = jobs.start('import', 'Import a.csv', async ({ progress }) => {
      progress({ phase: 'reading', done: 5, total: 10 });
      return { rows: 10 };
    });
    const final = await jobs.wait(jobId);
    expect(final).toMatchObject({ state: 'succeeded', result: { rows: 10 }, progress: { phase: 'reading', done: 5, total: 10 } });
    // The first event announces the job as it starts (the sidebar shows it at once).
    expect(seen).toEqual(['job.progress', 'job.progress', 'job.finished']);
  });

  it('keeps the error code and message of a failed job', async () => {
    const jobs = new JobRegistry(new EventBus());
    const { jobId } = jobs.start('sync', 'Sync', async () => {
      throw new PinlistError('AUTH_EXPIRED', 'Reconnect to Pinterest.');
    });
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'failed', error: { code: 'AUTH_EXPIRED', message: 'Reconnect to Pinterest.' } });
  });

  it('cancels through the abort signal', async () => {
    const jobs = new JobRegistry(new EventBus());
    const { jobId } = jobs.start('import', 'Slow', ({ signal }) =>
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    expect(jobs.cancel(jobId)).toBe(true);
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'cancelled' });
    expect(jobs.cancel(jobId)).toBe(false);
  });
});
