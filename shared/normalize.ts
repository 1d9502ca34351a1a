import type { IdentifierKind, RejectReason } from './identifiers.js';

/**
 * Normalization rules for the identifiers Pinterest matches on. The normalized value is what gets
 * SHA-256-hashed, so these rules must produce byte-for-byte what Pinterest hashes on its side:
 * changing any of them silently stops list rows from matching. They are pinned by
 * test/unit/normalize.test.ts (including known SHA-256 vectors).
 *
 * This runs on millions of cells per import, so the hot paths avoid regexes and allocation:
 * rejects are shared frozen objects, trimming is a char-code scan, and a value that is already
 * plain lowercase printable ASCII (the common case) skips NFC, trimming and lowercasing.
 */

export type Normalized =
  | { ok: true; value: string; prehashed: boolean }
  | { ok: false; reason: RejectReason };

const REJECT: Readonly<Record<RejectReason, Normalized>> = Object.freeze({
  empty: reject('empty'),
  missing_at: reject('missing_at'),
  multiple_at: reject('multiple_at'),
  bad_local: reject('bad_local'),
  local_too_long: reject('local_too_long'),
  bad_domain: reject('bad_domain'),
  has_space: reject('has_space'),
  too_long: reject('too_long'),
  bad_ad_id: reject('bad_ad_id'),
  zeroed_ad_id: reject('zeroed_ad_id'),
  unsupported_hash: reject('unsupported_hash'),
  ragged_row: reject('ragged_row'),
});

function reject(reason: RejectReason): Normalized {
  return Object.freeze({ ok: false, reason }) as Normalized;
}

export const MAX_EMAIL_LENGTH = 254;
export const MAX_EMAIL_LOCAL_LENGTH = 64;
export const ZERO_AD_ID = '00000000-0000-0000-0000-000000000000';

const AT = 0x40;
const DOT = 0x2e;
const HYPHEN = 0x2d;
const GT = 0x3e;
const MAILTO = 'mailto:';

/**
 * White space as spreadsheets and copy-paste deliver it: everything JavaScript's `\s` covers
 * (which includes U+00A0, U+2007, U+202F and U+FEFF), U+0085 (NEL, what a mis-decoded Windows-1252
 * ellipsis byte becomes), and the zero-width characters U+200B..U+200D and U+2060 that `\s` misses.
 */
