import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../shared/identifiers.js';
import {
  normalizeAdId,
  normalizeEmail,
  normalizeIdentifier,
  trimWhiteSpace,
  uuidCase,
} from '../../shared/normalize.js';

function ok(value: string, prehashed = false) {
  return { ok: true, value, prehashed };
}
function bad(reason: RejectReason) {
  return { ok: false, reason };
}
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const HASH64 = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';

describe('normalizeEmail: accepted forms', () => {
  it('keeps a plain lowercase address as is', () => {
    expect(normalizeEmail('test@example.com')).toEqual(ok('test@example.com'));
  });

  it('lowercases the whole address', () => {
    expect(normalizeEmail('John.Smith@Example.COM')).toEqual(ok('john.smith@example.com'));
  });

  it('keeps Gmail dots and +tags (Pinterest hashes the address as typed)', () => {
    expect(normalizeEmail('John.Doe+Promo@GMail.com')).toEqual(ok('john.doe+promo@gmail.com'));
    expect(normalizeEmail('j.o.h.n@googlemail.com')).toEqual(ok('j.o.h.n@googlemail.com'));
  });

  it('trims ordinary, no-break, zero-width and BOM white space at both ends', () => {
    expect(normalizeEmail('  a@b.co \t\r\n')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\u00a0a@b.co\u00a0')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\u202fa@b.co\u2007')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\u200ba@b.co\u200c')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\u200da@b.co\u2060')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\ufeffa@b.co')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('\ufeff\u200b \u00a0A@B.CO\u00a0 \u200b')).toEqual(ok('a@b.co'));
  });

  it('composes to NFC: a decomposed é in the local part becomes one character', () => {
    const decomposed = 'Jose\u0301@example.com';
    const result = normalizeEmail(decomposed);
    expect(result).toEqual(ok('jos\u00e9@example.com'));
    expect(result.ok && result.value.length).toBe('josé@example.com'.length);
  });

  it('drops a leading mailto: in any case', () => {
    expect(normalizeEmail('mailto:a@b.co')).toEqual(ok('a@b.co'));
    expect(normalizeEmail('MailTo:Someone@Example.org')).toEqual(ok('someone@example.org'));
    expect(normalizeEmail(' mailto: a@b.co ')).toEqual(ok('a@b.co'));
  });

  it('keeps the address of a display-name form', () => {
    expect(normalizeEmail('Jane Doe <Jane.Doe@Example.com>')).toEqual(ok('jane.doe@example.com'));
    expect(normalizeEmail('"Doe, Jane" <jane@example.com>')).toEqual(ok('jane@example.com'));
    expect(normalizeEmail('"x <y@z.com>" <jane@example.com>')).toEqual(ok('jane@example.com'));
    expect(normalizeEmail('<jane@example.com>')).toEqual(ok('jane@example.com'));
    expect(normalizeEmail('Jane < jane@example.com >')).toEqual(ok('jane@example.com'));
    expect(normalizeEmail('Jane <mailto:jane@example.com>')).toEqual(ok('jane@example.com'));
  });

  it('accepts internationalized domains and top-level domains', () => {
    expect(normalizeEmail('user@пример.рф')).toEqual(ok('user@пример.рф'));
    expect(normalizeEmail('user@example.xn--p1ai')).toEqual(ok('user@example.xn--p1ai'));
    expect(normalizeEmail('user@mail.example.co.uk')).toEqual(ok('user@mail.example.co.uk'));
  });

  it('accepts the length limits exactly', () => {
    const local64 = 'a'.repeat(64);
    expect(normalizeEmail(`${local64}@example.com`)).toEqual(ok(`${local64}@example.com`));
    const domain = `${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(6)}.com`;
    const at254 = `${'a'.repeat(254 - 1 - domain.length)}@${domain}`;
    expect(at254.length).toBe(254);
    expect(normalizeEmail(at254)).toEqual(ok(at254));
  });

  it('counts characters, not UTF-16 units, for the local part limit', () => {
    const local = '😀'.repeat(64); // 128 UTF-16 units, 64 characters
    expect(normalizeEmail(`${local}@example.com`).ok).toBe(true);
    expect(normalizeEmail(`${local}x@example.com`)).toEqual(bad('local_too_long'));
  });
});

