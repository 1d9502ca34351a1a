/**
 * Property tests of the hand-written XLSX reader (fast-check; FUZZ_SEED=<n> replays a run):
 * - any table of texts (any Unicode, XML's special characters, Excel's _xHHHH_ look-alikes,
 *   control characters), numbers and booleans, written with shared or inline strings, absolute or
 *   relative targets, deflated or stored, reads back exactly, row numbers included;
 * - the scanners give the same rows however the XML is cut into chunks;
 * - a mutated workbook (flipped, blanked, inserted bytes, cut off) ends in rows or a PinlistError
 *   with a known code, never a crash, a hang or INTERNAL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isPinlistError } from '../../shared/errors.js';
import { numberText } from '../../electron/core/import/read/cell-text.js';
import { openTable } from '../../electron/core/import/read/open.js';
import { SharedStrings } from '../../electron/core/import/read/shared-strings.js';
import { SharedStringsScanner, SheetScanner, type ScannedRow } from '../../electron/core/import/read/sheet-xml.js';
import { makeTempDir, removeDir } from '../fixtures/generate.js';
import { sharedStringCells, sheetXml, workbookBytes, xmlText, type PartCell } from '../fixtures/xlsx-parts.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
let dir: string;
let fileIndex = 0;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-xlsx-fuzz-');
});
afterAll(async () => {
  await removeDir(dir);
});

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }).map((s) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')),
  fc.constantFrom('zoë@exämple.de', '<a&b>"c\'', '_x000D_', '_x41_', '  ', '\t', 'ann@example.com', ']]>', '&amp;', '😀 Ærø'),
);
const cell: fc.Arbitrary<PartCell> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const table = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 25 });

/** What a person sees in each cell, rows ending at their last filled cell, blank rows dropped. */
function expected(rows: readonly (readonly PartCell[])[]): [number, string[]][] {
  const out: [number, string[]][] = [];
  rows.forEach((row, r) => {
    const cells = row.map((value) => (value === null ? '' : typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : typeof value === 'number' ? numberText(Number(String(value))) : value));
    let end = cells.length;
    while (end > 0 && cells[end - 1]!.trim() === '') end--;
    if (end > 0) out.push([r + 1, cells.slice(0, end)]);
  });
  return out;
}

async function readNumbered(file: string): Promise<[number, string[]][]> {
  const source = await openTable(file, { batchRows: 7 });
  const out: [number, string[]][] = [];
  for await (const batch of source.batches()) batch.rows.forEach((row, i) => out.push([batch.firstRowNumber + i, row]));
  return out;
}

function write(bytes: Buffer): string {
  const file = join(dir, `case-${fileIndex++}.xlsx`);
  writeFileSync(file, bytes);
  return file;
}

describe(`XLSX reader properties (seed ${SEED})`, () => {
  it('reads back any table exactly, in every layout', { timeout: 120_000 }, async () => {
    const layout = fc.record({ sharedStrings: fc.boolean(), absoluteTargets: fc.boolean(), deflate: fc.boolean(), stringsFirst: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(table, layout, async (rows, options) => {
        const file = write(workbookBytes([{ name: 'Sheet 1', rows }], options));
        const want = expected(rows);
        if (want.length === 0) {
          const error = await readNumbered(file).then(
            () => null,
            (caught: unknown) => caught,
          );
          expect(isPinlistError(error) && error.code).toBe('FILE_EMPTY');
          return;
        }
        expect(await readNumbered(file)).toEqual(want);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('the scanners give the same rows however the XML is cut into chunks', () => {
    const cuts = fc.array(fc.nat(), { maxLength: 12 });
    fc.assert(
      fc.property(table, cuts, (rows, rawCuts) => {
        const { strings, cell } = sharedStringCells();
        const xml = sheetXml(rows, cell);
        const sst = `<sst>${strings.map((s) => `<si><r><t xml:space="preserve">${xmlText(s)}</t></r><rPh><t>ふりがな</t></rPh></si>`).join('')}</sst>`;
        const scan = (sheetPieces: string[], sstPieces: string[]): ScannedRow[] => {
          const store = new SharedStrings();
          const shared = new SharedStringsScanner((t) => store.add(t), () => store.count, 1 << 20);
          sstPieces.forEach((piece, i) => shared.feed(piece, i === sstPieces.length - 1));
          expect(store.count).toBe(strings.length);
          const scanner = new SheetScanner({ dateStyles: [], date1904: false, maxElementChars: 1 << 20, maxEmptyRows: 1 << 20, shared: store });
          sheetPieces.forEach((piece, i) => scanner.feed(piece, i === sheetPieces.length - 1));
          return scanner.rows;
        };
        const split = (whole: string): string[] => {
          const points = [...new Set(rawCuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let from = 0;
          for (const point of points) {
            pieces.push(whole.slice(from, point));
            from = point;
          }
          pieces.push(whole.slice(from));
          return pieces;
        };
        expect(scan(split(xml), split(sst))).toEqual(scan([xml], [sst]));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a mutated workbook ends in rows or a clear error, never a crash or a hang', { timeout: 120_000 }, async () => {
    const rows = [['Email', 'Name'], ...Array.from({ length: 200 }, (_, i) => [`p${i}@exämple.de`, `Person ${i}`])];
    const bases = [
      workbookBytes([{ name: 'A', rows }], { sharedStrings: true, deflate: true, absoluteTargets: true }),
      workbookBytes([{ name: 'A', rows }], { sharedStrings: false, deflate: true }),
      workbookBytes([{ name: 'A', rows }], { sharedStrings: true, deflate: false }),
    ];
    const mutation = fc.record({
      base: fc.nat({ max: bases.length - 1 }),
      kind: fc.constantFrom('flip', 'blank', 'insert', 'truncate'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 64 }),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const base = bases[m.base]!;
        const at = Math.floor(m.at * base.length);
        let bytes = Buffer.from(base);
        if (m.kind === 'flip') for (let i = at; i < Math.min(bytes.length, at + m.length); i++) bytes[i] = bytes[i]! ^ (1 << (m.byte % 8));
        else if (m.kind === 'blank') bytes.fill(m.byte, at, Math.min(bytes.length, at + m.length));
        else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(m.length, m.byte), bytes.subarray(at)]);
        else bytes = bytes.subarray(0, at);
        const file = write(bytes);
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          readNumbered(file).then(
            (read) => `rows:${read.length > 0}`,
            (error: unknown) => error,
          ),
          new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 10_000))),
        ]).finally(() => clearTimeout(timer));
        expect(outcome).not.toBe('timeout');
        if (typeof outcome === 'string') {
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          return;
        }
        expect(isPinlistError(outcome), String(outcome)).toBe(true);
        if (!isPinlistError(outcome)) return;
        expect(ERROR_CODES).toContain(outcome.code);
        expect(outcome.code).not.toBe('INTERNAL');
        outcomes[outcome.code] = (outcomes[outcome.code] ?? 0) + 1;
      }),
      { seed: SEED, numRuns: 200 },
    );
    console.log('xlsx mutation outcomes:', JSON.stringify(outcomes));
  });
});
