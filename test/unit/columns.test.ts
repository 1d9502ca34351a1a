import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import {
  adIdShape,
  describeColumnsForError,
  holdsLegacyHashes,
  hasIdentifierColumn,
  kindFromHeader,
  kindFromValues,
  looksLikeHeaderRow,
  noIdentifierColumnMessage,
  MAX_PREAMBLE_ROWS,
  preambleLength,
  resolveColumns,
} from '../../shared/columns.js';
import { pinlistErrorThrownBy } from '../helpers/pinlist-error.js';

const EMAILS = ['ann@example.com', 'Bob.Smith@Example.org', 'carla+news@gmail.com', 'dan@shop.co.uk'];
const GAIDS = [
  '38400000-8cf0-11bd-b23e-10b96e40000d',
  'cdda802e-fb9c-47ad-9866-0794d394c912',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
];
const IDFAS = GAIDS.map((id) => id.toUpperCase());
const HASHES = [
  '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
  'b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea',
];

describe('preambleLength', () => {
  const table = [
    ['Email', 'Name', 'Orders'],
    ['ann@example.com', 'Ann', '3'],
  ];

  it('passes over title, date and blank lines above the table, however the export pads them', () => {
    expect(preambleLength([['Customer report'], ['Generated 2024-03-01'], [''], ...table])).toBe(3);
    // Excel writes a title in A1 as "Customer report,,," when it saves CSV.
    expect(preambleLength([['Customer report', '', ''], ['', '', ''], ...table])).toBe(2);
    expect(preambleLength([['# Google Analytics export'], ['#'], ...table])).toBe(2);
  });

  it('finds none when the table starts at once, or in a one-column file', () => {
    expect(preambleLength(table)).toBe(0);
    expect(preambleLength([['Email'], ['ann@example.com'], ['bob@example.com']])).toBe(0);
    expect(preambleLength([['ann@example.com'], ['bob@example.com']])).toBe(0);
  });

  it('never takes data or a one-name header for a title', () => {
    // No header, and the first row's name is missing: it is data (its email says so).
    expect(preambleLength([['ann@example.com', ''], ['bob@example.com', 'Bob']])).toBe(0);
    // A header naming only its identifier column.
    expect(preambleLength([['Email', '', ''], ['ann@example.com', 'Ann', '3']])).toBe(0);
    expect(preambleLength([['IDFA'], ['', ''], [IDFAS[0]!, 'x']])).toBe(0);
  });

  it('looks no further than MAX_PREAMBLE_ROWS', () => {
    const titles = Array.from({ length: MAX_PREAMBLE_ROWS }, (_, i) => [`Note ${i}`]);
    expect(preambleLength([...titles, ...table])).toBe(0);
    expect(preambleLength([...titles.slice(1), ...table])).toBe(MAX_PREAMBLE_ROWS - 1);
  });
});

describe('kindFromHeader', () => {
  it.each([
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'mail',
    'email_address',
    'primary email',
    'hashed_email',
    'email_sha256',
    'sha256_email',
    'email_hash',
  ])('%j is email', (header) => {
    expect(kindFromHeader(header)).toBe('email');
  });

  it('recognises the labels Pinlist itself shows', () => {
    expect(kindFromHeader('Android ad ID')).toBe('gaid');
    expect(kindFromHeader('IDFA (iOS ad ID)')).toBe('idfa');
    expect(kindFromHeader('iOS ad ID')).toBe('idfa');
  });

  it.each(['gaid', 'aaid', 'adid', 'google_advertising_id', 'android_advertising_id', 'maid'])(
    '%j is gaid',
    (header) => {
      expect(kindFromHeader(header)).toBe('gaid');
    },
  );

  it.each(['idfa', 'ios_advertising_id', 'apple_idfa'])('%j is idfa', (header) => {
    expect(kindFromHeader(header)).toBe('idfa');
  });

  it('ignores case, spaces and punctuation', () => {
    expect(kindFromHeader('E-Mail Address')).toBe('email');
    expect(kindFromHeader('  EMAIL  ')).toBe('email');
    expect(kindFromHeader('EmailAddress')).toBe('email');
    expect(kindFromHeader('email-address:')).toBe('email');
    expect(kindFromHeader('\ufeffEmail')).toBe('email');
    expect(kindFromHeader('Primary_E-mail')).toBe('email');
    expect(kindFromHeader('Email (SHA256)')).toBe('email');
    expect(kindFromHeader('Google Advertising ID')).toBe('gaid');
    expect(kindFromHeader('iOS advertising ID')).toBe('idfa');
    expect(kindFromHeader('IDFA')).toBe('idfa');
    expect(kindFromHeader('Ad-ID')).toBe('gaid');
  });

  it.each([
    'email_opt_in',
    'email_verified',
    'Email Opt-In',
    'emails_sent',
    'secondary email',
    'email addr',
    'name',
    'phone',
    '',
    'id',
    'advertising_id',
  ])('%j is not recognised', (header) => {
    expect(kindFromHeader(header)).toBeNull();
  });
});

