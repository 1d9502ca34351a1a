import { describe, expect, it } from 'vitest';
import { dateText, numberText } from '../../electron/core/import/read/cell-text.js';
import { SharedStrings } from '../../electron/core/import/read/shared-strings.js';
import { SheetScanner } from '../../electron/core/import/read/sheet-xml.js';
import { detectBomlessUtf16, detectDelimiter, detectMarkup, detectNewline, guessLegacyEncoding, isUtf8Sample, looksBinary, separatorHint } from '../../electron/core/import/read/sniff.js';
import { encodeText } from '../fixtures/generate.js';

describe('delimiter and newline detection', () => {
  it('picks the delimiter that gives consistent columns', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n', '\n', true)).toBe(',');
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5;6\n', '\n', true)).toBe(';');
    expect(detectDelimiter('a\tb\nSmith, John\tx\n', '\n', true)).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n', '\n', true)).toBe('|');
    expect(detectDelimiter('only@example.com\nother@example.com\n', '\n', true)).toBe(',');
    // An incomplete sample's last line doesn't vote.
    expect(detectDelimiter('a;b\n1;2\n3,4,5,6,7', '\n', false)).toBe(';');
  });

  it('finds the line break outside quotes', () => {
    expect(detectNewline('a,b\r\nc,d\r\n')).toBe('\r\n');
    expect(detectNewline('a,"x\r\ny"\nc,d\n')).toBe('\n');
    expect(detectNewline('a,b\rc,d\r')).toBe('\r');
    expect(detectNewline('single line')).toBe('\n');
  });
});

describe('web pages and XML named like spreadsheets', () => {
  it('are told from CSV by how the text starts', () => {
    expect(detectMarkup('\uFEFF\r\n  <!DOCTYPE html>\n<html><table><tr><td>a@example.com</td></tr></table></html>')).toBe('html');
    expect(detectMarkup('<HTML xmlns:o="urn:schemas-microsoft-com:office:office"><body><table>')).toBe('html');
    expect(detectMarkup('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">')).toBe('excel-xml');
    expect(detectMarkup('<?xml version="1.0"?><contacts><contact>a@example.com</contact></contacts>')).toBe('xml');
    // CSVs, even ones whose first cell holds a tag or an address in brackets.
    expect(detectMarkup('<jane@example.com>\n<bob@example.com>\n')).toBeNull();
    expect(detectMarkup('<b>Customer report</b>\nEmail,Name\n')).toBeNull();
    expect(detectMarkup('Email,Notes\na@example.com,<html> in a note\n')).toBeNull();
  });
});

describe("Excel's sep= hint", () => {
  it('names the delimiter only on a first line that is exactly the hint', () => {
    expect(separatorHint('sep=;\r\na;b\r\n')).toBe(';');
    expect(separatorHint('"sep=|"\nx|y\n')).toBe('|');
    expect(separatorHint('\uFEFFSEP=\t\nx\ty\n')).toBe('\t');
    expect(separatorHint('email\nsep=;\n')).toBeNull();
    expect(separatorHint('sep=;x\n')).toBeNull();
  });
});

describe('byte sniffing', () => {
  it('accepts UTF-8 cut mid-character at the sample end, but not when the file ends there', () => {
    const bytes = encodeText('name\nZoë');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(isUtf8Sample(cut, false)).toBe(true);
    expect(isUtf8Sample(cut, true)).toBe(false);
    expect(isUtf8Sample(encodeText('Jürgen', 'windows-1252'), false)).toBe(false);
  });

  it('recognises BOM-less UTF-16 and tells it from binary', () => {
    expect(detectBomlessUtf16(encodeText('email\tname\r\na@b.c\tAnn\r\n', 'utf-16le'))).toBe('utf-16le');
    expect(detectBomlessUtf16(encodeText('email\tname\r\na@b.c\tAnn\r\n', 'utf-16be'))).toBe('utf-16be');
    expect(detectBomlessUtf16(encodeText('email,name\n'))).toBeNull();
    expect(looksBinary(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    expect(looksBinary(Buffer.from('a,b\r\n\tc\n'))).toBe(false);
    expect(looksBinary(Buffer.from([1, 2, 3, 4, 5, 6, 65, 66, 67, 68]))).toBe(true);
  });

  it('calls Western legacy text Windows-1252', () => {
    expect(guessLegacyEncoding(encodeText('Vorname;Stadt\nJürgen;München\nGrüße;Köln\n', 'windows-1252'))).toBe('windows-1252');
    expect(guessLegacyEncoding(encodeText('prenom;nom\nAndré;Lefèvre\nHélène;Côté\n', 'windows-1252'))).toBe('windows-1252');
  });
});

describe('XLSX cell text', () => {
  it('prints numbers as Excel shows them, never with an exponent for integers', () => {
    expect(numberText(4915112345678)).toBe('4915112345678');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(-42)).toBe('-42');
    expect(numberText(12.300000000000001)).toBe('12.3');
    expect(numberText(Number.NaN)).toBe('');
  });

  it('prints dates as ISO wall-clock time', () => {
    expect(dateText(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(dateText(new Date(Date.UTC(2024, 1, 29, 8, 5, 9)))).toBe('2024-02-29T08:05:09');
    expect(dateText(new Date(Date.UTC(2024, 1, 29, 8, 5, 9, 250)))).toBe('2024-02-29T08:05:09.250');
    expect(dateText(new Date(Number.NaN))).toBe('');
  });

  it('reads links, rich text, formulas, errors and booleans as their visible text', () => {
    const scanner = new SheetScanner({ dateStyles: [false, true], date1904: false, maxElementChars: 1 << 20, maxEmptyRows: 10, shared: new SharedStrings() });
    scanner.feed(
      '<worksheet><sheetData><row r="1">' +
        '<c r="A1" t="inlineStr"><is><t>ann@example.com</t></is></c>' + // a mailto: link's cell holds its text
        '<c r="B1" t="inlineStr"><is><r><t xml:space="preserve">Ann </t></r><r><rPr><b/></rPr><t>Lee</t></r><rPh><t>アン</t></rPh></is></c>' +
        '<c r="C1"><f>A1</f><v>7</v></c><c r="D1" t="str"><f>A1</f><v>x@y.z</v></c><c r="E1"><f>A1</f></c>' +
        '<c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G1" t="b"><v>0</v></c><c r="H1" s="1"><v>45351.25</v></c>' +
        '<c r="I1" t="inlineStr"><is><t>a &amp; b_x000D_</t></is></c>' +
        '</row></sheetData></worksheet>',
      true,
    );
    expect(scanner.rows.map((row) => row.cells)).toEqual([['ann@example.com', 'Ann Lee', '7', 'x@y.z', '', '#DIV/0!', 'FALSE', '2024-02-29T06:00:00', 'a & b\r']]);
  });
});
