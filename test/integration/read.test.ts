import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../electron/core/import/read/open.js';
import type { ReadOptions, RowBatch, TableSource } from '../../electron/core/import/read/types.js';
import {
  csvText,
  encodeText,
  makeTempDir,
  removeDir,
  sampleRow,
  SAMPLE_HEADER,
  writeBigCsv,
  writeBinary,
  writeBytes,
  writeCorruptXlsx,
  writeCsv,
  writeExcelOrderedXlsx,
  writeGarbageWorkbook,
  writeOleFile,
  writeText,
  writeTruncatedXlsx,
  writeWorkbook,
  writeXlsx,
  writeZipNotWorkbook,
} from '../fixtures/generate.js';
import { pinlistErrorFrom } from '../helpers/pinlist-error.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

async function collect(source: TableSource): Promise<RowBatch[]> {
  const batches: RowBatch[] = [];
  for await (const batch of source.batches()) batches.push(batch);
  return batches;
}

async function readAll(path: string, options?: ReadOptions): Promise<{ source: TableSource; rows: string[][]; batches: RowBatch[] }> {
  const source = await openTable(path, options);
  const batches = await collect(source);
  return { source, rows: batches.flatMap((b) => b.rows), batches };
}

/** Every row with the number the reader gave it. */
function numbered(batches: RowBatch[]): [number, string[]][] {
  return batches.flatMap((b) => b.rows.map((row, i): [number, string[]] => [b.firstRowNumber + i, row]));
}