describe('normalizeEmail: pre-hashed values', () => {
  it('keeps a 64-hex SHA-256 as is, flagged prehashed', () => {
    expect(normalizeEmail(HASH64)).toEqual(ok(HASH64, true));
  });

  it('lowercases an uppercase 64-hex hash and trims it', () => {
    expect(normalizeEmail(` ${HASH64.toUpperCase()}\u00a0`)).toEqual(ok(HASH64, true));
  });

  it('rejects MD5 (32 hex) and SHA-1 (40 hex) as unsupported_hash', () => {
    expect(normalizeEmail('55502f40dc8b7c769880b10874abc9d0')).toEqual(bad('unsupported_hash'));
    expect(normalizeEmail('567159D622FFBB50B11B0EFD307BE358624A26EE')).toEqual(bad('unsupported_hash'));
  });

  it('does not take 63 or 65 hex digits for a hash', () => {
    expect(normalizeEmail(HASH64.slice(1))).toEqual(bad('missing_at'));
    expect(normalizeEmail(`${HASH64}a`)).toEqual(bad('missing_at'));
  });
});

describe('normalizeEmail: every reject reason', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u00a0\u200b\ufeff', 'empty'],
    ['mailto:', 'empty'],
    ['Jane <>', 'empty'],
    ['jane.example.com', 'missing_at'],
    ['John Smith', 'missing_at'],
    ['a@b@example.com', 'multiple_at'],
    ['a@x.com; b@y.com', 'multiple_at'],
    ['jane doe@example.com', 'has_space'],
    ['jane@exam ple.com', 'has_space'],
    ['jane\u00a0doe@example.com', 'has_space'],
    ['jane\u200b@example.com', 'has_space'],
    ['Jane Doe jane@example.com', 'has_space'],
    [`${'a'.repeat(64)}@${'b'.repeat(190)}.com`, 'too_long'],
    ['@example.com', 'bad_local'],
    [`${'a'.repeat(65)}@example.com`, 'local_too_long'],
    ['jane@', 'bad_domain'],
    ['jane@localhost', 'bad_domain'],
    ['jane@example.c', 'bad_domain'],
    ['jane@example.123', 'bad_domain'],
    ['jane@192.168.0.1', 'bad_domain'],
    ['jane@.example.com', 'bad_domain'],
    ['jane@example..com', 'bad_domain'],
    ['jane@example.com.', 'bad_domain'],
    ['jane@example.com,', 'bad_domain'],
    ['jane@example.xn--', 'bad_domain'],
  ] as const)('%j is %s', (input, reason) => {
    expect(normalizeEmail(input)).toEqual(bad(reason));
  });

  it('reports the most telling reason when several apply', () => {
    // too long AND bad local part: the length is what the user needs to see
    expect(normalizeEmail(`${'a'.repeat(300)}@example.com`)).toEqual(bad('too_long'));
    // a space AND an empty domain label
    expect(normalizeEmail('jane@example .com')).toEqual(bad('has_space'));
    // two @ AND a space: two addresses in one cell
    expect(normalizeEmail('a@x.com b@y.com')).toEqual(bad('multiple_at'));
  });
});

