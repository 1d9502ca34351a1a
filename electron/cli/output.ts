import { redactSecrets } from '../../shared/redact.js';
import { formatCount } from '../../shared/format-count.js';

/** Re-exported: the commands format their figures through this module. */
export { formatCount };

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


/** A plain aligned table for terminal output. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => String(row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => String(cell ?? '').padEnd(widths[column] ?? 0)).join('  ').trimEnd())
    .join('\n');
}
