import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';

/** How much of the file the readers look at before deciding how to read it. */
export const SAMPLE_BYTES = 64 * 1024;

export type Newline = '\n' | '\r\n' | '\r';
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
/** OLE2 compound file: Excel 97-2003 .xls, and password-protected .xlsx. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(sample: Uint8Array, magic: readonly number[]): boolean {
  return sample.length >= magic.length && magic.every((byte, i) => sample[i] === byte);
}

export type Container = 'zip' | 'empty-zip' | 'ole' | 'text';

export function detectContainer(sample: Uint8Array): Container {
  if (startsWith(sample, ZIP_MAGIC)) return 'zip';
  if (startsWith(sample, EMPTY_ZIP_MAGIC)) return 'empty-zip';
  if (startsWith(sample, OLE_MAGIC)) return 'ole';
  return 'text';
}

export interface Bom {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

export function detectBom(sample: Uint8Array): Bom | null {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM shows up as a NUL in every other byte (Latin text). Checked before the
 * binary test so such a file isn't mistaken for one.
 */
export function detectBomlessUtf16(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** NUL bytes, or many control characters, mean this isn't text in an 8-bit or UTF-8 encoding. */
export function looksBinary(sample: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (byte === 0) return true;
    // Tab, LF, VT, FF, CR are text; ESC and DEL rarely appear in exports either way.
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f) control++;
  }
  return control > sample.length * 0.05;
}

/**
 * Is the sample valid UTF-8, ignoring a multi-byte character cut off by the end of the sample?
 * `complete` is true when the sample is the whole file (then a cut-off character is invalid).
 */
export function isUtf8Sample(sample: Uint8Array, complete: boolean): boolean {
  if (complete) return isUtf8(sample);
  let end = sample.length;
  // Step back over continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (sample[end - back - 1]! & 0xc0) === 0x80) back++;
  const leadIndex = end - back - 1;
  if (leadIndex >= 0) {
    const lead = sample[leadIndex]!;
    const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (needed > back + 1) end = leadIndex;
  }
  return isUtf8(sample.subarray(0, end));
}

const WESTERN = new Set(['windows-1252', 'iso-8859-1', 'iso-8859-15']);
/** Latin-script relatives chardet often picks for short Western samples. */
const LATIN = new Set(['iso-8859-2', 'iso-8859-9', 'windows-1250', 'windows-1254', 'windows-1257']);

/**
 * Picks a legacy encoding for a sample that isn't UTF-8. Excel on Windows in Western locales
 * writes Windows-1252, and chardet tends to call short samples of it ISO-8859-1 (which lacks
 * €, curly quotes and dashes) or a Central European cousin, so Windows-1252 wins ties.
 */
export function guessLegacyEncoding(sample: Uint8Array): string {
  const matches = chardet.analyse(sample).filter((m) => iconv.encodingExists(m.name));
  const top = matches[0];
  if (!top) return 'windows-1252';
  const name = top.name.toLowerCase();
  if (WESTERN.has(name)) return 'windows-1252';
  if (LATIN.has(name)) {
    const western = matches.find((m) => WESTERN.has(m.name.toLowerCase()));
    if (western && western.confidence >= top.confidence - 15) return 'windows-1252';
  }
  if (name === 'ascii' || name === 'utf-8') return 'windows-1252';
  return name;
}

/** Detects the line break from the sample, ignoring breaks inside quoted fields. */
export function detectNewline(text: string): Newline {
  const unquoted = text.replace(/"[^"]*"/g, '');
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = unquoted.indexOf('\r'); i !== -1; i = unquoted.indexOf('\r', i + 1)) {
    if (unquoted.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = unquoted.indexOf('\n'); i !== -1; i = unquoted.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

interface DelimiterScore {
  delimiter: string;
  columns: number;
  consistency: number;
}

const SAMPLE_ROWS = 200;

/**
 * Excel writes `sep=;` (or another character) as the first line of some CSV exports so that Excel
 * itself reopens them right. The delimiter it names, or null when the file has no such line.
 */
export function separatorHint(text: string): string | null {
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  const match = /^"?sep=(.)"?\s*$/i.exec(firstLine.replace(/^\uFEFF/, ''));
  return match?.[1] ?? null;
}

/**
 * Picks the delimiter that splits the sample's rows into the most consistent number of columns
 * (more than one), parsing with quotes respected. A file with one column and no delimiter at all
 * (Pinterest's own template) gets ','.
 */
export function detectDelimiter(text: string, newline: Newline, complete: boolean): string {
  let best: DelimiterScore | null = null;
  for (const delimiter of DELIMITERS) {
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    const rows = (parser.parse(text, 0, !complete) as { data: string[][] }).data;
    const counts = new Map<number, number>();
    let total = 0;
    for (const row of rows) {
      if (row.length === 1 && row[0]!.trim() === '') continue;
      counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
      if (++total >= SAMPLE_ROWS) break;
    }
    let columns = 0;
    let modeCount = 0;
    for (const [width, count] of counts) {
      if (count > modeCount || (count === modeCount && width > columns)) {
        columns = width;
        modeCount = count;
      }
    }
    if (columns < 2 || total === 0) continue;
    const score: DelimiterScore = { delimiter, columns, consistency: modeCount / total };
    if (
      !best ||
      score.consistency > best.consistency + 0.001 ||
      (Math.abs(score.consistency - best.consistency) <= 0.001 && score.columns > best.columns)
    ) {
      best = score;
    }
  }
  return best?.delimiter ?? ',';
}

export type Markup = 'html' | 'excel-xml' | 'xml';

/**
 * Web pages and XML saved under a spreadsheet's name: old CRMs and web apps "export to Excel" as an
 * HTML table (or Excel 2003's XML spreadsheet) named .xls. Read as CSV they yield one column of
 * tags, and "map a column" would be the wrong advice. Only the very start of the text decides:
 * a CSV never begins with these.
 */
export function detectMarkup(text: string): Markup | null {
  const head = text.replace(/^[\uFEFF\s]+/, '').slice(0, 4096).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  if (!head.startsWith('<?xml')) return null;
  return head.includes('urn:schemas-microsoft-com:office:spreadsheet') || head.includes('progid="excel.sheet"') ? 'excel-xml' : 'xml';
}