describe('normalizeAdId', () => {
  const gaid = '38400000-8cf0-11bd-b23e-10b96e40000d';
  const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';

  it('keeps a lowercase GAID and lowercases an uppercase one', () => {
    expect(normalizeAdId(gaid, 'gaid')).toEqual(ok(gaid));
    expect(normalizeAdId(gaid.toUpperCase(), 'gaid')).toEqual(ok(gaid));
    expect(normalizeAdId('38400000-8CF0-11bd-B23E-10b96e40000d', 'gaid')).toEqual(ok(gaid));
  });

  it('keeps an uppercase IDFA and uppercases a lowercase one', () => {
    expect(normalizeAdId(idfa, 'idfa')).toEqual(ok(idfa));
    expect(normalizeAdId(idfa.toLowerCase(), 'idfa')).toEqual(ok(idfa));
  });

  it('adds hyphens to 32 hex digits, in the case of the kind', () => {
    expect(normalizeAdId('38400000-8cf0-11bd-b23e-10b96e40000d'.replaceAll('-', ''), 'gaid')).toEqual(ok(gaid));
    expect(normalizeAdId(idfa.replaceAll('-', '').toLowerCase(), 'idfa')).toEqual(ok(idfa));
  });

  it('trims the same white space as emails', () => {
    expect(normalizeAdId(`\ufeff ${gaid}\u00a0\u200b`, 'gaid')).toEqual(ok(gaid));
    expect(normalizeAdId(`\u202f${idfa.toLowerCase()}\u2060`, 'idfa')).toEqual(ok(idfa));
  });

  it('rejects the all-zero ID in every form as zeroed_ad_id', () => {
    expect(normalizeAdId('00000000-0000-0000-0000-000000000000', 'gaid')).toEqual(bad('zeroed_ad_id'));
    expect(normalizeAdId('00000000-0000-0000-0000-000000000000', 'idfa')).toEqual(bad('zeroed_ad_id'));
    expect(normalizeAdId('0'.repeat(32), 'gaid')).toEqual(bad('zeroed_ad_id'));
  });

  it('accepts a 64-hex pre-hashed ID, lowercase for both kinds', () => {
    expect(normalizeAdId(HASH64.toUpperCase(), 'gaid')).toEqual(ok(HASH64, true));
    expect(normalizeAdId(HASH64.toUpperCase(), 'idfa')).toEqual(ok(HASH64, true));
  });

  it('rejects SHA-1 as unsupported_hash', () => {
    expect(normalizeAdId('567159d622ffbb50b11b0efd307be358624a26ee', 'gaid')).toEqual(bad('unsupported_hash'));
  });

  it.each([
    ['', 'empty'],
    [' \u00a0 ', 'empty'],
    ['not-an-id', 'bad_ad_id'],
    ['jane@example.com', 'bad_ad_id'],
    ['38400000-8cf0-11bd-b23e-10b96e40000', 'bad_ad_id'], // 35 characters
    ['38400000-8cf0-11bd-b23e-10b96e40000dd', 'bad_ad_id'], // 37 characters
    ['38400000_8cf0_11bd_b23e_10b96e40000d', 'bad_ad_id'], // wrong separators
    ['384000008-cf0-11bd-b23e-10b96e40000d', 'bad_ad_id'], // hyphen in the wrong place
    ['g8400000-8cf0-11bd-b23e-10b96e40000d', 'bad_ad_id'], // not hex
    ['g8400000ccf011bdb23e10b96e40000d', 'bad_ad_id'], // 32 characters, not hex
    ['{38400000-8cf0-11bd-b23e-10b96e40000d}', 'bad_ad_id'],
    ['38400000-8cf0-11bd-b23e 10b96e40000d', 'bad_ad_id'],
  ] as const)('%j is %s', (input, reason) => {
    expect(normalizeAdId(input, 'gaid')).toEqual(bad(reason));
    expect(normalizeAdId(input, 'idfa')).toEqual(bad(reason));
  });
});