export function isWhiteSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Trims {@link isWhiteSpaceCode} white space at both ends; returns `s` itself when there is none. */
export function trimWhiteSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWhiteSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isWhiteSpaceCode(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isHexDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Hex digest lengths we can recognise: SHA-256 is accepted, MD5 (32) and SHA-1 (40) are not. */
const SHA256_LENGTH = 64;
const SHA1_LENGTH = 40;
const MD5_LENGTH = 32;
/** A UUID without its hyphens. */
const BARE_UUID_LENGTH = 32;

// ---------------------------------------------------------------------------------------------
// Email

/**
 * Normalizes one email cell.
 *
 * Order of work, and why:
 * 1. NFC, trim, lowercase (skipped when the value is plain lowercase printable ASCII, which is
 *    already all three). Lowercasing the whole cell first is safe: the display name it also
 *    touches is thrown away.
 * 2. `empty`.
 * 3. A bare 64/40/32-digit hex value is a hash, not an address: 64 is a pre-hashed SHA-256 and is
 *    kept as is; 40 and 32 are SHA-1/MD5, reported as `unsupported_hash` (they would otherwise be
 *    reported as `missing_at`, which would send the user looking for a typo that is not there).
 * 4. Unwrap `mailto:` and `Name <addr>` (then trim and unwrap `mailto:` again, for
 *    `<mailto:addr>`). An unwrap that leaves nothing is `empty`.
 * 5. Checks, most telling first:
 *    - `missing_at`: no @ at all means the cell is not an email (a name, a phone number, "n/a").
 *    - `multiple_at`: usually two addresses in one cell ("a@x.com; b@y.com").
 *    - `has_space`: an @ with white space inside is a typo or a paste accident ("jane @x.com");
 *      checked before the part checks, which would report a less obvious symptom.
 *    - `too_long`: over 254 characters; before the part checks because it names the actual problem
 *      of a huge cell better than "bad local part".
 *    - `bad_local`: nothing before the @; `local_too_long`: more than 64 characters before it.
 *    - `bad_domain`: no dot, an empty label (leading/trailing/double dot), or a final label that is
 *      not at least 2 letters (catches IP addresses and trailing junk such as "x.com,").
 * Lengths count Unicode code points (characters), not UTF-16 units.
 *
 * Gmail dots and `+tags` are deliberately kept: Pinterest hashes the address as typed, so
 * removing them would make the hash stop matching.
 */
export function normalizeEmail(raw: string): Normalized {
  if (raw.length <= MAX_EMAIL_LENGTH && COMMON_EMAIL.test(raw)) return { ok: true, value: raw, prehashed: false };
  return normalizePlainEmail(raw) ?? normalizeAnyEmail(raw);
}

/**
 * What nearly every cell of an export is: an already plain lowercase address that is valid as it
 * stands (printable ASCII, no capitals, one @, a local part of 1 to 64 characters, a domain of
 * non-empty labels ending in a TLD of letters or punycode). One compiled regular expression
 * decides it in about half the time of the character loop below; anything else takes the loop,
 * which gives the reason. Must accept only what the general path accepts unchanged (the property
 * tests in normalize.test.ts check it).
 */
const COMMON_EMAIL = /^(?!mailto:)[\x21-\x3f\x5b-\x7e]{1,64}@(?:[\x21-\x2d\x2f-\x3f\x5b-\x7e]+\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;

/**
 * The fast path: one scan of a value that is already plain lowercase printable ASCII (so already
 * NFC, trimmed and lowercase), checking the address as it goes. Returns null for anything else
 * (including `mailto:` and `<addr>` wrappers), which then takes the general path. Must give the
 * same answers as the general path; a property test checks that.
 */
function normalizePlainEmail(s: string): Normalized | null {
  const n = s.length;
  let atCount = 0;
  let atIndex = -1;
  let lastDot = -1;
  let prevWasDot = false;
  let emptyLabel = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || (c >= 0x41 && c <= 0x5a)) return null;
    if (c === AT) {
      // Restart the domain checks: only what follows the (single) @ is the domain.
      atCount++;
      atIndex = i;
      lastDot = -1;
      prevWasDot = true; // a dot right after the @ is an empty first label
      emptyLabel = false;
    } else if (c === DOT) {
      if (prevWasDot) emptyLabel = true;
      prevWasDot = true;
      lastDot = i;
    } else {
      prevWasDot = false;
    }
  }
  if (n === 0) return REJECT.empty;
  if ((s.charCodeAt(0) === 0x6d /* m */ && s.startsWith(MAILTO)) || s.charCodeAt(n - 1) === GT) {
    return null;
  }
  if (atCount === 0) {
    if ((n === SHA256_LENGTH || n === SHA1_LENGTH || n === MD5_LENGTH) && isHex(s)) {
      return n === SHA256_LENGTH ? { ok: true, value: s, prehashed: true } : REJECT.unsupported_hash;
    }
    return REJECT.missing_at;
  }
  if (atCount > 1) return REJECT.multiple_at;
  if (n > MAX_EMAIL_LENGTH) return REJECT.too_long;
  if (atIndex === 0) return REJECT.bad_local;
  if (atIndex > MAX_EMAIL_LOCAL_LENGTH) return REJECT.local_too_long;
  if (emptyLabel || prevWasDot || lastDot < 0 || !isValidTopLabel(s, lastDot + 1, n, true)) {
    return REJECT.bad_domain;
  }
  return { ok: true, value: s, prehashed: false };
}

/** The general path: NFC, trimming, lowercasing and unwrapping, then the same checks. */
function normalizeAnyEmail(raw: string): Normalized {
  // NFC again after lowercasing: lowercasing can undo a composition (Greek 'Υ̓́' → 'ὔ' as two code
  // points), and the same address must always reach the same bytes, hence the same hash.
  let s = wellFormed(trimWhiteSpace(raw.normalize('NFC')).toLowerCase().normalize('NFC'));
  const n = s.length;
  if (n === 0) return REJECT.empty;

  if ((n === SHA256_LENGTH || n === SHA1_LENGTH || n === MD5_LENGTH) && isHex(s)) {
    return n === SHA256_LENGTH ? { ok: true, value: s, prehashed: true } : REJECT.unsupported_hash;
  }

  s = unwrapEmail(s);
  if (s.length === 0) return REJECT.empty;

  let atCount = 0;
  let atIndex = -1;
  let hasSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === AT) {
      atCount++;
      atIndex = i;
    } else if (isWhiteSpaceCode(c)) {
      hasSpace = true;
    }
  }
  if (atCount === 0) return REJECT.missing_at;
  if (atCount > 1) return REJECT.multiple_at;
  if (hasSpace) return REJECT.has_space;

  if (codePointCount(s, 0, s.length) > MAX_EMAIL_LENGTH) return REJECT.too_long;
  const localLength = codePointCount(s, 0, atIndex);
  if (localLength === 0) return REJECT.bad_local;
  if (localLength > MAX_EMAIL_LOCAL_LENGTH) return REJECT.local_too_long;
  if (!isValidDomain(s, atIndex + 1)) return REJECT.bad_domain;

  return { ok: true, value: s, prehashed: false };
}