describe('CSV encodings', () => {
  it('reads UTF-8 with a BOM, dropping the BOM from the first field', async () => {
    const path = await writeCsv(dir, 'bom.csv', [['Email', 'Name'], ['zoe@example.com', 'Zoë Ørsted']], { bom: true });
    const { source, rows } = await readAll(path);
    expect(source.format).toEqual({ type: 'csv', encoding: 'utf-8', delimiter: ',', sheet: null, bom: true });
    expect(rows).toEqual([['Email', 'Name'], ['zoe@example.com', 'Zoë Ørsted']]);
  });

  it('reads UTF-16 LE with a BOM, tab-delimited (Excel "Unicode text")', async () => {
    const path = await writeCsv(dir, 'unicode-le.txt', [['Email', 'Name'], ['jurgen@example.de', 'Jürgen Weiß'], ['li@example.cn', '李雷']], {
      encoding: 'utf-16le',
      bom: true,
      delimiter: '\t',
      eol: '\r\n',
    });
    const { source, rows } = await readAll(path);
    expect(source.format).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', bom: true });
    expect(rows).toEqual([['Email', 'Name'], ['jurgen@example.de', 'Jürgen Weiß'], ['li@example.cn', '李雷']]);
  });

  it('reads UTF-16 BE with a BOM, tab-delimited', async () => {
    const path = await writeCsv(dir, 'unicode-be.txt', [['Email', 'Name'], ['ana@example.es', 'Ana Muñoz']], {
      encoding: 'utf-16be',
      bom: true,
      delimiter: '\t',
    });
    const { source, rows } = await readAll(path);
    expect(source.format).toMatchObject({ encoding: 'utf-16be', delimiter: '\t', bom: true });
    expect(rows).toEqual([['Email', 'Name'], ['ana@example.es', 'Ana Muñoz']]);
  });

  it('detects Windows-1252 with semicolons, as older German/French Excel saves it', async () => {
    const table = [
      ['E-Mail', 'Vorname', 'Nachname', 'Stadt'],
      ['jm@example.de', 'Jürgen', 'Müller', 'München'],
      ['hl@example.fr', 'Hélène', 'Lefèvre', 'Besançon'],
      ['gs@example.de', 'Grüße', 'Straße', 'Köln'],
    ];
    const path = await writeCsv(dir, 'cp1252.csv', table, { encoding: 'windows-1252', delimiter: ';', eol: '\r\n' });
    const { source, rows } = await readAll(path);
    expect(source.format).toMatchObject({ encoding: 'windows-1252', delimiter: ';', bom: false });
    expect(rows).toEqual(table);
  });

  it('switches to Windows-1252 when the first accented byte comes after an all-ASCII sample', async () => {
    const table = [['email', 'name']];
    for (let i = 0; i < 3000; i++) table.push([`person${i}@example.com`, `Person Number ${i}`]);
    table.push(['rene@example.fr', 'René Dupré']);
    const path = await writeCsv(dir, 'late-accent.csv', table, { encoding: 'windows-1252' });
    expect((await stat(path)).size).toBeGreaterThan(64 * 1024);
    const source = await openTable(path);
    expect(source.format.encoding).toBe('utf-8'); // all the sample showed was ASCII
    const rows = (await collect(source)).flatMap((b) => b.rows);
    expect(rows.at(-1)).toEqual(['rene@example.fr', 'René Dupré']);
    expect(source.format.encoding).toBe('windows-1252');
  });

  it('refuses a UTF-8 file that turns into another encoding part way (FILE_ENCODING)', async () => {
    const head = csvText([['email', 'name'], ['zoe@example.com', 'Zoë'], ...Array.from({ length: 3000 }, (_, i) => [`p${i}@example.com`, `Person ${i}`])]);
    const bytes = Buffer.concat([encodeText(head), encodeText('rene@example.fr,René\n', 'windows-1252')]);
    const path = await writeBytes(dir, 'mixed.csv', bytes);
    const source = await openTable(path);
    const error = await pinlistErrorFrom(collect(source));
    expect(error.code).toBe('FILE_ENCODING');
    expect(error.message).toMatch(/Windows-1252|CSV UTF-8/);
  });

  it('honours an encoding override, and refuses bytes that are not valid in it', async () => {
    const path = await writeCsv(dir, 'latin.csv', [['email', 'name'], ['a@example.com', 'Señor Núñez']], { encoding: 'latin1' });
    const latin = await readAll(path, { encoding: 'latin1' });
    expect(latin.source.format.encoding).toBe('iso-8859-1');
    expect(latin.rows[1]).toEqual(['a@example.com', 'Señor Núñez']);

    const asUtf8 = await openTable(path, { encoding: 'utf-8' });
    expect((await pinlistErrorFrom(collect(asUtf8))).code).toBe('FILE_ENCODING');
    expect((await pinlistErrorFrom(openTable(path, { encoding: 'klingon-8' }))).code).toBe('FILE_ENCODING');
  });
});

