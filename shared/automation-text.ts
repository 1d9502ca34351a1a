import type { AlertKind, Schedule } from './contract/automation.js';
import { PinlistError } from './errors.js';

/**
 * How schedules and alerts read as text: the CLI's `--every/--daily/--weekly` parsing and the
 * words for a schedule and an alert. Pure and free of zod, so the CLI parses its options without
 * loading the contract or the core (a usage error stays as fast as `--help`).
 */

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Sunday`…`Saturday`, indexed like `Schedule.day`. */
export const WEEKDAY_NAMES: readonly string[] = WEEKDAYS.map(capitalize);

/** A schedule as a clause within a sentence: `every 6 hours`, `weekly on Monday at 06:30`. */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'every':
      return schedule.hours === 1 ? 'every hour' : `every ${schedule.hours} hours`;
    case 'daily':
      return `daily at ${schedule.time}`;
    case 'weekly':
      return `weekly on ${WEEKDAY_NAMES[schedule.day]} at ${schedule.time}`;
    case 'on-change':
      return 'when the source changes';
  }
}

/** A schedule as a label on its own: `Every 6 hours`, `Weekly on Monday at 06:30`. */
export function scheduleLabel(schedule: Schedule): string {
  return capitalize(describeSchedule(schedule));
}

const ALERT_TITLES: Record<AlertKind, string> = {
  'run-failed': 'Automated run failed',
  held: 'Sync held by the shrink guard',
  'source-missing': 'Source missing',
  'source-stale': 'Source not updated',
  'connection-expiring': 'Pinterest connection expiring',
  'connection-expired': 'Pinterest connection expired',
  'audience-small': 'Audience below 100 members',
  'match-rate-drop': 'Match rate dropped',
};

export function alertTitle(kind: AlertKind): string {
  return ALERT_TITLES[kind];
}
