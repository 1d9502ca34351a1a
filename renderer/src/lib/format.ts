/**
 * Number, size, time and duration formatting, in the user's locale. Every number a person reads
 * goes through here, so thousands separators and units are the same on every screen.
 */

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** 1234567 → "1,234,567" (in the user's locale). */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** A signed change: +1,204 / −87 / 0 (a real minus sign, so columns line up). */
export function formatDelta(value: number): string {
  if (value > 0) return `+${integerFormat.format(value)}`;
  if (value < 0) return `\u2212${integerFormat.format(-value)}`;
  return '0';
}

/** What was added, always signed even at zero: "+150", "+0". */
export function formatAdded(count: number): string {
  return `+${integerFormat.format(count)}`;
}

/** What was removed, always signed even at zero (a real minus sign): "\u2212281", "\u22120". */
export function formatRemoved(count: number): string {
  return `\u2212${integerFormat.format(count)}`;
}

export function formatDecimal(value: number): string {
  return decimalFormat.format(value);
}

/** 0.253 → "25.3%". */
export function formatFraction(value: number): string {
  return percentFormat.format(value);
}

/** For chart axes: 1200000 → "1.2M". */
export function formatCompact(value: number): string {
  return compactFormat.format(value);
}

/** "n item" / "n items" with the number formatted. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${integerFormat.format(value)} ${BYTE_UNITS[0]}` : `${decimalFormat.format(value)} ${BYTE_UNITS[unit]}`;
}

/** Seconds → "0.9 s", "12 s", "3 min 20 s", "1 h 5 min". Under 10 s keeps a tenth, so a quick import never reads "0 s". */
export function formatDuration(totalSeconds: number): string {
  const exact = Math.max(0, totalSeconds);
  if (exact < 9.95) return `${decimalFormat.format(Math.max(Math.round(exact * 10) / 10, exact > 0 ? 0.1 : 0))} s`;
  const seconds = Math.round(exact);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes === 0 ? `${hours} h` : `${hours} h ${restMinutes} min`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** "5 minutes ago", "in 2 days", "yesterday". */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const diffSeconds = (time - now) / 1000;
  const abs = Math.abs(diffSeconds);
  if (abs < 45) return diffSeconds < 0 ? 'just now' : 'in a moment';
  if (abs < 3600) return relativeFormat.format(Math.round(diffSeconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat.format(Math.round(diffSeconds / 3600), 'hour');
  if (abs < 86_400 * 30) return relativeFormat.format(Math.round(diffSeconds / 86_400), 'day');
  if (abs < 86_400 * 365) return relativeFormat.format(Math.round(diffSeconds / (86_400 * 30)), 'month');
  return relativeFormat.format(Math.round(diffSeconds / (86_400 * 365)), 'year');
}

/** A hash shown in a narrow column: the first and last characters, the whole in a title. */
export function shortHash(hash: string, keep = 10): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-6)}`;
}
