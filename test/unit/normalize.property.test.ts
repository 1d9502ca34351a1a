/**
 * Properties of normalization and hashing that must hold for every input, checked with fast-check
 * (seeded through fast-check's own reporting: a failure prints the seed and the shrunk value).
 * Worked examples and the fast-path/general-path agreement live in normalize.test.ts.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeMemberHash } from '../../electron/core/import/hash-stage.js';
import { IDENTIFIER_KINDS, REJECT_REASONS, SHA256_HEX, type IdentifierKind } from '../../shared/identifiers.js';
import {
  MAX_EMAIL_LENGTH,
  MAX_EMAIL_LOCAL_LENGTH,
  ZERO_AD_ID,
  isWhiteSpaceCode,
  normalizeIdentifier,
  type Normalized,
} from '../../shared/normalize.js';

const RUNS = 2000;

/** The hash the import stores and sends for a normalized value, as hex (via the pipeline's own function). */
function memberHash(result: Extract<Normalized, { ok: true }>): string {
  const buffer = Buffer.alloc(32);
  writeMemberHash(buffer, 0, result.value, result.prehashed);
  return buffer.toString('hex');
}

// --- Inputs -------------------------------------------------------------------------------------

/** Any UTF-16 code unit, lone surrogates included: what a mis-decoded file can put in a cell. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyUnicode = fc.string({ unit: 'binary', maxLength: 80 });
const anyUtf16 = fc.string({ unit: codeUnit, maxLength: 80 });
const graphemes = fc.string({ unit: 'grapheme', maxLength: 40 });

/** Pieces that steer inputs towards the interesting branches (wrappers, hashes, white space, case). */
const piece = fc.constantFrom(
  'a', 'Z', '0', '.', '@', '-', '+', '<', '>', ' ', 'mailto:', 'MAILTO:', 'xn--', 'com', 'рф', 'É',
  'e\u0301', '\u00a0', '\u200b', '\ufeff', '\u0130', '\u00df', '\ufb01', '"', ',', ';', '\t', '\n',
);
const pieces = fc.array(fc.oneof(piece, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 20 }).map((p) => p.join(''));

const decorate = (core: fc.Arbitrary<string>) =>
  fc
    .tuple(
      core,
      fc.constantFrom('', ' ', '\u00a0', '\ufeff', '\t'),
      fc.constantFrom('', ' ', '\r\n', '\u200b'),
      fc.constantFrom('plain', 'upper', 'lower', 'mailto', 'named', 'angle'),
    )
    .map(([value, before, after, shape]) => {
      const v =
        shape === 'upper' ? value.toUpperCase()
        : shape === 'lower' ? value.toLowerCase()
        : shape === 'mailto' ? `mailto:${value}`
        : shape === 'named' ? `"Doe, J" <${value}>`
        : shape === 'angle' ? `<${value}>`
        : value;
      return `${before}${v}${after}`;
    });