describe('CSV structure', () => {
  it('keeps quoted newlines, delimiters and quotes inside fields, and numbers rows like Excel', async () => {
    const table = [
      ['email', 'note', 'city'],
      ['a@example.com', 'line one\nline two', 'Paris, France'],
      ['b@example.com', 'she said "hi"', 'Zürich'],
      ['c@example.com', 'x', 'y'],
    ];
    const path = await writeCsv(dir, 'quoted.csv', table, { eol: '\r\n' });
    const { source, batches } = await readAll(path);
    expect(source.format.delimiter).toBe(',');
    // The two-line field stays one row, so row 3 is b@ (the row Excel shows it on).
    expect(numbered(batches)).toEqual([
      [1, table[0]],
      [2, table[1]],
      [3, table[2]],
      [4, table[3]],
    ]);
  });

  it('does not let delimiters inside quotes decide the delimiter', async () => {
    const table = [['name', 'email'], ...Array.from({ length: 20 }, (_, i) => [`Doe; John; Jr ${i}`, `j${i}@example.com`])];
    const path = await writeCsv(dir, 'quoted-semicolons.csv', table, { quoteAll: true });
    const { source, rows } = await readAll(path);
    expect(source.format.delimiter).toBe(',');
    expect(rows).toEqual(table);
  });

  it('picks semicolon over decimal commas', async () => {
    const path = await writeText(dir, 'decimal.csv', 'Email;Umsatz;Name\na@example.de;12,50;Anna\nb@example.de;3,10;Bernd\n');
    const { source, rows } = await readAll(path);
    expect(source.format.delimiter).toBe(';');
    expect(rows[1]).toEqual(['a@example.de', '12,50', 'Anna']);
  });

  it('reads CRLF, lone CR and pipe-delimited files', async () => {
    const crlf = await readAll(await writeCsv(dir, 'crlf.csv', [['email', 'n'], ['a@example.com', '1']], { eol: '\r\n' }));
    expect(crlf.rows).toEqual([['email', 'n'], ['a@example.com', '1']]);
    const cr = await readAll(await writeCsv(dir, 'cr.csv', [['email', 'n'], ['a@example.com', '1']], { eol: '\r' }));
    expect(cr.rows).toEqual([['email', 'n'], ['a@example.com', '1']]);
    const pipe = await readAll(await writeCsv(dir, 'pipe.csv', [['email', 'first', 'last'], ['a@example.com', 'Ann', 'Lee']], { delimiter: '|' }));
    expect(pipe.source.format.delimiter).toBe('|');
    expect(pipe.rows).toEqual([['email', 'first', 'last'], ['a@example.com', 'Ann', 'Lee']]);
  });

  it('strips a stray CR from a CRLF line in an LF file', async () => {
    const { rows } = await readAll(await writeText(dir, 'mixed-eol.csv', 'email,n\na@example.com,1\r\nb@example.com,2\nc@example.com,3\n'));
    expect(rows).toEqual([['email', 'n'], ['a@example.com', '1'], ['b@example.com', '2'], ['c@example.com', '3']]);
  });

  it('reads a single column with no header and no delimiter (Pinterest template)', async () => {
    const path = await writeText(dir, 'template.csv', 'ann@example.com\nbob@example.com\ncat@example.com', 'utf-8');
    const { source, rows } = await readAll(path);
    expect(source.format.delimiter).toBe(',');
    expect(rows).toEqual([['ann@example.com'], ['bob@example.com'], ['cat@example.com']]);
  });

  it('passes ragged rows through as they are', async () => {
    const table = [['email', 'first', 'last'], ['a@example.com', 'Ann'], ['b@example.com', 'Bob', 'Lee', 'extra', 'more'], ['c@example.com', 'Cat', 'Ng']];
    const { rows } = await readAll(await writeCsv(dir, 'ragged.csv', table));
    expect(rows).toEqual(table);
  });

  it('honours a delimiter override', async () => {
    const path = await writeText(dir, 'override.csv', 'a;b,c\nd;e,f\n');
    expect((await readAll(path, { delimiter: ',' })).rows).toEqual([['a;b', 'c'], ['d;e', 'f']]);
    expect((await pinlistErrorFrom(openTable(path, { delimiter: '"' }))).code).toBe('INVALID_INPUT');
  });

  it('skips blank lines but keeps counting them, ending a batch rather than skipping a number', async () => {
    const path = await writeText(dir, 'blanks.csv', 'email,n\na@example.com,1\n\n,,\n  \nb@example.com,2\nc@example.com,3\n\n');
    const { batches } = await readAll(path);
    expect(batches.map((b) => [b.firstRowNumber, b.rows.length])).toEqual([
      [1, 2],
      [6, 2],
    ]);
    expect(numbered(batches)).toEqual([
      [1, ['email', 'n']],
      [2, ['a@example.com', '1']],
      [6, ['b@example.com', '2']],
      [7, ['c@example.com', '3']],
    ]);
  });

  it('cuts batches at batchRows with consecutive row numbers', async () => {
    const path = await writeCsv(dir, 'ten.csv', Array.from({ length: 10 }, (_, i) => [`r${i + 1}@example.com`]));
    const { batches } = await readAll(path, { batchRows: 3 });
    expect(batches.map((b) => [b.firstRowNumber, b.rows.length])).toEqual([
      [1, 3],
      [4, 3],
      [7, 3],
      [10, 1],
    ]);
    expect(batches[2]!.rows[0]).toEqual(['r7@example.com']);
  });
});

