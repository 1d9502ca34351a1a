/** How an XLSX cell's number or date reads as text, as Excel shows it in the General format. */

/**
 * Integers as plain digits (a phone number or ID must not become "4.9e+12"); fractions rounded
 * to Excel's 15 significant digits, dropping float noise like 12.300000000000001.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

/**
 * A date serial read at UTC (Excel dates have no time zone) as its wall-clock value:
 * "2024-01-31", or "2024-01-31T13:45:00" when there is a time.
 */
export function dateText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const iso = date.toISOString();
  if (time % 86_400_000 === 0) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}