describe('kindFromValues', () => {
  it('recognises emails, and pre-hashed 64-hex as email', () => {
    expect(kindFromValues(EMAILS)).toBe('email');
    expect(kindFromValues(HASHES)).toBe('email');
  });

  it('tells lowercase UUIDs (gaid) from uppercase ones (idfa)', () => {
    expect(kindFromValues(GAIDS)).toBe('gaid');
    expect(kindFromValues(IDFAS)).toBe('idfa');
    expect(kindFromValues(['38400000-8CF0-11bd-b23e-10b96e40000d', ...GAIDS])).toBe('gaid');
  });

  it('ignores empty cells and needs 60% of the others', () => {
    expect(kindFromValues(['', ' ', ...EMAILS.slice(0, 3), 'n/a', 'unknown'])).toBe('email'); // 3 of 5
    expect(kindFromValues([...EMAILS.slice(0, 2), 'n/a', 'unknown', 'none'])).toBeNull(); // 2 of 5
  });

  it('does not take MD5 hashes (32 hex digits not shaped like a UUID) for Android ad IDs', () => {
    const md5s = EMAILS.map((email) => crypto.createHash('md5').update(email).digest('hex'));
    expect(md5s.every((md5) => adIdShape(md5) === null)).toBe(true);
    expect(kindFromValues(md5s)).toBeNull();
    expect(kindFromValues(md5s.map((md5) => md5.toUpperCase()))).toBeNull();
    expect(holdsLegacyHashes(md5s)).toBe(true);
    expect(holdsLegacyHashes(EMAILS.map((email) => crypto.createHash('sha1').update(email).digest('hex')))).toBe(true);
    // Ad IDs written without hyphens are still ad IDs: random UUIDs carry version 4 and variant 8-b.
    const bare = GAIDS.slice(1).map((id) => id.replaceAll('-', ''));
    expect(kindFromValues(bare)).toBe('gaid');
    expect(kindFromValues(bare.map((id) => id.toUpperCase()))).toBe('idfa');
    expect(holdsLegacyHashes(bare)).toBe(false);
    // Hyphenated, any UUID counts (Google's documented example is a version 1 UUID).
    expect(adIdShape(GAIDS[0]!)).toBe('lower');
  });

  it('returns null for no values and for non-identifiers', () => {
    expect(kindFromValues([])).toBeNull();
    expect(kindFromValues(['', ''])).toBeNull();
    expect(kindFromValues(['Ann', 'Bob', 'Carla'])).toBeNull();
    expect(kindFromValues(['true', 'false', 'true'])).toBeNull();
  });
});

