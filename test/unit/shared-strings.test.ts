import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedStringsPart } from '../../electron/core/import/read/shared-strings-part.js';
import { SharedStrings } from '../../electron/core/import/read/shared-strings.js';
import { ScanLimitError, SharedStringsScanner } from '../../electron/core/import/read/sheet-xml.js';
import { xmlText } from '../fixtures/xlsx-parts.js';

describe('SharedStrings (an XLSX reader\'s packed shared strings)', () => {
  it('gives back each string by index, whatever its characters, across growth', () => {
    const strings = new SharedStrings();
    const values = ['', 'Email', 'zoë@exämple.de', '山田太郎', '😀 emoji', 'x'.repeat(40_000)];
    for (let i = 0; i < 100_000; i++) values.push(`customer.${i}@example${i % 97}.com`);
    for (const value of values) strings.add(value);
    expect(strings.count).toBe(values.length);
    for (const i of [0, 1, 2, 3, 4, 5, 6, 50_000, values.length - 1]) expect(strings.get(i)).toBe(values[i]);
    // Packed: the text's bytes and an offset each, not a JS string each (within the doubling slack).
    const textBytes = values.reduce((sum, value) => sum + Buffer.byteLength(value), 0);
    expect(strings.byteLength).toBeLessThan(2 * textBytes + 8 * values.length);
  });

  it('reads an index the workbook does not have as an empty cell', () => {
    const strings = new SharedStrings();
    strings.add('only');
    expect([strings.get(1), strings.get(-1), strings.get(Number.NaN)]).toEqual(['', '', '']);
  });
});

/** Control characters other than tab, line feed and carriage return: XML text can't hold them raw (xmlText escapes them). */
function hasRawControl(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
}

describe('the shared strings part: plain items as bytes, the rest as text, the same strings either way', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/[\ud800-\udfff]/g, '\ufffd')),
    fc.constantFrom('', ' ', '\t\n', '\u000b', '\u0001', '\u00a0', 'a_x0041_b', '_', 'x&y', 'zoë@exämple.de', 'ann@example.com', '  padded  '),
  );
  // The shapes writers use for one item: Excel's plain one, xml:space, rich runs with a phonetic guide.
  const shape = fc.constantFrom('plain', 'preserve', 'rich', 'cdata');
  const item = (value: string, form: string): string => {
    switch (form) {
      case 'plain':
        return `<si><t>${xmlText(value)}</t></si>`;
      case 'preserve':
        return `<si><t xml:space="preserve">${xmlText(value)}</t></si>`;
      case 'rich':
        return `<si><r><rPr><b/></rPr><t xml:space="preserve">${xmlText(value)}</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></si>`;
      default:
        return value.includes(']]>') || hasRawControl(value) ? `<si><t>${xmlText(value)}</t></si>` : `<si><t><![CDATA[${value}]]></t></si>`;
    }
  };

  it('reads any part, cut anywhere, as the text scanner reads it whole', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, shape), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (items, rawCuts) => {
        const xml = `<?xml version="1.0"?><sst count="${items.length}"><!-- a comment --> ${items.map(([value, form]) => item(value, form)).join('')}</sst>`;
        const expected: string[] = [];
        new SharedStringsScanner((t) => expected.push(t), () => expected.length, 1 << 20).feed(xml, true);

        const bytes = Buffer.from(xml);
        const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const store = new SharedStrings();
        const part = new SharedStringsPart(store, 1 << 20);
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          part.feed(bytes.subarray(from, cut));
          from = cut;
        }
        part.feed(null);
        expect(store.count).toBe(expected.length);
        for (let i = 0; i < expected.length; i++) {
          expect(store.get(i)).toBe(expected[i]);
          expect(store.isBlank(i)).toBe(expected[i]!.trim() === '');
        }
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 20261203), numRuns: 400 },
    );
  });

  it('calls a raw control character text, as trim() does, not blank; a raw tab, line feed or vertical tab blank', () => {
    // Not valid XML, but a hostile or careless writer's file must read the same on both paths.
    const xml = '<sst><si><t>\u0001</t></si><si><t>\u000b\u000c</t></si><si><t> \t\r\n</t></si><si><t>\u001f</t></si></sst>';
    const store = new SharedStrings();
    const part = new SharedStringsPart(store, 1 << 20);
    part.feed(Buffer.from(xml));
    part.feed(null);
    expect([0, 1, 2, 3].map((i) => store.isBlank(i))).toEqual([false, true, true, false]);
    expect([0, 1, 2, 3].map((i) => store.get(i))).toEqual(['\u0001', '\u000b\u000c', ' \t\r\n', '\u001f']);
  });

  it('holds a plain item to the same size cap as any other', () => {
    const store = new SharedStrings();
    const part = new SharedStringsPart(store, 8);
    part.feed(Buffer.from('<sst><si><t>12345678</t></si>'));
    expect(store.get(0)).toBe('12345678');
    expect(() => part.feed(Buffer.from('<si><t>123456789</t></si></sst>'))).toThrow(ScanLimitError);
  });
});