describe('CSV streaming', () => {
  let big: string;
  const bigRows = 200_000;
  beforeAll(async () => {
    big = await writeBigCsv(dir, 'big.csv', bigRows);
  });

  it('streams a large file: rows arrive before the file is read, and nothing is retained', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const source = await openTable(big, { batchRows: 4096 });
    let rows = 0;
    let batches = 0;
    let bytesAtFirstBatch = -1;
    const firstBatches: WeakRef<string[][]>[] = [];
    let expectedNext = 1;
    for await (const batch of source.batches()) {
      if (bytesAtFirstBatch < 0) bytesAtFirstBatch = source.bytesRead();
      if (batches < 5) firstBatches.push(new WeakRef(batch.rows));
      expect(batch.firstRowNumber).toBe(expectedNext);
      expect(batch.rows.length).toBeLessThanOrEqual(4096);
      expectedNext += batch.rows.length;
      rows += batch.rows.length;
      batches++;
    }
    expect(rows).toBe(bigRows + 1);
    expect(bytesAtFirstBatch).toBeGreaterThan(0);
    expect(bytesAtFirstBatch).toBeLessThan(source.fileSize / 2);
    expect(source.bytesRead()).toBe(source.fileSize);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(firstBatches.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });

  it('stops after maxRows without reading the rest of the file', async () => {
    const source = await openTable(big, { maxRows: 5 });
    const batches = await collect(source);
    expect(numbered(batches)).toEqual([
      [1, SAMPLE_HEADER],
      [2, sampleRow(1)],
      [3, sampleRow(2)],
      [4, sampleRow(3)],
      [5, sampleRow(4)],
    ]);
    expect(source.bytesRead()).toBeLessThan(source.fileSize);
  });

  it('stops reading when the signal aborts', async () => {
    const controller = new AbortController();
    const source = await openTable(big, { signal: controller.signal, batchRows: 1000 });
    let seen = 0;
    const error = await pinlistErrorFrom(
      (async () => {
        for await (const batch of source.batches()) {
          seen += batch.rows.length;
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('CANCELLED');
    // Not one batch more once aborted.
    expect(seen).toBe(1000);
    expect(source.bytesRead()).toBeLessThan(source.fileSize);
    expect((await pinlistErrorFrom(openTable(big, { signal: controller.signal }))).code).toBe('CANCELLED');
  });
});

describe('XLSX', () => {
  it('takes the first sheet with data, skipping an empty first sheet, and converts cells to text', async () => {
    const path = await writeWorkbook(dir, 'crm.xlsx', [
      { name: 'Notes', rows: [] },
      {
        name: 'Customers',
        rows: [
          ['Email', 'Phone', 'Joined', 'Spend', 'Big', 'VIP', 'Full name', 'Total'],
          [{ text: 'ann@example.com', hyperlink: 'mailto:ann@example.com' }, 4915112345678, new Date(Date.UTC(2024, 0, 31)), 12.5, 1e21, true, { richText: [{ text: 'Ann ' }, { text: 'Lee', font: { bold: true } }] }, { formula: 'D2*2', result: 25 }],
          ['bob@example.com', 491701234567, new Date(Date.UTC(2023, 11, 1, 13, 45)), 0.1 + 0.2],
        ],
      },
    ]);
    const { source, rows, batches } = await readAll(path);
    expect(source.format).toEqual({ type: 'xlsx', encoding: null, delimiter: null, sheet: 'Customers', bom: false });
    expect(batches[0]!.firstRowNumber).toBe(1);
    expect(rows).toEqual([
      ['Email', 'Phone', 'Joined', 'Spend', 'Big', 'VIP', 'Full name', 'Total'],
      ['ann@example.com', '4915112345678', '2024-01-31', '12.5', '1000000000000000000000', 'TRUE', 'Ann Lee', '25'],
      // Not padded to the header's width: a worksheet row ends at its last filled cell (and the
      // import reads a short XLSX row as lined up, never ragged).
      ['bob@example.com', '491701234567', '2023-12-01T13:45:00', '0.3'],
    ]);
    expect(source.bytesRead()).toBe(source.fileSize);
  });

  it('reads the sheet named in options, and lists the sheets when the name is wrong', async () => {
    const path = await writeWorkbook(dir, 'two-sheets.xlsx', [
      { name: 'Leads', rows: [['email'], ['lead@example.com']] },
      { name: 'Buyers', rows: [['email'], ['buyer@example.com']] },
    ]);
    expect((await readAll(path)).rows).toEqual([['email'], ['lead@example.com']]);
    const buyers = await readAll(path, { sheet: 'Buyers' });
    expect(buyers.source.format.sheet).toBe('Buyers');
    expect(buyers.rows).toEqual([['email'], ['buyer@example.com']]);

    const error = await pinlistErrorFrom(openTable(path, { sheet: 'Customers' }));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toContain('"Leads", "Buyers"');
    expect(error.details?.sheets).toEqual(['Leads', 'Buyers']);
  });

  it('streams a workbook laid out as Excel saves it, with progress from its <dimension>', async () => {
    const path = await writeExcelOrderedXlsx(dir);
    const source = await openTable(path, { batchRows: 1 });
    expect(source.format.sheet).toBe('Contacts');
    const progress: number[] = [];
    const batches: RowBatch[] = [];
    for await (const batch of source.batches()) {
      batches.push(batch);
      progress.push(source.bytesRead());
    }
    expect(numbered(batches)).toEqual([
      [1, ['Email', 'Phone', 'Domain']],
      [2, ['ann@example.com', '4915112345678', 'example.com']],
      [3, ['bob@example.com', 'TRUE', '#N/A']],
      [5, ['cat@example.com']],
    ]);
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(source.fileSize);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(source.bytesRead()).toBe(source.fileSize);
  });

  it('skips hidden sheets by default', async () => {
    const path = await writeWorkbook(dir, 'hidden.xlsx', [
      { name: 'Lookup', rows: [['code'], ['X1']], state: 'hidden' },
      { name: 'Export', rows: [['email'], ['e@example.com']] },
    ]);
    const { source, rows } = await readAll(path);
    expect(source.format.sheet).toBe('Export');
    expect(rows).toEqual([['email'], ['e@example.com']]);
  });

  it('lists the visible sheets in tab order, names decoded, for the sheet picker', async () => {
    const path = await writeWorkbook(dir, 'several.xlsx', [
      { name: 'Q1 & Q2', rows: [['email'], ['a@example.com']] },
      { name: 'Lookup', rows: [['code'], ['X1']], state: 'hidden' },
      { name: '"Spring" <VIP>', rows: [['email'], ['b@example.com']] },
    ]);
    const { source } = await readAll(path);
    expect(source.sheets).toEqual(['Q1 & Q2', '"Spring" <VIP>']);
    const csv = await readAll(await writeCsv(dir, 'plain.csv', [['email'], ['a@example.com']]));
    expect(csv.source.sheets).toBeUndefined();
  });

  it('skips empty rows, keeping sheet row numbers, and honours batchRows and maxRows', async () => {
    const path = await writeXlsx(dir, 'gaps.xlsx', [['email'], ['a@example.com'], [], [null, null], ['b@example.com'], ['c@example.com'], ['d@example.com']]);
    const { batches } = await readAll(path, { batchRows: 2 });
    expect(numbered(batches)).toEqual([
      [1, ['email']],
      [2, ['a@example.com']],
      [5, ['b@example.com']],
      [6, ['c@example.com']],
      [7, ['d@example.com']],
    ]);
    expect(batches.every((b) => b.rows.length <= 2)).toBe(true);
    const preview = await readAll(path, { maxRows: 3 });
    expect(preview.rows).toEqual([['email'], ['a@example.com'], ['b@example.com']]);
  });

  it('stops when the signal aborts', async () => {
    const path = await writeXlsx(dir, 'abort.xlsx', Array.from({ length: 3000 }, (_, i) => [`x${i}@example.com`]));
    const controller = new AbortController();
    const source = await openTable(path, { signal: controller.signal, batchRows: 100 });
    let seen = 0;
    const error = await pinlistErrorFrom(
      (async () => {
        for await (const batch of source.batches()) {
          seen += batch.rows.length;
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('CANCELLED');
    expect(seen).toBe(100);
  });
});

describe('inside a worker thread', () => {
  function readInWorker(path: string): Promise<Record<string, unknown>> {
    // Node 20 ignores `--import tsx` in a worker's execArgv, so the worker registers tsx itself.
    const entry = new URL('../fixtures/read-in-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { path } });
    return new Promise((resolve, reject) => {
      // Let the worker end by itself: terminating it can cut off exceljs deleting its temp files.
      worker.once('message', (message: Record<string, unknown>) => worker.once('exit', () => resolve(message)));
      worker.once('error', reject);
    });
  }

  it('reads CSV and XLSX, and reports errors, from a worker', async () => {
    const csv = await readInWorker(await writeCsv(dir, 'worker.csv', [['email'], ['w@example.com']], { encoding: 'utf-16le', bom: true }));
    expect(csv).toMatchObject({ ok: true, rows: 2, last: ['w@example.com'], format: { encoding: 'utf-16le' } });
    expect(csv.bytesRead).toBe(csv.fileSize);
    const xlsx = await readInWorker(await writeWorkbook(dir, 'worker.xlsx', [{ name: 'Empty', rows: [] }, { name: 'List', rows: [['email'], ['x@example.com']] }]));
    expect(xlsx).toMatchObject({ ok: true, rows: 2, last: ['x@example.com'], format: { sheet: 'List' } });
    expect(await readInWorker(await writeBinary(dir, 'worker.png'))).toMatchObject({ ok: false, code: 'FILE_BINARY' });
  });
});

/**
 * Resolves once no file-system request is pending (the readers close their files in the background
 * after an error), and then after one more turn of the event loop, by which Node has reported any
 * promise those last callbacks left rejected.
 */
async function fileWorkSettled(): Promise<void> {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const fileWork = () => process.getActiveResourcesInfo().filter((name) => /^(FSReq|FileHandle|CloseReq)/.test(name));
  while (fileWork().length > 0) await turn();
  await turn();
}

describe('hostile files', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('FILE_NOT_FOUND for a missing file or a folder', async () => {
    expect((await pinlistErrorFrom(openTable(join(dir, 'nope.csv')))).code).toBe('FILE_NOT_FOUND');
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder, { recursive: true });
    expect((await pinlistErrorFrom(openTable(folder))).code).toBe('FILE_NOT_FOUND');
  });

  it('FILE_EMPTY for 0 bytes, a lone BOM, whitespace, or only blank rows', async () => {
    for (const [name, bytes] of [
      ['zero.csv', Buffer.alloc(0)],
      ['only-bom.csv', Buffer.from([0xef, 0xbb, 0xbf])],
      ['only-bom16.txt', Buffer.from([0xff, 0xfe])],
      ['spaces.csv', Buffer.from('  \r\n\n\t\n')],
    ] as const) {
      const error = await pinlistErrorFrom(openTable(await writeBytes(dir, name, bytes)));
      expect(error.code, name).toBe('FILE_EMPTY');
    }
    // Too big for the sample to settle it: found empty while streaming.
    const blanks = await writeText(dir, 'blank-rows.csv', ',,,\n'.repeat(40_000));
    const source = await openTable(blanks);
    expect((await pinlistErrorFrom(collect(source))).code).toBe('FILE_EMPTY');
  });

  it('FILE_BINARY for an image renamed .csv and an old .xls', async () => {
    const png = await pinlistErrorFrom(openTable(await writeBinary(dir)));
    expect(png.code).toBe('FILE_BINARY');
    expect(png.message).toMatch(/Choose the CSV or Excel file/);
    const xls = await pinlistErrorFrom(openTable(await writeOleFile(dir)));
    expect(xls.code).toBe('FILE_BINARY');
    expect(xls.message).toMatch(/\.xls/);
  });

  it('FILE_BAD_XLSX for a zip that is no workbook, garbage XML, a truncated and a corrupt workbook', async () => {
    const cases = [
      await writeZipNotWorkbook(dir),
      await writeGarbageWorkbook(dir),
      await writeTruncatedXlsx(dir),
      await writeCorruptXlsx(dir),
      await writeBytes(dir, 'empty-zip.xlsx', Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)])),
    ];
    for (const path of cases) {
      const error = await pinlistErrorFrom(
        (async () => {
          const source = await openTable(path);
          await collect(source);
        })(),
      );
      expect(error.code, path).toBe('FILE_BAD_XLSX');
      expect(error.message).toMatch(/save it again as \.xlsx or "CSV UTF-8"/);
    }
    await fileWorkSettled();
    expect(unhandled).toEqual([]);
  });

  it('FILE_LINE_TOO_LONG for a 10 MB line, without reading the whole file', async () => {
    const path = await writeText(dir, 'one-line.csv', 'email,blob\na@example.com,' + 'x'.repeat(10 * 1024 * 1024) + '\n');
    const source = await openTable(path);
    const error = await pinlistErrorFrom(collect(source));
    expect(error.code).toBe('FILE_LINE_TOO_LONG');
    expect(error.message).toMatch(/row 2/);
    expect(source.bytesRead()).toBeLessThan(4 * 1024 * 1024);
  });

  it('FILE_LINE_TOO_LONG for a quote that never closes', async () => {
    const rows = ['email,name', 'a@example.com,"Ann'];
    for (let i = 0; i < 200_000; i++) rows.push(`p${i}@example.com,Person ${i}`);
    const path = await writeText(dir, 'open-quote.csv', rows.join('\n') + '\n');
    const source = await openTable(path);
    const error = await pinlistErrorFrom(collect(source));
    expect(error.code).toBe('FILE_LINE_TOO_LONG');
    expect(error.message).toMatch(/row 2 opens a quoted field/);
    expect(source.bytesRead()).toBeLessThan(source.fileSize);

    // Small enough to reach the end: still refused, since it swallowed the rows after it.
    const short = await openTable(await writeText(dir, 'open-quote-short.csv', 'email,name\na@example.com,"Ann\nb@example.com,Bob\n'));
    const shortError = await pinlistErrorFrom(collect(short));
    expect(shortError.code).toBe('FILE_LINE_TOO_LONG');
    // The file ended: no talk of a size limit it never reached.
    expect(shortError.message).toMatch(/row 2 opens a quoted field \("\) that never closes/);
    expect(shortError.message).not.toMatch(/MiB/);
    // On the very last line it swallows nothing: passed through.
    const last = await readAll(await writeText(dir, 'open-quote-last.csv', 'email,name\na@example.com,"Ann'));
    expect(last.rows).toEqual([['email', 'name'], ['a@example.com', 'Ann']]);
  });
});

describe("Excel's sep= hint line", () => {
  it('takes the delimiter from it and does not return it as a row (row numbers stay the file lines)', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = join(dir, 'excel-sep.csv');
    // Commas inside the values would win a plain delimiter vote; the hint says ';'.
    await writeFile(path, 'sep=;\r\nName;E-Mail Address\r\nDoe, J;john@example.com\r\nRoe, A;ann@example.org\r\n');
    const { source, batches } = await readAll(path);
    expect(source.format.delimiter).toBe(';');
    expect(numbered(batches)).toEqual([
      [2, ['Name', 'E-Mail Address']],
      [3, ['Doe, J', 'john@example.com']],
      [4, ['Roe, A', 'ann@example.org']],
    ]);
  });
});
