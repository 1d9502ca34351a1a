import { PinlistError } from './errors.js';
import type { ColumnKind, IdentifierKind } from './identifiers.js';
import { normalizeEmail, trimWhiteSpace, uuidCase } from './normalize.js';

/**
 * Which columns of a spreadsheet hold which identifiers: from the header names, from the values
 * when there is no header (or no header we recognise), and from the user's `--map` overrides,
 * which always win.
 */

export interface ColumnMapping {
  index: number;
  name: string;
  kind: ColumnKind;
  source: 'header' | 'values' | 'user';
}

/** `column`: a header name, or a 1-based column number as text. */
export interface MapOverride {
  column: string;
  kind: ColumnKind;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

/**
 * Header names, compared with everything but letters and digits removed and lowercased, so
 * "E-mail Address", "email_address" and "EmailAddress" are one name. Deliberately an exact list:
 * a prefix match would also take `email_opt_in` or `email_verified`.
 */
const HEADER_KINDS: ReadonlyMap<string, IdentifierKind> = new Map<string, IdentifierKind>([
  ...aliases('email', ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'primary email']),
  // Pre-hashed emails: same kind, the values are 64-hex and normalization keeps them as they are.
  ...aliases('email', ['hashed_email', 'email_sha256', 'sha256_email', 'email_hash']),
  ...aliases('gaid', ['gaid', 'aaid', 'adid', 'google_advertising_id', 'android_advertising_id', 'maid']),
  ...aliases('idfa', ['idfa', 'ios_advertising_id', 'apple_idfa']),
  // The names Pinlist itself shows (KIND_LABEL), so a file exported from Pinlist maps back.
  ...aliases('gaid', ['android ad id']),
  ...aliases('idfa', ['ios ad id', 'idfa (ios ad id)']),
]);

function aliases(kind: IdentifierKind, names: readonly string[]): [string, IdentifierKind][] {
  return names.map((name) => [headerKey(name), kind]);
}

function headerKey(header: string): string {
  return header.toLowerCase().replace(NON_ALPHANUMERIC, '');
}

export function kindFromHeader(header: string): IdentifierKind | null {
  return HEADER_KINDS.get(headerKey(header)) ?? null;
}

/** Share of non-empty sampled values that must look like one kind for the column to be that kind. */
export const VALUE_DETECTION_THRESHOLD = 0.6;

/**
 * Guesses a column's kind from sampled values: emails (or 64-hex SHA-256 hashes, which without a
 * header we can only assume are hashed emails) → `email`; UUIDs → `idfa` when they are written in
 * uppercase (as iOS reports them), otherwise `gaid`. 32 hex digits without hyphens count as an ad
 * ID only when shaped like one (see {@link adIdShape}): otherwise they are MD5 hashes, and a column
 * of MD5-hashed emails must not be taken for Android ad IDs.
 */
export function kindFromValues(values: readonly string[]): IdentifierKind | null {
  let nonEmpty = 0;
  let emails = 0;
  let upperUuids = 0;
  let otherUuids = 0;
  for (const value of values) {
    const email = normalizeEmail(value);
    if (!email.ok && email.reason === 'empty') continue;
    nonEmpty++;
    if (email.ok) {
      emails++;
      continue;
    }
    const shape = adIdShape(value);
    if (shape === 'upper') upperUuids++;
    else if (shape !== null) otherUuids++;
  }
  if (nonEmpty === 0) return null;
  const needed = nonEmpty * VALUE_DETECTION_THRESHOLD;
  if (emails >= needed) return 'email';
  if (upperUuids + otherUuids >= needed) return upperUuids > otherUuids ? 'idfa' : 'gaid';
  return null;
}

const BARE_UUID = /^[0-9a-f]{32}$/i;
const LEGACY_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40})$/i;

/**
 * `uuidCase` for column detection: a hyphenated UUID is an ad ID whatever its digits, but 32 bare
 * hex digits are one only with a UUID's version (1-5, at digit 13) and variant (8, 9, a or b, at
 * digit 17). Advertising IDs are random (version 4) UUIDs, while only about 1 in 13 MD5 hashes has
 * that shape by chance.
 */