/** Strips `mailto:` and the `Name <addr>` wrapper; returns `s` itself when neither is present. */
function unwrapEmail(s: string): string {
  let out = stripMailto(s);
  if (out.charCodeAt(out.length - 1) === GT) {
    // The address is inside the last <...>: a quoted display name may itself contain < or @.
    const lt = out.lastIndexOf('<');
    if (lt >= 0) out = stripMailto(trimWhiteSpace(out.slice(lt + 1, out.length - 1)));
  }
  return out;
}

/**
 * Drops every leading `mailto:`, not just one: a link pasted over a cell that already had one
 * keeps both, and stripping only one would make normalizing the result change it again.
 */
function stripMailto(s: string): string {
  let out = s;
  while (out.startsWith(MAILTO)) out = trimWhiteSpace(out.slice(MAILTO.length));
  return out;
}

/**
 * Replaces lone surrogates (a mis-decoded file can produce them) with U+FFFD. The hash is taken
 * over UTF-8, which encodes every lone surrogate as U+FFFD anyway, so without this two different
 * normalized values would share one hash; the hash itself does not change.
 */
function wellFormed(s: string): string {
  let out: string | null = null;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out = `${out ?? ''}${s.slice(from, i)}\ufffd`;
    from = i + 1;
  }
  return out === null ? s : out + s.slice(from);
}

function codePointCount(s: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    // A low surrogate is the second half of a character already counted.
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

/** Unicode top-level domains (e.g. `рф`, `भारत`): letters, with combining marks allowed. */
const UNICODE_TLD = /^\p{L}[\p{L}\p{M}]*$/u;

function isValidDomain(s: string, start: number): boolean {
  const end = s.length;
  if (start >= end) return false;
  let lastDot = -1;
  let prevWasDot = true; // a leading dot is an empty first label
  let ascii = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) {
      if (prevWasDot) return false;
      prevWasDot = true;
      lastDot = i;
    } else {
      prevWasDot = false;
      if (c >= 0x80) ascii = false;
    }
  }
  if (lastDot < 0 || prevWasDot) return false;
  return isValidTopLabel(s, lastDot + 1, end, ascii);
}

function isValidTopLabel(s: string, start: number, end: number, ascii: boolean): boolean {
  if (ascii) {
    if (end - start < 2) return false;
    let letters = true;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x61 || c > 0x7a) {
        letters = false;
        break;
      }
    }
    if (letters) return true;
    // An internationalized TLD in its ASCII (punycode) form, e.g. `xn--p1ai`.
    if (end - start < 5 || !s.startsWith('xn--', start)) return false;
    for (let i = start + 4; i < end; i++) {
      const c = s.charCodeAt(i);
      if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === HYPHEN)) return false;
    }
    return true;
  }
  const label = s.slice(start, end);
  return UNICODE_TLD.test(label) && codePointCount(label, 0, label.length) >= 2;
}

// ---------------------------------------------------------------------------------------------
// Mobile advertising IDs

/**
 * Normalizes a mobile advertising ID: `gaid` (Android, hashed in lowercase) or `idfa` (iOS,
 * hashed in UPPERCASE, which is why the two kinds must never be mixed up).
 *
 * Order of checks, and why:
 * 1. Trim; `empty`.
 * 2. 64 hex digits: a pre-hashed ID (some CRMs export hashed MAIDs), kept lowercase for both kinds.
 *    40 hex digits: SHA-1, `unsupported_hash` (more telling than `bad_ad_id`). 32 hex digits are
 *    NOT treated as MD5: they are a UUID written without hyphens, which is common.
 * 3. 32 hex digits get hyphens (8-4-4-4-12); anything else that is not a UUID is `bad_ad_id`.
 * 4. The all-zero UUID is `zeroed_ad_id`: the device has limited ad tracking on, and every such
 *    device would otherwise collapse into one hash.
 */
