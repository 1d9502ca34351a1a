import type { Schedule } from '../../../shared/contract/automation.js';

/**
 * When scheduled runs fall. Pure functions of a schedule, its anchor (when it was set) and a time,
 * so that tests move an injected clock instead of sleeping. Daily and weekly slots are in the local
 * time of the computer that runs them (Date's local fields, DST included).
 */

const HOUR_MS = 3_600_000;

function hoursMinutes(time: string): [number, number] {
  const [h, m] = time.split(':').map(Number);
  return [h ?? 0, m ?? 0];
}

function localAt(base: Date, dayOffset: number, time: string): number {
  const [h, m] = hoursMinutes(time);
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + dayOffset, h, m, 0, 0).getTime();
}

/** The latest slot at or before `t` (null: none, e.g. on-change, or before the first slot). */
export function slotAtOrBefore(schedule: Schedule, anchor: number, t: number): number | null {
  switch (schedule.kind) {
    case 'every': {
      if (t < anchor) return null;
      const step = schedule.hours * HOUR_MS;
      return anchor + Math.floor((t - anchor) / step) * step;
    }
    case 'daily': {
      const today = localAt(new Date(t), 0, schedule.time);
      return today <= t ? today : localAt(new Date(t), -1, schedule.time);
    }
    case 'weekly': {
      const date = new Date(t);
      const back = (date.getDay() - schedule.day + 7) % 7;
      const slot = localAt(date, -back, schedule.time);
      return slot <= t ? slot : localAt(date, -back - 7, schedule.time);
    }
    case 'on-change':
      return null;
  }
}

/** The first slot strictly after `t` (null for on-change). */
export function slotAfter(schedule: Schedule, anchor: number, t: number): number | null {
  switch (schedule.kind) {
    case 'every': {
      const step = schedule.hours * HOUR_MS;
      if (t < anchor) return anchor;
      return anchor + (Math.floor((t - anchor) / step) + 1) * step;
    }
    case 'daily': {
      const today = localAt(new Date(t), 0, schedule.time);
      return today > t ? today : localAt(new Date(t), 1, schedule.time);
    }
    case 'weekly': {
      const date = new Date(t);
      const ahead = (schedule.day - date.getDay() + 7) % 7;
      const slot = localAt(date, ahead, schedule.time);
      return slot > t ? slot : localAt(date, ahead + 7, schedule.time);
    }
    case 'on-change':
      return null;
  }
}

/**
 * The slot a run is due for: the latest one after `handledUntil` and at or before `now`. However
 * many slots were missed (asleep, app closed), this is one slot, so they run once.
 */
export function dueSlot(schedule: Schedule, anchor: number, handledUntil: number, now: number): number | null {
  const slot = slotAtOrBefore(schedule, anchor, now);
  return slot !== null && slot > handledUntil ? slot : null;
}

/** When the next run falls: now if a slot is due, else the next slot. */
export function nextRunAt(schedule: Schedule, anchor: number, handledUntil: number, now: number): number | null {
  if (schedule.kind === 'on-change') return null;
  if (dueSlot(schedule, anchor, handledUntil, now) !== null) return now;
  return slotAfter(schedule, anchor, Math.max(handledUntil, now));
}

// The schedule's words and the CLI's parsing live in shared/ (the CLI parses options without the core).
export { describeSchedule, parseDaily, parseEvery, parseWeekly, WEEKDAYS } from '../../../shared/automation-text.js';
