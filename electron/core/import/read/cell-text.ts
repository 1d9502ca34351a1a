/**
 * An XLSX cell value, as exceljs's streaming reader produces it, to the text a person sees in
 * the cell, so an XLSX row reads the same as the CSV Excel would have written.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((run) => cellText(run.text)).join('');
    // A hyperlink cell (mailto: links too) reads as its displayed text.
    if ('hyperlink' in v) return cellText(v.text);
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('error' in v) return cellText(v.error);
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

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
 * exceljs turns date serials into Dates at UTC. Excel dates have no time zone, so this prints
 * the wall-clock value: "2024-01-31", or "2024-01-31T13:45:00" when there is a time.
 */
export function dateText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const iso = date.toISOString();
  if (time % 86_400_000 === 0) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}
