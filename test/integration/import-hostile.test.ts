/**
 * Bad files get a clear error and change nothing: every table an import touches is compared
 * before and after, on a database that already holds a list.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPinlistError, type PinlistError } from '../../shared/errors.js';
import {
  makeTempDir,
  removeDir,
  writeBinary,
  writeBytes,
  writeCorruptXlsx,
  writeCsv,
  writeText,
  writeTruncatedXlsx,
  writeXlsx,
  writeZipNotWorkbook,
} from '../fixtures/generate.js';
import { dumpDatabase, leftoverTempFiles, useImportEnv, type ImportEnv } from '../helpers/import-db.js';
import type { ImportRunOptions } from '../../electron/core/import/index.js';

const env = useImportEnv();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-hostile-');
});
afterAll(async () => {
  await removeDir(dir);
});

async function seeded(): Promise<ImportEnv> {
  const e = env();
  await e.run(await writeCsv(dir, 'good.csv', [['Email'], ['ann@example.com'], ['bob@example.com'], ['bad']]), {});
  return e;
}

/** Runs a failing import into the seeded list (and into a new one); returns the error. */
async function refused(file: string, options: Partial<ImportRunOptions> = {}): Promise<PinlistError> {
  const e = await seeded();
  const before = e.read(dumpDatabase);
  let caught: unknown = null;
  for (const list of ['Customers', 'Brand new list']) {
    caught = null;
    try {
      await e.run(file, { ...options, list });
    } catch (error) {
      caught = error;
    }
    if (!isPinlistError(caught)) throw new Error(`expected a PinlistError, got ${String(caught)}`);
    expect(e.read(dumpDatabase)).toEqual(before);
    expect(leftoverTempFiles(e.tempDir)).toEqual([]);
  }
  return caught as PinlistError;
}

describe('hostile files change nothing', () => {
  it('an empty file', async () => {
    expect((await refused(await writeBytes(dir, 'empty.csv', Buffer.alloc(0)))).code).toBe('FILE_EMPTY');
  });

  it('a header with no rows', async () => {
    const error = await refused(await writeText(dir, 'header-only.csv', 'Email,First name\n'));
    expect(error.code).toBe('FILE_NO_ROWS');
    expect(error.message).toMatch(/"Email", "First name"/);
    const xlsx = await refused(await writeXlsx(dir, 'header-only.xlsx', [['email']]));
    expect(xlsx.code).toBe('FILE_NO_ROWS');
  });

  it('a binary file (an image renamed .csv)', async () => {
    expect((await refused(await writeBinary(dir, 'photo.csv'))).code).toBe('FILE_BINARY');
  });

  it('a web page or an Excel 2003 XML file named .xls (what old web apps "export to Excel")', async () => {
    const html = await refused(
      await writeText(dir, 'export.xls', '<html><head><meta charset="utf-8"></head><body><table>\n<tr><th>Email</th></tr>\n<tr><td>ann@example.com</td></tr>\n</table></body></html>\n'),
    );
    expect(html.code).toBe('FILE_BINARY');
    expect(html.message).toMatch(/"export\.xls" is a web page \(HTML\), not a spreadsheet.*save it as \.xlsx or "CSV UTF-8"/);
    const xml = await refused(
      await writeText(dir, 'report.xls', '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data ss:Type="String">ann@example.com</Data></Cell></Row></Table></Worksheet></Workbook>\n'),
    );
    expect(xml.code).toBe('FILE_BINARY');
    expect(xml.message).toMatch(/Excel 2003 XML spreadsheet/);
  });

  it('zips posing as .xlsx: not a workbook, truncated, corrupt', async () => {
    for (const file of [await writeZipNotWorkbook(dir), await writeTruncatedXlsx(dir), await writeCorruptXlsx(dir)]) {
      const error = await refused(file);
      expect(error.code, path.basename(file)).toBe('FILE_BAD_XLSX');
    }
  });

  it('a 10 MB line', async () => {
    const error = await refused(await writeText(dir, 'long-line.csv', `email,blob\na@example.com,${'x'.repeat(10 * 1024 * 1024)}\nb@example.com,y\n`));
    expect(error.code).toBe('FILE_LINE_TOO_LONG');
  });

  it('no column recognisable as an identifier: says which columns it saw (a row of unknown names is a header), in no surface\'s syntax', async () => {
    const error = await refused(await writeCsv(dir, 'no-ids.csv', [['First name', 'Last name', 'City'], ['Ann', 'Lee', 'Oslo'], ['Bob', 'Ray', 'Rome']]));
    expect(error.code).toBe('NO_IDENTIFIER_COLUMN');
    expect(error.message).toMatch(/Columns seen: "First name", "Last name", "City"/);
    expect(error.message).toMatch(/Choose which column holds the emails or ad IDs/);
    expect(error.message).not.toMatch(/--map/);
    const mappedAway = await refused(await writeCsv(dir, 'ignored.csv', [['Email'], ['ann@example.com']]), { overrides: [{ column: 'Email', kind: 'ignore' }] });
    expect(mappedAway.code).toBe('NO_IDENTIFIER_COLUMN');
    expect(mappedAway.message).toMatch(/Columns seen: "Email"/);
  });

  it('MD5-hashed emails are not taken for ad IDs: refused, saying what the hashes are', async () => {
    const md5 = (email: string): string => crypto.createHash('md5').update(email).digest('hex');
    const emails = Array.from({ length: 30 }, (_, i) => `customer${i}@example.com`);
    const bare = await refused(await writeText(dir, 'md5.csv', `${emails.map(md5).join('\n')}\n`));
    expect(bare.code).toBe('NO_IDENTIFIER_COLUMN');
    expect(bare.message).toMatch(/"Column 1" are MD5 or SHA-1 hashes/);
    const named = await refused(await writeCsv(dir, 'md5-named.csv', [['Customer ID', 'Email MD5'], ...emails.map((email, i) => [String(i), md5(email)])]));
    expect(named.code).toBe('NO_IDENTIFIER_COLUMN');
    expect(named.message).toMatch(/Columns seen: .*"Email MD5".*The values of "Email MD5" are MD5 or SHA-1 hashes/);
  });

  it('a --map naming no column, a missing sheet, a missing file, an unknown encoding', async () => {
    const file = await writeCsv(dir, 'ok.csv', [['Email'], ['ann@example.com']]);
    expect((await refused(file, { overrides: [{ column: 'Mail', kind: 'email' }] })).code).toBe('BAD_MAPPING');
    expect((await refused(file, { overrides: [{ column: '7', kind: 'email' }] })).code).toBe('BAD_MAPPING');
    expect((await refused(file, { encoding: 'klingon-8' })).code).toBe('FILE_ENCODING');
    expect((await refused(await writeXlsx(dir, 'sheet.xlsx', [['email'], ['a@example.com']], 'Data'), { sheet: 'Nope' })).code).toBe('SHEET_NOT_FOUND');
    expect((await refused(path.join(dir, 'does-not-exist.csv'))).code).toBe('FILE_NOT_FOUND');
  });
});