export function adIdShape(raw: string): ReturnType<typeof uuidCase> {
  const shape = uuidCase(raw);
  if (shape === null) return null;
  const s = trimWhiteSpace(raw);
  if (!BARE_UUID.test(s)) return shape;
  const version = s.charCodeAt(12) - 0x30;
  const variant = s[16]!.toLowerCase();
  return version >= 1 && version <= 5 && '89ab'.includes(variant) ? shape : null;
}

/** An MD5 (32 hex digits not shaped like a UUID, see {@link adIdShape}) or SHA-1 (40) hash. */
export function isLegacyHash(raw: string): boolean {
  const s = trimWhiteSpace(raw);
  return LEGACY_HASH.test(s) && adIdShape(s) === null;
}

/**
 * Whether sampled values are mostly MD5 or SHA-1 hashes, which Pinterest cannot match: such a
 * column is not mapped by its values, and the error says why instead of only "no column".
 */
export function holdsLegacyHashes(values: readonly string[]): boolean {
  let nonEmpty = 0;
  let hashes = 0;
  for (const value of values) {
    if (trimWhiteSpace(value) === '') continue;
    nonEmpty++;
    if (isLegacyHash(value)) hashes++;
  }
  return nonEmpty > 0 && hashes >= nonEmpty * VALUE_DETECTION_THRESHOLD;
}

/** An email, a 64-hex hash, or a UUID (even the all-zero one: it is still an ad ID, not a name). */
function isIdentifierValue(value: string): boolean {
  return normalizeEmail(value).ok || uuidCase(value) !== null;
}

/** Identifiers, and also malformed emails: no header name contains an @. */
function looksLikeData(cell: string): boolean {
  return cell.includes('@') || isIdentifierValue(cell);
}

/** Title, date and blank lines above a table are looked for this far down, no further. */
export const MAX_PREAMBLE_ROWS = 20;

/**
 * How many rows at the top of a file come before its table: report exports and hand-made sheets
 * put a title, a "generated on" line or a blank line above the header (Excel writes a title in A1
 * as "Customer report,,,"). Such a row has at most one filled cell, which is neither an identifier
 * (then it is data) nor an identifier column's name (then it is a one-name header). The table starts
 * at the first row with two or more filled cells, if one comes within MAX_PREAMBLE_ROWS; otherwise
 * (a one-column file, say) there is no preamble and the table starts at the first row.
 */
export function preambleLength(rows: readonly (readonly string[])[]): number {
  const limit = Math.min(MAX_PREAMBLE_ROWS, rows.length);
  for (let i = 0; i < limit; i++) {
    const filled = rows[i]!.map((cell) => trimWhiteSpace(cell)).filter((cell) => cell !== '');
    if (filled.length >= 2) return i;
    const only = filled[0];
    if (only !== undefined && (looksLikeData(only) || kindFromHeader(only) !== null)) return 0;
  }
  return 0;
}

/**
 * Whether the first row of a file is a header. `sample` is rows after the first one.
 *
 * A header if no cell of the first row is itself an identifier (or holds an @), and either some
 * cell is a header name we recognise or the rows below do hold identifiers. A file that is just a
 * column of values (Pinterest's own template) therefore has no header, even when its first value
 * is a malformed email.
 */
export function looksLikeHeaderRow(
  firstRow: readonly string[],
  sample: readonly (readonly string[])[],
): boolean {
  if (firstRow.some(looksLikeData)) return false;
  if (firstRow.some((cell) => kindFromHeader(cell) !== null)) return true;
  if (sample.some((row) => row.some(isIdentifierValue))) return true;
  return isRowOfNames(firstRow, sample);
}

/** A bare number, date or amount: a value, not a column's name. */
const VALUE_LIKE = /^[\d\s.,:/+\-()%$€£]+$/;

/**
 * Names nobody recognises ("Kunde", "Telefon") are still a header: two or more filled cells, none
 * a number or date, and none repeated as a value in its column below. A file with no identifier
 * column then shows its own column names to map from, and its first row is not taken for data.
 */
