import type { Schedule } from '../../../shared/contract/automation.js';
import { PinlistError } from '../../../shared/errors.js';

/**
 * When scheduled runs fall. Pure functions of a schedule, its anchor (when it was set) and a time,
 * so that tests move an injected clock instead of sleeping. Daily and weekly slots are in the local
 * time of the computer that runs them (Date's local fields, DST included).
 */

const HOUR_MS = 3_600_000;

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

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

/** `--every 6h` (also `90m`? no: whole hours, `6`, `6h`, `1d` = 24 h). */
export function parseEvery(text: string): Schedule {
  const match = /^(\d{1,4})\s*(h|hours?|d|days?)?$/i.exec(text.trim());
  const n = match ? Number(match[1]) * (/^d/i.test(match[2] ?? '') ? 24 : 1) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 8760) {
    throw new PinlistError('USAGE', `--every takes whole hours, e.g. --every 6h or --every 1d, not "${text}".`);
  }
  return { kind: 'every', hours: n };
}

function parseTime(text: string, flag: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const h = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || h > 23 || m > 59) throw new PinlistError('USAGE', `${flag} takes a 24-hour local time as HH:MM, e.g. 06:30, not "${text}".`);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function parseDaily(text: string): Schedule {
  return { kind: 'daily', time: parseTime(text, '--daily') };
}

/** `mon@06:30`, `Monday@06:30`. */
export function parseWeekly(text: string): Schedule {
  const [dayText = '', time = ''] = text.split('@');
  const wanted = dayText.trim().toLowerCase();
  const day = wanted.length >= 3 ? WEEKDAYS.findIndex((name) => name.startsWith(wanted)) : -1;
  if (day < 0 || !text.includes('@')) {
    throw new PinlistError('USAGE', `--weekly takes DAY@HH:MM, e.g. --weekly mon@06:30 (days: ${WEEKDAYS.map((d) => d.slice(0, 3)).join(', ')}), not "${text}".`);
  }
  return { kind: 'weekly', day, time: parseTime(time, '--weekly') };
}

export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'every':
      return schedule.hours === 1 ? 'every hour' : `every ${schedule.hours} hours`;
    case 'daily':
      return `daily at ${schedule.time}`;
    case 'weekly': {
      const day = WEEKDAYS[schedule.day]!;
      return `weekly on ${day[0]!.toUpperCase()}${day.slice(1)} at ${schedule.time}`;
    }
    case 'on-change':
      return 'when the source changes';
  }
}