describe('looksLikeHeaderRow', () => {
  it('is true for recognised header names', () => {
    expect(looksLikeHeaderRow(['Email'], [])).toBe(true);
    expect(looksLikeHeaderRow(['First name', 'E-mail address'], [['Ann', 'ann@example.com']])).toBe(true);
  });

  it('is true for unrecognised names over rows of identifiers', () => {
    expect(looksLikeHeaderRow(['Name', 'Contact'], [['Ann', 'ann@example.com']])).toBe(true);
    expect(looksLikeHeaderRow(['Device'], [[GAIDS[0]!]])).toBe(true);
  });

  it('is false for a single column of emails with no header (Pinterest template)', () => {
    expect(looksLikeHeaderRow([EMAILS[0]!], EMAILS.slice(1).map((e) => [e]))).toBe(false);
  });

  it('is false when the first value is a malformed email (a header never holds an @)', () => {
    expect(looksLikeHeaderRow(['jane@example'], EMAILS.map((e) => [e]))).toBe(false);
    expect(looksLikeHeaderRow(['Name', 'a@b@c.com'], [['Ann', EMAILS[0]!]])).toBe(false);
  });

  it('is false when the first row is ad IDs, even the all-zero one', () => {
    expect(looksLikeHeaderRow([IDFAS[0]!], [[IDFAS[1]!]])).toBe(false);
    expect(looksLikeHeaderRow(['00000000-0000-0000-0000-000000000000'], [[GAIDS[0]!]])).toBe(false);
  });

  it('is true for a row of names nobody recognises (issue 9): still a header', () => {
    expect(looksLikeHeaderRow(['Kunde', 'Telefon'], [['Bob', '555-0100']])).toBe(true);
  });

  it('is false when neither row holds identifiers and the first row repeats below or is numbers', () => {
    expect(looksLikeHeaderRow(['Ann', 'Smith'], [['Ann', 'Jones']])).toBe(false);
    expect(looksLikeHeaderRow(['2024-01-01', '12.50'], [['2024-01-02', '3.10']])).toBe(false);
    expect(looksLikeHeaderRow(['Ann'], [['Bob']])).toBe(false);
  });
});