/** Email-shaped values built from awkward parts, so that many of them pass and reach the later rules. */
const localUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019._+-') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'e\u0301', 'İ', 'ß', 'ﬁ', 'Ω', '😀', '\ud800', '\udfff', ':', '"', '<', '>', 'mailto:') },
  { weight: 1, arbitrary: codeUnit },
);
const label = fc.string({ unit: fc.oneof(fc.constantFrom(...'abcxyz09-'), fc.constantFrom('é', 'рф', 'Ä', '\ud83d')), minLength: 1, maxLength: 8 });
const structuredEmails = decorate(
  fc
    .tuple(
      fc.array(fc.constantFrom('mailto:', 'MAILTO: ', '<', 'Name <', 'mailto:<'), { maxLength: 3 }),
      fc.string({ unit: localUnit, minLength: 1, maxLength: 20 }),
      fc.array(label, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('com', 'co', 'рф', 'xn--p1ai', 'c', 'c0m', 'ÉU'),
      fc.array(fc.constantFrom('>', ' >', ''), { maxLength: 2 }),
    )
    .map(([prefixes, local, labels, tld, suffixes]) => `${prefixes.join('')}${local}@${labels.join('.')}.${tld}${suffixes.join('')}`),
);

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const emails = decorate(fc.oneof(fc.emailAddress(), fc.emailAddress().map((e) => e.normalize('NFD'))));
const uuids = decorate(fc.oneof(fc.uuid(), fc.uuid().map((u) => u.replace(/-/g, '')), fc.constant(ZERO_AD_ID)));
const hashes = decorate(fc.oneof(hex(64), hex(40), hex(32)));

/** Everything at once: arbitrary text, plausible identifiers, and near misses built from pieces. */
const input = fc.oneof(anyUnicode, anyUtf16, graphemes, pieces, emails, structuredEmails, structuredEmails, uuids, hashes);
const kind = fc.constantFrom<IdentifierKind>(...IDENTIFIER_KINDS);

// --- What a valid normalized value looks like, stated independently of the implementation -----

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function codePoints(s: string): number {
  return [...s].length;
}

function assertValidMember(k: IdentifierKind, result: Extract<Normalized, { ok: true }>): void {
  const { value, prehashed } = result;
  if (prehashed) {
    expect(value).toMatch(SHA256_HEX);
    return;
  }
  if (k === 'gaid') {
    expect(value).toMatch(LOWER_UUID);
    expect(value).not.toBe(ZERO_AD_ID);
    return;
  }
  if (k === 'idfa') {
    expect(value).toMatch(UPPER_UUID);
    expect(value).not.toBe(ZERO_AD_ID);
    return;
  }
  expect(value).toBe(value.normalize('NFC'));
  expect(value).toBe(value.toLowerCase());
  const at = value.indexOf('@');
  expect(at).toBeGreaterThan(0);
  expect(value.indexOf('@', at + 1)).toBe(-1);
  for (let i = 0; i < value.length; i++) expect(isWhiteSpaceCode(value.charCodeAt(i))).toBe(false);
  expect(codePoints(value)).toBeLessThanOrEqual(MAX_EMAIL_LENGTH);
  expect(codePoints(value.slice(0, at))).toBeLessThanOrEqual(MAX_EMAIL_LOCAL_LENGTH);
  const labels = value.slice(at + 1).split('.');
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (const label of labels) expect(label.length).toBeGreaterThan(0);
  expect(codePoints(labels.at(-1)!)).toBeGreaterThanOrEqual(2);
  // The value is hashed as UTF-8: a lone surrogate would be hashed as U+FFFD, so two different
  // values would share a hash.
  expect(value).not.toMatch(/[\ud800-\udfff]/u);
}

// --- Properties ---------------------------------------------------------------------------------

describe('normalization properties (every kind)', () => {
  it('is idempotent: normalizing a normalized value gives it back unchanged', () => {
    fc.assert(
      fc.property(kind, input, (k, raw) => {
        const once = normalizeIdentifier(k, raw);
        if (!once.ok) return;
        expect(normalizeIdentifier(k, once.value)).toEqual(once);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('always answers a valid member or a reject with a known reason the normalizer may give', () => {
    // ragged_row belongs to the reader: the normalizer never gives it.
    const reasons = REJECT_REASONS.filter((r) => r !== 'ragged_row');
    fc.assert(
      fc.property(kind, input, (k, raw) => {
        const result = normalizeIdentifier(k, raw);
        if (result.ok) {
          expect(Object.keys(result).sort()).toEqual(['ok', 'prehashed', 'value']);
          assertValidMember(k, result);
        } else {
          expect(Object.keys(result).sort()).toEqual(['ok', 'reason']);
          expect(reasons).toContain(result.reason);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('hashes to 64 lowercase hex, the SHA-256 of the UTF-8 value (or the pre-hashed value itself)', () => {
    fc.assert(
      fc.property(kind, input, (k, raw) => {
        const result = normalizeIdentifier(k, raw);
        if (!result.ok) return;
        const hash = memberHash(result);
        expect(hash).toMatch(SHA256_HEX);
        const expected = result.prehashed ? result.value : crypto.createHash('sha256').update(Buffer.from(result.value, 'utf8')).digest('hex');
        expect(hash).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('the hash changes exactly when the normalized value changes', () => {
    // Pairs that often normalize alike (case, white space, NFD, wrappers) and pairs that do not.
    const variant = fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toUpperCase(),
      (s) => s.toLowerCase(),
      (s) => ` ${s}\u00a0`,
      (s) => s.normalize('NFD'),
      (s) => `<${s}>`,
      (s) => `${s}x`,
      (s) => s.slice(1),
      (s) => s.replace(/[0-9a-f]/i, '7'),
      (s) => s.replace(/[^\ud800-\udfff]/u, '\ud800'),
      (s) => s.replace(/[\ud800-\udfff]/u, '\ufffd'),
      (s) => s.replace(/[\ud800-\udfff]/u, '\udbff'),
    );
    fc.assert(
      fc.property(kind, input, variant, input, fc.boolean(), (k, raw, change, other, related) => {
        const a = normalizeIdentifier(k, raw);
        const b = normalizeIdentifier(k, related ? change(raw) : other);
        if (!a.ok || !b.ok) return;
        expect(memberHash(a) === memberHash(b)).toBe(a.value === b.value);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('never throws, whatever the string: full Unicode, lone surrogates, huge values', () => {
    const huge = fc
      .tuple(fc.oneof(anyUtf16, pieces, emails), fc.integer({ min: 1_000, max: 200_000 }))
      .map(([s, times]) => (s.length === 0 ? 'a' : s).repeat(Math.ceil(times / Math.max(1, s.length))));
    fc.assert(
      fc.property(kind, fc.oneof(input, huge), (k, raw) => {
        const result = normalizeIdentifier(k, raw);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
    // The biggest cell a reader passes on, and beyond: a 5 MB value of each shape.
    for (const k of IDENTIFIER_KINDS) {
      for (const big of ['a'.repeat(5_000_000), `${'a'.repeat(5_000_000)}@example.com`, ' '.repeat(5_000_000), '\ud800'.repeat(2_000_000)]) {
        expect(normalizeIdentifier(k, big).ok).toBe(false);
      }
    }
  });
});

describe('counterexamples the properties found (kept as examples)', () => {
  it('strips every leading mailto:, so the result is stable', () => {
    expect(normalizeIdentifier('email', 'mailto:mailto:a@a.com')).toEqual({ ok: true, value: 'a@a.com', prehashed: false });
    expect(normalizeIdentifier('email', 'Jane <mailto: MAILTO:a@a.com>')).toEqual({ ok: true, value: 'a@a.com', prehashed: false });
  });

  it('turns a lone surrogate into U+FFFD, the character its UTF-8 hash already stood for', () => {
    const result = normalizeIdentifier('email', 'Name <a@\ud83dé.com>');
    expect(result).toEqual({ ok: true, value: 'a@\ufffdé.com', prehashed: false });
    if (result.ok) expect(memberHash(result)).toBe(crypto.createHash('sha256').update('a@\ud83dé.com').digest('hex'));
  });
});