function isRowOfNames(firstRow: readonly string[], sample: readonly (readonly string[])[]): boolean {
  const filled = firstRow.map((cell, index) => ({ cell: trimWhiteSpace(cell), index })).filter(({ cell }) => cell !== '');
  if (filled.length < 2) return false;
  return filled.every(
    ({ cell, index }) => !VALUE_LIKE.test(cell) && !sample.some((row) => trimWhiteSpace(row[index] ?? '').toLowerCase() === cell.toLowerCase()),
  );
}

/**
 * Maps every column to a kind.
 *
 * Header names are used first. Values are sampled only for columns whose kind the header did not
 * settle, and only when no header name was recognised at all (or there is no header): in a file
 * with an "Email" column, a "Manager email" column should not be uploaded too. Overrides are
 * applied last. Does not throw when no column is an identifier: the caller decides (see
 * {@link noIdentifierColumnMessage}); it does throw BAD_MAPPING for an override naming a column
 * that does not exist.
 */
export function resolveColumns(input: {
  header: readonly string[] | null;
  columnCount: number;
  sample: readonly (readonly string[])[];
  overrides: readonly MapOverride[];
}): ColumnMapping[] {
  const { header, columnCount, sample, overrides } = input;
  const mappings: ColumnMapping[] = [];
  for (let index = 0; index < columnCount; index++) {
    const name = trimWhiteSpace(header?.[index] ?? '') || defaultColumnName(index);
    const fromHeader = header ? kindFromHeader(name) : null;
    mappings.push({ index, name, kind: fromHeader ?? 'ignore', source: 'header' });
  }

  if (!mappings.some((m) => m.kind !== 'ignore')) {
    for (const mapping of mappings) {
      const values = sample.map((row) => row[mapping.index] ?? '');
      mapping.kind = kindFromValues(values) ?? 'ignore';
      mapping.source = 'values';
    }
  }

  for (const override of overrides) {
    const mapping = mappings[findOverriddenColumn(override, mappings)];
    if (mapping) {
      mapping.kind = override.kind;
      mapping.source = 'user';
    }
  }
  return mappings;
}

export function defaultColumnName(index: number): string {
  return `Column ${index + 1}`;
}

/** Header name first (exact, case-insensitive, after trimming), then 1-based column number. */
function findOverriddenColumn(override: MapOverride, mappings: readonly ColumnMapping[]): number {
  const wanted = trimWhiteSpace(override.column).toLowerCase();
  const byName = mappings.filter((m) => m.name.toLowerCase() === wanted);
  if (byName.length > 1) {
    const numbers = byName.map((m) => m.index + 1).join(' and ');
    throw new PinlistError(
      'BAD_MAPPING',
      `More than one column is named "${override.column}" (columns ${numbers}). ` +
        `Map it by its column number instead (${numbers}).`,
    );
  }
  if (byName[0]) return byName[0].index;
  if (/^\d+$/.test(wanted)) {
    const number = Number(wanted);
    if (number >= 1 && number <= mappings.length) return number - 1;
  }
  throw new PinlistError(
    'BAD_MAPPING',
    `There is no column "${override.column}" in this file. ` +
      `Columns seen: ${describeColumnsForError(mappings)}. ` +
      `Use one of these names, or a column number from 1 to ${mappings.length}.`,
  );
}

const MAX_COLUMNS_LISTED = 20;

/** The columns seen, for error messages: `"Name", "Phone", "Column 3"`. */
export function describeColumnsForError(mappings: readonly ColumnMapping[]): string {
  if (mappings.length === 0) return '(none)';
  const listed = mappings.slice(0, MAX_COLUMNS_LISTED).map((m) => `"${m.name}"`);
  const more = mappings.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

/** The NO_IDENTIFIER_COLUMN message for when no mapping ends up as an identifier. */
export function noIdentifierColumnMessage(mappings: readonly ColumnMapping[]): string {
  return (
    `No column looks like an email or ad ID. Columns seen: ${describeColumnsForError(mappings)}. ` +
    'Choose which column holds the emails or ad IDs.'
  );
}

export function hasIdentifierColumn(mappings: readonly ColumnMapping[]): boolean {
  return mappings.some((m) => m.kind !== 'ignore');
}
