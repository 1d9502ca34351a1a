/**
 * CSV cells that are safe to open in a spreadsheet (OWASP "CSV injection") and quoted per
 * RFC 4180. Every CSV Pinlist writes with user data (raw values of rejected rows, column names
 * taken from the user's file) goes through here.
 */

/** A cell starting with one of these is run as a formula (or its DDE cousin) by Excel, LibreOffice or Sheets. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a leading apostrophe to a cell a spreadsheet would otherwise evaluate. */
export function neutraliseCell(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, and its quotes doubled. */
export function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One cell of user data: neutralised, then quoted. Numbers are ours and written as they are. */
export function csvCell(value: string | number): string {
  return typeof value === 'number' ? String(value) : quoteField(neutraliseCell(value));
}

/** RFC 4180 records end with CRLF. */
export const CSV_EOL = '\r\n';

export function csvRow(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',') + CSV_EOL;
}

/** A UTF-8 byte order mark: without it Excel reads a CSV as the local ANSI code page and garbles non-ASCII. */
export const UTF8_BOM = '\uFEFF';