describe('resolveColumns', () => {
  it('maps by header, several identifier columns at once, others ignored', () => {
    const mappings = resolveColumns({
      header: ['Name', 'Email Address', 'email_opt_in', 'IDFA', 'MAID'],
      columnCount: 5,
      sample: [['Ann', 'ann@example.com', 'yes', IDFAS[0]!, GAIDS[0]!]],
      overrides: [],
    });
    expect(mappings).toEqual([
      { index: 0, name: 'Name', kind: 'ignore', source: 'header' },
      { index: 1, name: 'Email Address', kind: 'email', source: 'header' },
      { index: 2, name: 'email_opt_in', kind: 'ignore', source: 'header' },
      { index: 3, name: 'IDFA', kind: 'idfa', source: 'header' },
      { index: 4, name: 'MAID', kind: 'gaid', source: 'header' },
    ]);
  });

  it('without a header, detects a single column of emails and names it Column 1', () => {
    const mappings = resolveColumns({
      header: null,
      columnCount: 1,
      sample: EMAILS.map((e) => [e]),
      overrides: [],
    });
    expect(mappings).toEqual([{ index: 0, name: 'Column 1', kind: 'email', source: 'values' }]);
  });

  it('without a header, detects gaid and idfa columns by case', () => {
    const mappings = resolveColumns({
      header: null,
      columnCount: 3,
      sample: GAIDS.map((g, i) => ['x', g, IDFAS[i]!]),
      overrides: [],
    });
    expect(mappings.map((m) => [m.name, m.kind])).toEqual([
      ['Column 1', 'ignore'],
      ['Column 2', 'gaid'],
      ['Column 3', 'idfa'],
    ]);
  });

  it('samples values when no header name is recognised', () => {
    const mappings = resolveColumns({
      header: ['Customer', 'Contact'],
      columnCount: 2,
      sample: [
        ['Ann', 'ann@example.com'],
        ['Bob', 'bob@example.com'],
      ],
      overrides: [],
    });
    expect(mappings[1]).toEqual({ index: 1, name: 'Contact', kind: 'email', source: 'values' });
  });

  it('does not sample other columns when a header name was recognised', () => {
    const mappings = resolveColumns({
      header: ['Email', 'Manager email'],
      columnCount: 2,
      sample: [['ann@example.com', 'boss@example.com']],
      overrides: [],
    });
    expect(mappings.map((m) => m.kind)).toEqual(['email', 'ignore']);
  });

  it('names empty or missing header cells by number', () => {
    const mappings = resolveColumns({ header: ['Email', '  '], columnCount: 3, sample: [], overrides: [] });
    expect(mappings.map((m) => m.name)).toEqual(['Email', 'Column 2', 'Column 3']);
  });

  it('applies overrides by header name (case-insensitive, trimmed) and by number', () => {
    const mappings = resolveColumns({
      header: ['Name', 'Contact', 'Email', 'Device'],
      columnCount: 4,
      sample: [['Ann', 'x', 'ann@example.com', 'y']],
      overrides: [
        { column: ' contact ', kind: 'email' },
        { column: 'EMAIL', kind: 'ignore' },
        { column: '4', kind: 'idfa' },
      ],
    });
    expect(mappings).toEqual([
      { index: 0, name: 'Name', kind: 'ignore', source: 'header' },
      { index: 1, name: 'Contact', kind: 'email', source: 'user' },
      { index: 2, name: 'Email', kind: 'ignore', source: 'user' },
      { index: 3, name: 'Device', kind: 'idfa', source: 'user' },
    ]);
  });

  it('without a header, an override may use the number or the Column N name', () => {
    const mappings = resolveColumns({
      header: null,
      columnCount: 2,
      sample: [['a', 'b']],
      overrides: [
        { column: '1', kind: 'gaid' },
        { column: 'column 2', kind: 'email' },
      ],
    });
    expect(mappings.map((m) => [m.kind, m.source])).toEqual([
      ['gaid', 'user'],
      ['email', 'user'],
    ]);
  });

  it('throws BAD_MAPPING listing the columns for an unknown column name or number', () => {
    const input = { header: ['Name', 'Contact'], columnCount: 2, sample: [] };
    const byName = pinlistErrorThrownBy(() => resolveColumns({ ...input, overrides: [{ column: 'Emial', kind: 'email' }] }));
    expect(byName.code).toBe('BAD_MAPPING');
    expect(byName.message).toContain('"Emial"');
    expect(byName.message).toContain('Columns seen: "Name", "Contact"');
    const byNumber = pinlistErrorThrownBy(() => resolveColumns({ ...input, overrides: [{ column: '3', kind: 'email' }] }));
    expect(byNumber.code).toBe('BAD_MAPPING');
    expect(byNumber.message).toContain('from 1 to 2');
  });

  it('throws BAD_MAPPING for an ambiguous header name, suggesting the number', () => {
    const error = pinlistErrorThrownBy(() =>
      resolveColumns({
        header: ['Email', 'Email'],
        columnCount: 2,
        sample: [],
        overrides: [{ column: 'email', kind: 'ignore' }],
      }),
    );
    expect(error.code).toBe('BAD_MAPPING');
    expect(error.message).toContain('columns 1 and 2');
    expect(error.message).toContain('by its column number');
    expect(error.message).not.toContain('--map');
  });

  it('does not throw when no column is an identifier', () => {
    const mappings = resolveColumns({
      header: ['Name', 'Phone'],
      columnCount: 2,
      sample: [['Ann', '555-0100']],
      overrides: [],
    });
    expect(hasIdentifierColumn(mappings)).toBe(false);
    expect(noIdentifierColumnMessage(mappings)).toBe(
      'No column looks like an email or ad ID. Columns seen: "Name", "Phone". Choose which column holds the emails or ad IDs.',
    );
  });
});

describe('describeColumnsForError', () => {
  it('quotes names and shortens long lists', () => {
    const many = resolveColumns({ header: null, columnCount: 25, sample: [], overrides: [] });
    const text = describeColumnsForError(many);
    expect(text.startsWith('"Column 1", "Column 2"')).toBe(true);
    expect(text.endsWith('"Column 20" and 5 more')).toBe(true);
    expect(describeColumnsForError([])).toBe('(none)');
  });
});
