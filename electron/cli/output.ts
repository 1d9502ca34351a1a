import { redactSecrets } from '../../shared/redact.js';

export interface Output {
  /** Data for people, or for scripts with --json. */
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
  /** Standard output as a stream, for large outputs written as they are produced (e.g. a CSV). */
  stream?: NodeJS.WritableStream;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(redactSecrets(text.endsWith('\n') ? text : `${text}\n`)),
  isTty: Boolean(process.stderr.isTTY),
  stream: process.stdout,
};

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value));
}

let numberFormat: Intl.NumberFormat | undefined;

/**
 * Thousands separators for the figures people read. Counts are grouped by hand: the first
 * Intl.NumberFormat of a process loads ICU's locale data, 12 to 35 ms of every `pinlist lists`.
 * Anything else (fractions, huge or odd values) still goes through Intl, made on first need.
 */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
    return value < 0 ? `-${digits}` : digits;
  }
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}

/** A plain aligned table for terminal output. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => String(row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => String(cell ?? '').padEnd(widths[column] ?? 0)).join('  ').trimEnd())
    .join('\n');
}
