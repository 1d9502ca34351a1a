import { basename } from 'node:path';
import { PinlistError } from '../../../../shared/errors.js';

/** Every refusal the readers make, worded once, so the CLI, the app and the browser say the same. */

/**
 * The names the user gave the files being read, by path. Browser mode stages an upload under a
 * random name (`6871….upload`); a message must name the file the user chose. Each reader (a
 * worker thread) registers its file once, so this map holds a file or two.
 */
const displayNames = new Map<string, string>();

/** Messages about `path` name it `name` (the user's own file name). */
export function setDisplayName(path: string, name: string): void {
  displayNames.set(path, name);
}

/** The name a message uses for a file: the user's name for it, else its base name. */
export function displayName(path: string): string {
  return displayNames.get(path) ?? basename(path);
}

const SAVE_AS_CSV = 'open it in Excel or Google Sheets, save it as "CSV UTF-8", and try again.';

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function fileNotFound(path: string): PinlistError {
  return new PinlistError(
    'FILE_NOT_FOUND',
    `Pinlist can't find "${displayName(path)}". It may have been moved, renamed or deleted: choose the file again.`,
    { path },
  );
}

export function fileUnreadable(path: string, cause: unknown): PinlistError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PinlistError(
    'FILE_NOT_FOUND',
    `Pinlist can't open "${displayName(path)}" (${reason}). Check that the file isn't a folder and that you may read it, then choose it again.`,
    { path },
  );
}

export function fileEmpty(path: string, what = 'is empty'): PinlistError {
  return new PinlistError(
    'FILE_EMPTY',
    `"${displayName(path)}" ${what}. Export the list again from your CRM or shop, and check that the export has rows before importing it.`,
    { path },
  );
}

export function fileBinary(path: string, kind?: 'xls'): PinlistError {
  if (kind === 'xls') {
    return new PinlistError(
      'FILE_BINARY',
      `"${displayName(path)}" is an old Excel 97-2003 (.xls) workbook or a password-protected one, which Pinlist can't read. Open it in Excel, remove any password, save it as .xlsx or "CSV UTF-8", and try again.`,
      { path },
    );
  }
  return new PinlistError(
    'FILE_BINARY',
    `"${displayName(path)}" isn't a spreadsheet or text file (it contains binary data, like an image or a program). Choose the CSV or Excel file that holds your customer list.`,
    { path },
  );
}

/** A web page or XML file named like a spreadsheet (see `detectMarkup`); refused like other formats Pinlist can't read. */
export function fileMarkup(path: string, markup: 'html' | 'excel-xml' | 'xml'): PinlistError {
  const what =
    markup === 'html'
      ? 'is a web page (HTML), not a spreadsheet, even if its name says .xls or .csv'
      : markup === 'excel-xml'
        ? 'is an Excel 2003 XML spreadsheet, which Pinlist can\'t read'
        : 'is an XML file, not a spreadsheet';
  return new PinlistError('FILE_BINARY', `"${displayName(path)}" ${what}. Open it in Excel or Google Sheets, save it as .xlsx or "CSV UTF-8", and try again.`, { path });
}

export function badXlsx(path: string, detail: string): PinlistError {
  return new PinlistError(
    'FILE_BAD_XLSX',
    `Pinlist can't read "${displayName(path)}" as an Excel workbook: ${detail}. Open it in Excel or Google Sheets, save it again as .xlsx or "CSV UTF-8", and try again.`,
    { path },
  );
}

export function sheetNotFound(path: string, sheet: string, names: readonly string[]): PinlistError {
  const list = names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none with a name Pinlist could read';
  return new PinlistError(
    'SHEET_NOT_FOUND',
    `"${displayName(path)}" has no sheet named "${sheet}". Its sheets are: ${list}. Choose one of these.`,
    { path, sheet, sheets: [...names] },
  );
}

/** `quote`: a quoted field still open after the limit; `unclosed`: one still open at the end of the file. */
export function lineTooLong(path: string, rowNumber: number, cause: 'quote' | 'unclosed' | 'line', limitBytes: number): PinlistError {
  const limit = `${Math.round(limitBytes / (1024 * 1024))} MiB`;
  const what =
    cause === 'quote'
      ? `row ${rowNumber} opens a quoted field (") that doesn't close within ${limit}, so the rest of the file would be read as one cell`
      : cause === 'unclosed'
        ? `row ${rowNumber} opens a quoted field (") that never closes, so the rest of the file would be read as one cell`
        : `row ${rowNumber} runs on for more than ${limit} without a line break, which no customer list has`;
  return new PinlistError(
    'FILE_LINE_TOO_LONG',
    `In "${displayName(path)}", ${what}. Check that you chose the right file; if so, fix that row or ${SAVE_AS_CSV}`,
    { path, rowNumber },
  );
}

export function unknownEncoding(encoding: string): PinlistError {
  return new PinlistError(
    'FILE_ENCODING',
    `"${encoding}" isn't a text encoding Pinlist knows. Choose another one (for example UTF-8, Windows-1252 or UTF-16LE).`,
    { encoding },
  );
}

export function undecodable(path: string, encoding: string, byteOffset: number): PinlistError {
  return new PinlistError(
    'FILE_ENCODING',
    `"${displayName(path)}" isn't valid ${encoding} text (near byte ${byteOffset}). Choose the encoding it was saved in (older Excel exports are often Windows-1252), or ${SAVE_AS_CSV}`,
    { path, encoding, byteOffset },
  );
}

/** The job registry aborts with a PinlistError('CANCELLED'); anything else is worded here. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled(signal);
}

export function cancelled(signal: AbortSignal): PinlistError {
  const reason: unknown = signal.reason;
  if (reason instanceof PinlistError) return reason;
  return new PinlistError('CANCELLED', 'Import cancelled. Nothing from this file was saved.');
}

/**
 * The file was truncated, overwritten or grew while it was read: what was read is not one
 * consistent file, so nothing of it may be committed.
 */
export function fileChanged(path: string): PinlistError {
  return new PinlistError(
    'FILE_CHANGED',
    `"${displayName(path)}": the file changed while it was read; try again when the program writing it is done. Nothing was changed.`,
    { path },
  );
}
