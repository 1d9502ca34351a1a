import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRowSplitter, type SplitFormat } from '../../electron/core/import/read/csv-split.js';

interface Parsed {
  rows: string[][];
  cursor: number;
  unclosed: number;
}

/**
 * What csv.ts did with all text before this splitter: papaparse on the whole text, then one '\r'
 * off a '\n' line's last field; and the row a never-closed quote ran to the end in.
 */
function papaparse(text: string, format: SplitFormat, final: boolean): Parsed {
  const parser = new Papa.Parser({ delimiter: format.delimiter, newline: format.newline, quoteChar: '"' });
  const result = parser.parse(text, 0, !final) as { data: string[][]; errors: { code: string }[]; meta: { cursor: number } };
  const rows = result.data.map((row) => {
    const last = row[row.length - 1]!;
    return format.newline === '\n' && last.charCodeAt(last.length - 1) === 13 ? [...row.slice(0, -1), last.slice(0, -1)] : row;
  });
  const unclosed = result.errors.some((error) => error.code === 'MissingQuotes') ? rows.length - 1 : -1;
  return { rows, cursor: result.meta.cursor, unclosed };
}

function splitter(text: string, format: SplitFormat, final: boolean, narrow?: { columns: number[]; width: number }): Parsed {
  const rows: string[][] = [];
  const split = new CsvRowSplitter(format);
  if (narrow) split.narrow(narrow.columns, narrow.width);
  const cursor = split.split(text, final, rows);
  return { rows, cursor, unclosed: split.unclosedRow };
}

/** csv.ts's test of a blank cell (a row of such cells is dropped): a leading U+00A0 or BOM counts as text. */
function hasText(cell: string): boolean {
  return cell.length !== 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== '');
}

// CSV text built from the characters that matter: delimiters, every line break, spaces, other text, and quotes.
const plainPiece = fc.constantFrom(',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', '', 'a', 'ann@example.com', 'zoë', '\u00a0', '\ufeff', '\r\r\n', ',,,');
const quotePiece = fc.constantFrom('"', '""', '"a,b"', '" x "', '"line\nbreak"', '"a""b"', '"x" ', 'ab"c', '"\r\n"', '",;|\t"');
const quoteFreeText = fc.array(plainPiece, { maxLength: 60 }).map((pieces) => pieces.join(''));
const csvText = fc.array(fc.oneof({ weight: 5, arbitrary: plainPiece }, { weight: 1, arbitrary: quotePiece }), { maxLength: 60 }).map((pieces) => pieces.join(''));
const format = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  newline: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
});

describe('the CSV row splitter (plain lines here, quoted ones by papaparse)', () => {
  it('gives exactly papaparse\'s rows, cursor and unclosed quote, last line held back or final', () => {
    for (const text of [quoteFreeText, csvText]) {
      fc.assert(
        fc.property(text, format, fc.boolean(), (input, how, final) => {
          fc.pre(input.length > 0);
          expect(splitter(input, how, final)).toEqual(papaparse(input, how, final));
        }),
        { numRuns: 4000 },
      );
    }
  });

  it('fed in pieces as csv.ts feeds it (the unfinished row carried on), gives the rows of the whole text', () => {
    fc.assert(
      fc.property(csvText, format, fc.array(fc.nat(), { maxLength: 6 }), (text, how, cuts) => {
        fc.pre(text.length > 0);
        const ends = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const split = new CsvRowSplitter(how);
        const rows: string[][] = [];
        let carry = '';
        let from = 0;
        for (const end of [...ends, text.length]) {
          const piece = carry + text.slice(from, end);
          from = end;
          const got: string[][] = [];
          const cursor = split.split(piece, false, got);
          rows.push(...got);
          carry = piece.slice(cursor);
        }
        const last: string[][] = [];
        if (carry.length > 0) split.split(carry, true, last);
        rows.push(...last);
        const whole = papaparse(text, how, true);
        if (carry.length > 0) {
          expect(rows).toEqual(whole.rows);
        } else {
          // Nothing left after the last line break: csv.ts stops there, where papaparse adds an empty row.
          expect(whole.rows.at(-1)).toEqual(['']);
          expect(rows).toEqual(whole.rows.slice(0, -1));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('narrowed, keeps the read columns\' cells of a row of the layout\'s width and gives other rows whole', () => {
    fc.assert(
      fc.property(csvText, format, fc.boolean(), fc.integer({ min: 1, max: 5 }), fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), (text, how, final, width, columns) => {
        fc.pre(text.length > 0);
        const whole = papaparse(text, how, final);
        const narrowed = splitter(text, how, final, { columns, width });
        expect(narrowed.cursor).toBe(whole.cursor);
        expect(narrowed.rows.length).toBe(whole.rows.length);
        narrowed.rows.forEach((row, i) => {
          const full = whole.rows[i]!;
          expect(row.length).toBe(full.length);
          const holes = Array.from({ length: row.length }, (_, j) => j).some((j) => !(j in row));
          if (!holes) {
            expect(row).toEqual(full);
            return;
          }
          // A narrowed row: the layout's width, every read cell exact, and text in one of them.
          expect(full.length).toBe(width);
          for (const column of columns) expect(row[column]).toBe(full[column]);
          expect(columns.some((column) => hasText(full[column] ?? ''))).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('finds each line\'s fields in a long text with no delimiter after its first lines (no search runs to the end per line)', () => {
    const lines = ['email,name', 'a@example.com,A', ...Array.from({ length: 50_000 }, (_, i) => `only${i}@example.com`)];
    const rows = splitter(lines.join('\n'), { delimiter: ',', newline: '\n' }, true, { columns: [0], width: 1 }).rows;
    expect(rows.length).toBe(lines.length);
    expect(rows[1]).toEqual(['a@example.com', 'A']);
    expect(rows.at(-1)).toEqual(['only49999@example.com']);
  });
});
