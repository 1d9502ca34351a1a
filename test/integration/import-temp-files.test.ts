/**
 * Where an XLSX import's temp files go. exceljs used to copy a workbook's sheets to temp files
 * (plaintext, for inline strings), which a killed import left behind; Pinlist's own reader
 * (decision 0010) streams the sheet from the zip and copies nothing. A killed import leaves nothing
 * in the OS temp folder, no sheet copy anywhere, and the next import sweeps the data folder.
 * Both imports run the built CLI (`npm run build:main` first), so the OS temp folder holds only
 * what Pinlist itself writes there.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBigXlsx, writeCsv } from '../fixtures/generate.js';
import { cliPath, repoRoot, runPinlistBinary } from '../helpers/cli.js';
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
    const sheetCopies = new Set<string>();
    // Killed as soon as the import is at work in the data folder's tmp; no sheet copy may appear meanwhile.
    const poll = setInterval(() => {
      const tmp = path.join(data, 'tmp');
      for (const name of filesUnder(tmp).filter((n) => /^hashruns-\d+-reader-/.test(n))) sheetCopies.add(name);
      for (const name of filesUnder(osTemp)) sheetCopies.add(name);
      if (!killed && fs.existsSync(tmp) && fs.readdirSync(tmp).length > 0) {
        killed = child.kill('SIGKILL');
      }
    }, 5);
    await exited;
    clearInterval(poll);
    expect(killed).toBe(true);
    expect([...sheetCopies]).toEqual([]);
    expect(filesUnder(osTemp)).toEqual([]);

    // The built binary, as users run it: run in this process from sources, the import's workers
    // boot through tsx (electron/core/workers/spawn.ts), whose compile cache (tsx-0/<pid>-*) lands
    // in the overlaid TMPDIR and is no file of Pinlist's.
    const next = await runPinlistBinary(['--data-dir', data, 'import', await writeCsv(dir, 'next.csv', [['email'], ['ann@example.com']]), '--list', 'Next', '--json'], { env });
    expect(next.code).toBe(0);
    expect(fs.readdirSync(path.join(data, 'tmp'))).toEqual([]);
    expect(filesUnder(osTemp)).toEqual([]);
  });
});
