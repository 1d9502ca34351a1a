import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readingDue, ReadingScheduler, type SchedulerClock } from '../../electron/core/audiences/schedule.js';
import { openDatabase, type Db } from '../../electron/core/db/open.js';

const HOUR = 3_600_000;
const SYNC = Date.parse('2026-03-01T10:00:00Z');

describe('readingDue', () => {
  it('is due at 1 h, 6 h, 24 h and 48 h after a sync, then daily, once per checkpoint', () => {
    expect(readingDue(SYNC, null, SYNC + 0.5 * HOUR)).toEqual({ due: false, nextAt: SYNC + HOUR });
    expect(readingDue(SYNC, null, SYNC + HOUR)).toEqual({ due: true, nextAt: SYNC + 6 * HOUR });
    expect(readingDue(SYNC, SYNC + HOUR, SYNC + 5 * HOUR).due).toBe(false);
    expect(readingDue(SYNC, SYNC + HOUR, SYNC + 6 * HOUR)).toEqual({ due: true, nextAt: SYNC + 24 * HOUR });
    // A status request at 20 h does not cover the 24 h checkpoint; one at 25 h does.
    expect(readingDue(SYNC, SYNC + 20 * HOUR, SYNC + 24 * HOUR).due).toBe(true);
    expect(readingDue(SYNC, SYNC + 25 * HOUR, SYNC + 30 * HOUR)).toEqual({ due: false, nextAt: SYNC + 48 * HOUR });
    expect(readingDue(SYNC, SYNC + 48 * HOUR, SYNC + 71 * HOUR)).toEqual({ due: false, nextAt: SYNC + 72 * HOUR });
    expect(readingDue(SYNC, SYNC + 48 * HOUR, SYNC + 73 * HOUR)).toEqual({ due: true, nextAt: SYNC + 96 * HOUR });
  });
});

describe('ReadingScheduler', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-schedule-'));
    db = openDatabase(path.join(dir, 'pinlist.db'));
    const now = new Date(SYNC).toISOString();
    db.prepare(`INSERT INTO lists (id, name, role, created_at, updated_at) VALUES (1, 'Buyers', 'audience', ?, ?)`).run(now, now);
    db.prepare(
      `INSERT INTO sync_targets (id, list_id, ad_account_id, kind, list_type, customer_list_name, customer_list_id, last_sync_at, created_at, updated_at)
       VALUES (1, 1, '1', 'email', 'EMAIL', 'Buyers (email)', '55', ?, ?, ?)`,
    ).run(now, now, now);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads at each checkpoint on an injected clock, never twice for one, and waits out a failure', async () => {
    let now = SYNC;
    const timers: { at: number; run: () => void }[] = [];
    const clock: SchedulerClock = {
      now: () => now,
      setTimeout: (run, ms) => timers.push({ at: now + ms, run }),
      clearTimeout: () => undefined,
    };
    const reads: number[] = [];
    let fail = false;
    const scheduler = new ReadingScheduler({
      db,
      clock,
      read: async (listId) => {
        if (fail) throw new Error('Pinterest down');
        reads.push(now);
        db.prepare(`INSERT INTO audience_readings (target_id, list_id, kind, taken_at, confirmed, list_members, trigger) VALUES (1, ?, 'email', ?, 0, 0, 'schedule')`).run(
          listId,
          new Date(now).toISOString(),
        );
      },
      onError: () => undefined,
    });
    const advanceTo = async (at: number) => {
      now = at;
      await scheduler.poke();
    };
    await scheduler.poke();
    expect(reads).toEqual([]);
    expect(timers.at(-1)!.at).toBe(SYNC + HOUR);
    await advanceTo(SYNC + HOUR);
    await advanceTo(SYNC + HOUR + 60_000);
    await advanceTo(SYNC + 6 * HOUR);
    fail = true;
    await advanceTo(SYNC + 24 * HOUR);
    await advanceTo(SYNC + 25 * HOUR);
    fail = false;
    await advanceTo(SYNC + 48 * HOUR);
    await advanceTo(SYNC + 72 * HOUR);
    expect(reads.map((at) => (at - SYNC) / HOUR)).toEqual([1, 6, 48, 72]);
    expect(timers.at(-1)!.at).toBe(SYNC + 96 * HOUR);
    scheduler.stop();
  });
});
