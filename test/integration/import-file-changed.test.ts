/**
 * Issue 14, item 1: an import proves it read one consistent file. The reader stops at a pause
 * point (two FIFOs, see electron/core/import/pause-point.ts: no sleeps), the test truncates or
 * overwrites the file, the reader goes on, and the import must fail with FILE_CHANGED and change
 * nothing. The CLI case runs the built CLI with PINLIST_TEST_IMPORT_PAUSE.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPinlistError } from '../../shared/errors.js';
import { PAUSE_ENV } from '../../electron/core/import/pause-point.js';
import { writeBigCsv, writeBigXlsx, writeCsv } from '../fixtures/generate.js';
import { cliPath, runPinlist } from '../helpers/cli.js';
import { dumpDatabase, leftoverTempFiles, useImportEnv } from '../helpers/import-db.js';
import { openDatabase } from '../../electron/core/db/open.js';

const importEnv = useImportEnv();

/** Two FIFOs in a fresh folder: the reader writes `paused`, the test writes `resume`. */
function pauseDir(root: string): string {
  const dir = fs.mkdtempSync(path.join(root, 'pause-'));
  execFileSync('mkfifo', [path.join(dir, 'paused'), path.join(dir, 'resume')]);
  return dir;
}

/** Waits until the reader has paused, runs `change`, then lets the reader go on. */
async function whilePaused(dir: string, change: () => void): Promise<void> {
  await fs.promises.readFile(path.join(dir, 'paused'));
  change();
  await fs.promises.writeFile(path.join(dir, 'resume'), 'go\n');
}

async function expectFileChanged(run: Promise<unknown>): Promise<void> {
  const error = await run.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(isPinlistError(error) ? error.code : error).toBe('FILE_CHANGED');
  expect((error as Error).message).toContain('the file changed while it was read; try again when the program writing it is done');
}

/** Overwrites `length` bytes in the middle of the file, past what the reader has read so far. */
function overwriteInPlace(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.from('x'.repeat(64)), 0, 64, Math.floor(size * 0.8));
  } finally {
    fs.closeSync(fd);
  }
}

describe('a file that changes while it is imported', () => {
  for (const change of ['truncated', 'overwritten', 'grown'] as const) {
    it(`CSV ${change} mid-import: FILE_CHANGED, the list and its history untouched, no temp files`, async () => {
      const env = importEnv();
      const before = await writeCsv(env.dir, 'before.csv', [['Email'], ['ann@example.com'], ['bob@example.com']]);
      await env.run(before, { list: 'Customers' });
      const dump = env.read(dumpDatabase);

      const file = await writeBigCsv(env.dir, 'big.csv', 40_000);
      const dir = pauseDir(env.dir);
      const run = env.run(file, { list: 'Customers', pause: { afterRows: 4096, dir }, batchRows: 2048 });
      await whilePaused(dir, () => {
        if (change === 'truncated') fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
        else if (change === 'overwritten') overwriteInPlace(file);
        else fs.appendFileSync(file, 'late.row@example.com,A,B,C\n');
      });
      await expectFileChanged(run);
      expect(env.read(dumpDatabase)).toEqual(dump);
      expect(leftoverTempFiles(env.tempDir)).toEqual([]);
    });
  }

  it('CSV truncated to 0 bytes mid-import: FILE_CHANGED (never the hash of the original)', async () => {
    const env = importEnv();
    const file = await writeBigCsv(env.dir, 'big.csv', 40_000);
    const dir = pauseDir(env.dir);
    const run = env.run(file, { list: 'Fresh', pause: { afterRows: 2048, dir }, batchRows: 2048 });
    await whilePaused(dir, () => fs.truncateSync(file, 0));
    await expectFileChanged(run);
    expect(env.read((db) => db.prepare('SELECT COUNT(*) AS n FROM lists').get())).toEqual({ n: 0 });
  });

  for (const change of ['truncated', 'replaced'] as const) {
    it(`XLSX ${change} mid-import: FILE_CHANGED, the list untouched`, async () => {
      const env = importEnv();
      const before = await writeCsv(env.dir, 'before.csv', [['Email'], ['ann@example.com']]);
      await env.run(before, { list: 'Customers' });
      const dump = env.read(dumpDatabase);

      const file = await writeBigXlsx(env.dir, 'big.xlsx', 5_000);
      const other = await writeBigXlsx(env.dir, 'other.xlsx', 100);
      const dir = pauseDir(env.dir);
      const run = env.run(file, { list: 'Customers', pause: { afterRows: 1024, dir }, batchRows: 1024 });
      await whilePaused(dir, () => {
        if (change === 'truncated') fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
        // Saved over by another program: a new file under the same name.
        else fs.renameSync(other, file);
      });
      await expectFileChanged(run);
      expect(env.read(dumpDatabase)).toEqual(dump);
    }, 180_000);
  }

  it('a file left alone imports as before (the pause point itself changes nothing)', async () => {
    const env = importEnv();
    const file = await writeBigCsv(env.dir, 'big.csv', 10_000);
    const dir = pauseDir(env.dir);
    const run = env.run(file, { list: 'Customers', pause: { afterRows: 2048, dir }, batchRows: 2048 });
    await whilePaused(dir, () => undefined);
    const summary = await run;
    expect(summary).toMatchObject({ rowsRead: 10_000, valid: 10_000, added: 10_000 });
    const recorded = env.read((db) => db.prepare('SELECT file_size AS size, file_sha256 AS sha256 FROM imports').get()) as { size: number; sha256: string };
    expect(recorded.size).toBe(fs.statSync(file).size);
    expect(recorded.sha256).toBe(execFileSync('sha256sum', [file]).toString().split(' ')[0]);
  });

  it.skipIf(!fs.existsSync(path.join(path.dirname(cliPath), '..', 'dist', 'main', 'import-reader.worker.js')))(
    'pinlist import --json: exit 1, error[FILE_CHANGED] on stderr, nothing on stdout, list unchanged',
    async () => {
      const env = importEnv();
      const data = path.join(env.dir, 'cli-data');
      const before = await writeCsv(env.dir, 'before.csv', [['Email'], ['ann@example.com']]);
      const first = await runPinlist(['--data-dir', data, 'import', before, '--list', 'Customers', '--json']);
      expect(first.code).toBe(0);
      const dbPath = path.join(data, 'pinlist.db');
      const snapshot = (): unknown => {
        const db = openDatabase(dbPath);
        try {
          return dumpDatabase(db);
        } finally {
          db.close();
        }
      };
      const dump = snapshot();

      const file = await writeBigCsv(env.dir, 'big.csv', 40_000);
      const dir = pauseDir(env.dir);
      const cli = runPinlist(['--data-dir', data, 'import', file, '--list', 'Customers', '--json'], { env: { [PAUSE_ENV]: `4096:${dir}` } });
      await whilePaused(dir, () => fs.truncateSync(file, 1000));
      const result = await cli;
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error\[FILE_CHANGED\]: .*the file changed while it was read/);
      expect(snapshot()).toEqual(dump);
    },
  );
});
