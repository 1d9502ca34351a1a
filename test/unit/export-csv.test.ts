import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutraliseCell, quoteField } from '../../electron/core/export/csv.js';
import { hashLines } from '../../electron/core/export/hashes-csv.js';
import { slugify } from '../../electron/core/export/files.js';

function parse(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('spreadsheet-safe CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['@SUM(1)', "'@SUM(1)"],
    ['-2+3', "'-2+3"],
    ['+1 555 0100', "'+1 555 0100"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['=1+2,3', `"'=1+2,3"`],
  ])('neutralises %j as %j', (raw, expected) => {
    expect(csvCell(raw)).toBe(expected);
  });

  it('leaves ordinary values alone, including formula characters after the first', () => {
    for (const value of ['alice@example.com', 'a=b', 'x-1', '', '1+1', " =not-first", "'already"]) {
      expect(neutraliseCell(value)).toBe(value);
    }
    expect(csvCell(-5)).toBe('-5'); // our own numbers are never neutralised
  });

  it('quotes per RFC 4180: commas, quotes and line breaks', () => {
    expect(quoteField('plain')).toBe('plain');
    expect(quoteField('a,b')).toBe('"a,b"');
    expect(quoteField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteField('two\nlines')).toBe('"two\nlines"');
    expect(quoteField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes rows a CSV parser reads back to the neutralised values, CRLF-terminated', () => {
    const raws = ['=HYPERLINK("http://x","click")', '@SUM(1)', '-2+3', 'say "hi", twice', 'line one\nline two', 'naïve café', 'ok@example.com'];
    const text = raws.map((raw, i) => csvRow([i + 2, 'E-mail, primary', 'missing_at', raw])).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text);
    expect(rows).toHaveLength(raws.length);
    rows.forEach((row, i) => {
      expect(row).toEqual([String(i + 2), 'E-mail, primary', 'missing_at', neutraliseCell(raws[i]!)]);
      expect(row[3]!.startsWith('=') || row[3]!.startsWith('@') || row[3]!.startsWith('-')).toBe(false);
    });
  });
});

describe('hash export lines', () => {
  it('writes each 32-byte hash as 64 lowercase hex digits and a LF, in order', () => {
    const hashes = Buffer.alloc(3 * 32);
    hashes.fill(0xab, 0, 32);
    for (let i = 0; i < 32; i++) hashes[32 + i] = i * 8;
    hashes.fill(0xff, 64);
    const text = hashLines(hashes).toString('latin1');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual([hashes.toString('hex', 0, 32), hashes.toString('hex', 32, 64), hashes.toString('hex', 64, 96)]);
    expect(lines.every((line) => /^[0-9a-f]{64}$/.test(line))).toBe(true);
    expect(hashLines(Buffer.alloc(0)).length).toBe(0);
  });
});

describe('export file names', () => {
  it('are lowercase ASCII slugs', () => {
    expect(slugify('Newsletter — Q1 / Ünïcode!')).toBe('newsletter-q1-unicode');
    expect(slugify('!!!')).toBe('list');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
  });
});