export function normalizeAdId(raw: string, kind: 'gaid' | 'idfa'): Normalized {
  const s = trimWhiteSpace(raw);
  const n = s.length;
  if (n === 0) return REJECT.empty;

  if (n === 36) {
    const letters = uuidLetters(s);
    return letters === NOT_UUID ? REJECT.bad_ad_id : finishUuid(s, letters, kind);
  }
  if (n !== BARE_UUID_LENGTH && n !== SHA256_LENGTH && n !== SHA1_LENGTH) return REJECT.bad_ad_id;
  const letters = hexLetters(s);
  if (letters === NOT_UUID) return REJECT.bad_ad_id;
  if (n === SHA256_LENGTH) {
    return { ok: true, value: letters & HAS_UPPER ? s.toLowerCase() : s, prehashed: true };
  }
  if (n === SHA1_LENGTH) return REJECT.unsupported_hash;
  const hyphenated = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  return finishUuid(hyphenated, letters, kind);
}

const NOT_UUID = -1;
const HAS_UPPER = 1;
const HAS_LOWER = 2;
const HEX_DIGIT = 4;
const IS_HYPHEN = 8;

/**
 * What each ASCII code is in a UUID. A table rather than range comparisons: random hex digits
 * defeat branch prediction, and the table made this scan about 2.5x faster.
 */
const UUID_CHAR_CLASS = (() => {
  const table = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) table[c] = HEX_DIGIT;
  for (let c = 0x61; c <= 0x66; c++) table[c] = HEX_DIGIT | HAS_LOWER;
  for (let c = 0x41; c <= 0x46; c++) table[c] = HEX_DIGIT | HAS_UPPER;
  table[HYPHEN] = IS_HYPHEN;
  return table;
})();

/** For a 36-character value: NOT_UUID, or which letter cases its hex digits use (bit flags). */
function uuidLetters(s: string): number {
  if (
    s.charCodeAt(8) !== HYPHEN ||
    s.charCodeAt(13) !== HYPHEN ||
    s.charCodeAt(18) !== HYPHEN ||
    s.charCodeAt(23) !== HYPHEN
  ) {
    return NOT_UUID;
  }
  let seen = 0;
  let hyphens = 0;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? UUID_CHAR_CLASS[c]! : 0;
    if (k === 0) return NOT_UUID;
    if (k === IS_HYPHEN) hyphens++;
    seen |= k;
  }
  // The four hyphens checked above must be the only ones.
  return hyphens === 4 ? seen & (HAS_UPPER | HAS_LOWER) : NOT_UUID;
}

/** For a value that should be all hex digits: NOT_UUID, or which letter cases it uses. */
function hexLetters(s: string): number {
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? UUID_CHAR_CLASS[c]! : 0;
    if ((k & HEX_DIGIT) === 0) return NOT_UUID;
    seen |= k;
  }
  return seen & (HAS_UPPER | HAS_LOWER);
}

function finishUuid(uuid: string, letters: number, kind: 'gaid' | 'idfa'): Normalized {
  let value = uuid;
  if (kind === 'gaid') {
    if (letters & HAS_UPPER) value = value.toLowerCase();
  } else if (letters & HAS_LOWER) {
    value = value.toUpperCase();
  }
  // Only a letter-free ID can be all zeros, so most IDs skip the comparison.
  if (letters === 0 && value === ZERO_AD_ID) return REJECT.zeroed_ad_id;
  return { ok: true, value, prehashed: false };
}

// ---------------------------------------------------------------------------------------------

export function normalizeIdentifier(kind: IdentifierKind, raw: string): Normalized {
  return kind === 'email' ? normalizeEmail(raw) : normalizeAdId(raw, kind);
}

/**
 * The shape of an advertising-ID-looking value, for column detection: `upper` or `lower` when its
 * hex letters are all one case, `digits` when it has none, `null` when it is not a UUID.
 */
export function uuidCase(raw: string): 'upper' | 'lower' | 'mixed' | 'digits' | null {
  const s = trimWhiteSpace(raw);
  const letters =
    s.length === 36 ? uuidLetters(s) : s.length === BARE_UUID_LENGTH ? hexLetters(s) : NOT_UUID;
  if (letters === NOT_UUID) return null;
  if (letters === (HAS_UPPER | HAS_LOWER)) return 'mixed';
  if (letters === HAS_UPPER) return 'upper';
  return letters === HAS_LOWER ? 'lower' : 'digits';
}
