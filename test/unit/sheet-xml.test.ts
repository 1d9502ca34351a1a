/**
 * The worksheet and shared-strings scanners read a cell's text the same whichever path takes it:
 * the one-step paths for the common shapes (<v>…</v></c>, <is><t>…</t></is></c>, <si><t>…</t></si>)
 * and the general, tag-by-tag path (a chunk boundary inside the cell, a formula beside the value,
 * rich text runs, CDATA). Entities are decoded exactly once, Excel's _xHHHH_ escapes after them.
 */
import { describe, expect, it } from 'vitest';
import { SharedStringsScanner, SheetScanner } from '../../electron/core/import/read/sheet-xml.js';

function scanSheet(xml: string, cut: number | null): (string | number)[][] {
  const scanner = new SheetScanner({ dateStyles: [], date1904: false, maxElementChars: 1 << 20, maxEmptyRows: 1000, shared: { count: 0, get: () => '' } });
  if (cut === null) scanner.feed(xml, true);
  else {
    scanner.feed(xml.slice(0, cut));
    scanner.feed(xml.slice(cut), true);
  }
  return scanner.rows.map((row) => row.cells);
}

function scanStrings(xml: string, cut: number | null): string[] {
  const out: string[] = [];
  const scanner = new SharedStringsScanner((text) => out.push(text), () => out.length, 1 << 20);
  if (cut === null) scanner.feed(xml, true);
  else {
    scanner.feed(xml.slice(0, cut));
    scanner.feed(xml.slice(cut), true);
  }
  return out;
}

const sheet = (cells: string): string => `<worksheet><sheetData><row r="1">${cells}</row></sheetData></worksheet>`;

describe('cell text is decoded once, by every path', () => {
  const cases: [string, string, string | number][] = [
    ['a formula string, one step', '<c r="A1" t="str"><v>&amp;lt;x</v></c>', '&lt;x'],
    ['a formula string beside its formula', '<c r="A1" t="str"><v>&amp;lt;y</v><f>1</f></c>', '&lt;y'],
    ['an inline string, one step', '<c r="A1" t="inlineStr"><is><t>a&amp;amp;b_x0041_</t></is></c>', 'a&amp;bA'],
    ['an inline string in rich runs', '<c r="A1" t="inlineStr"><is><r><t>a&amp;lt;</t></r><r><t xml:space="preserve"> b</t></r></is></c>', 'a&lt; b'],
    ['an inline string in CDATA, taken as written', '<c r="A1" t="inlineStr"><is><t><![CDATA[&amp;<b>]]></t></is></c>', '&amp;<b>'],
    ['an escaped underscore', '<c r="A1" t="str"><v>_x005F_x0041_</v></c>', '_x0041_'],
    ['a shared string index', '<c r="A1" t="s"><v>7</v></c>', 7],
    ['a shared string index beside an entity', '<c r="A1" t="s"><v>&#55;</v></c>', 7],
    ['a number', '<c r="A1"><v>12</v></c>', '12'],
    ['an error', '<c r="A1" t="e"><v>#N/A</v></c>', '#N/A'],
  ];
  for (const [label, cell, want] of cases) {
    it(label, () => {
      const xml = sheet(cell);
      expect(scanSheet(xml, null)).toEqual([[want]]);
      // Cut anywhere, the general path meets the same cell and reads the same text.
      for (let cut = 1; cut < xml.length; cut++) expect(scanSheet(xml, cut)).toEqual([[want]]);
    });
  }
});

describe('shared strings are decoded once, by every path', () => {
  const xml = '<sst><si><t>a&amp;lt;_x0042_</t></si><si><r><t>c&amp;amp;</t></r><r><t>d</t></r><rPh><t>x</t></rPh></si><si><t><![CDATA[&amp;]]></t></si><si/></sst>';
  const want = ['a&lt;B', 'c&amp;d', '&amp;', ''];
  it('whole and cut at every position', () => {
    expect(scanStrings(xml, null)).toEqual(want);
    for (let cut = 1; cut < xml.length; cut++) expect(scanStrings(xml, cut)).toEqual(want);
  });
});
