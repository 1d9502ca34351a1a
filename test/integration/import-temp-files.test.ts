/**
 * Where an XLSX import's temp files go: exceljs copies a workbook's sheets to temp files, which
 * a killed import leaves behind. They must land in the data folder's tmp (swept by the next
 * import), never in the OS temp folder, where nothing would ever remove them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBigXlsx, writeCsv } from '../fixtures/generate.js';
import { cliPath, repoRoot, runPinlist } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'import-reader.worker.js'))) {
    throw new Error('The CLI is not built: run `npm run build:main` first.');
  }
});

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => fs.statSync(path.join(dir, name)).isFile()) : [];
}

describe('XLSX import temp files', () => {
  it('a killed import leaves nothing in the OS temp folder, and the next import sweeps the data folder', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const osTemp = path.join(dir, 'os-tmp');
    fs.mkdirSync(osTemp);
    const env = { ...process.env, TMPDIR: osTemp, TMP: osTemp, TEMP: osTemp };
    const workbook = await writeBigXlsx(dir, 'customers.xlsx', 100_000);

    const child = spawn(process.execPath, [cliPath, '--data-dir', data, 'import', workbook, '--list', 'Customers', '--json'], { cwd: repoRoot, env, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let killed = false;
    // Killed as soon as exceljs has a temp copy of the sheet, wherever it put it.
    const poll = setInterval(() => {
      const readerFiles = filesUnder(path.join(data, 'tmp')).filter((name) => /^hashruns-\d+-reader-/.test(name));
      if (!killed && filesUnder(osTemp).length + readerFiles.length > 0) {
        killed = child.kill('SIGKILL');
      }
    }, 5);
    await exited;
    clearInterval(poll);
    expect(killed).toBe(true);
    expect(filesUnder(osTemp)).toEqual([]);

    const next = await runPinlist(['--data-dir', data, 'import', await writeCsv(dir, 'next.csv', [['email'], ['ann@example.com']]), '--list', 'Next', '--json'], { env });
    expect(next.code).toBe(0);
    expect(fs.readdirSync(path.join(data, 'tmp'))).toEqual([]);
    expect(filesUnder(osTemp)).toEqual([]);
  });
});