describe('normalizeIdentifier', () => {
  it('dispatches on the kind', () => {
    expect(normalizeIdentifier('email', 'A@B.CO')).toEqual(ok('a@b.co'));
    expect(normalizeIdentifier('gaid', 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE')).toEqual(
      ok('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'),
    );
    expect(normalizeIdentifier('idfa', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')).toEqual(
      ok('AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE'),
    );
  });
});

describe('known SHA-256 vectors of normalized values', () => {
  // Expected digests computed independently with `printf '%s' VALUE | sha256sum`.
  it.each([
    ['email', 'test@example.com', '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b'],
    ['email', '  Test@Example.COM\u00a0', '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b'],
    // NFC: decomposed "e + U+0301" must hash like the precomposed "é" (bytes c3 a9)
    ['email', 'jose\u0301@example.com', 'b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea'],
    ['email', 'John.Doe+Promo@GMAIL.com', '80f9126efd0446cb338c54ea6fe3d4af8fa3fe93db0024b14150441550e632a2'],
    ['email', 'Jane Doe <Jane.Doe@Example.com>', '86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d'],
    ['idfa', '6d92078a-8246-4ba4-ae5b-76104861e7dc', '2afcf919a0c1953d177fcb412ea65138b44b4a42dda7d322225811767c0c530c'],
    ['gaid', '38400000-8CF0-11BD-B23E-10B96E40000D', 'd4181bb455a74b3bc8b37c75ac9b2c702eb6b9930bd040b861403b31ca85634d'],
    ['gaid', 'CDDA802EFB9C47AD98660794D394C912', 'f23b554b2a8fb732a8b973733832e70f018da7bc294dfea289735a07d5dd2c9f'],
  ] as const)('%s %j', (kind, raw, expected) => {
    const result = normalizeIdentifier(kind, raw);
    expect(result.ok).toBe(true);
    if (result.ok) expect(sha256(result.value)).toBe(expected);
  });

  it('the decomposed form alone would hash differently (so NFC matters)', () => {
    expect(sha256('jose\u0301@example.com')).toBe('70d72e4a4d0b058a595bd869112d4662c14264676acff2c866e0a29888d9d62d');
  });
});

describe('fast path and general path agree', () => {
  // A trailing space forces the general path (the fast path only takes values with no white space),
  // so any difference between the two paths shows up as a different result.
  const piece = fc.constantFrom(
    'a', 'z', '0', '9', '.', '@', '-', '+', '_', '<', '>', 'mailto:', 'xn--', 'com', 'co', '..', '"',
    'f', 'e3', 'ab', 'c', '!', ':', '~', '[', '{', '?', '/', 'Z', 'é', 'xn--p1ai', '\u00a0',
  );
  const plain = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

  it('for plain lowercase ASCII values', () => {
    fc.assert(
      fc.property(plain, (value) => {
        expect(normalizeEmail(`${value} `)).toEqual(normalizeEmail(value));
      }),
      { numRuns: 10000 },
    );
  });

  it('for hex strings and long values near the limits', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{30,66}$/);
    const long = fc
      .tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 260 }))
      .map(([l, d]) => `${'a'.repeat(l)}@${'b'.repeat(d)}.com`);
    fc.assert(
      fc.property(fc.oneof(hex, long), (value) => {
        expect(normalizeEmail(`\u00a0${value}`)).toEqual(normalizeEmail(value));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('helpers', () => {
  it('trimWhiteSpace returns the same string when there is nothing to trim', () => {
    const s = 'abc';
    expect(trimWhiteSpace(s)).toBe(s);
    expect(trimWhiteSpace('\u0085\u3000 x \u2028')).toBe('x');
  });

  it('uuidCase tells the case of a UUID-shaped value', () => {
    expect(uuidCase('6D92078A-8246-4BA4-AE5B-76104861E7DC')).toBe('upper');
    expect(uuidCase('6d92078a-8246-4ba4-ae5b-76104861e7dc')).toBe('lower');
    expect(uuidCase('6D92078A-8246-4BA4-AE5B-76104861e7dc')).toBe('mixed');
    expect(uuidCase('00000000-0000-0000-0000-000000000000')).toBe('digits');
    expect(uuidCase('6d92078a82464ba4ae5b76104861e7dc')).toBe('lower');
    expect(uuidCase('jane@example.com')).toBeNull();
  });
});
