/**
 * Issue 14, items 2, 3, 6, 7 and 9 through the built CLI (`npm run build:main` first), as a user
 * meets them: what a killed import or `serve` left behind, full disks (injected: see
 * test/helpers/full-disk-preload.mjs), damaged and read-only databases, a bad URL and a used port.
 * Every run's stderr is scanned: no stack trace may reach a person.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { listBackups } from '../../electron/core/db/backups.js';
import { openDatabase } from '../../electron/core/db/open.js';
import { migrations } from '../../electron/core/db/migrations.js';
import { startFakePinterest } from '../fake-pinterest/server.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';
import { whenDirChanges } from '../helpers/when-dir-changes.js';
import { AD_ACCOUNT, hashes, makeList } from './helpers/sync-fixtures.js';

const tempDir = useTempDirs();
const preload = path.join(repoRoot, 'test', 'helpers', 'full-disk-preload.mjs');

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'import-hasher.worker.js'))) {
    throw new Error('The CLI is not built: run `npm run build:main` first.');
  }
});

/** A stack frame or an uncaught error dump, as Node prints them. */
const STACK_TRACE = /^\s+at \S|^\w*Error: |node:internal|^Uncaught/m;

function expectNoStackTrace(stderr: string): void {
  expect(stderr, `a stack trace reached the user:\n${stderr}`).not.toMatch(STACK_TRACE);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Load the full-disk preload (its settings come through `env`). */
  fullDisk?: boolean;
  uid?: number;
}

function spawnPinlist(args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [...(options.fullDisk ? ['--import', preload] : []), cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, PINLIST_DEBUG: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
}

/** Runs `pinlist` to its end; its stderr never holds a stack trace. */
function pinlist(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnPinlist(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      expectNoStackTrace(stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

function csv(dir: string, name: string, rows: number, badEvery = 0): string {
  const lines = ['email,name'];
  for (let i = 0; i < rows; i++) lines.push(`${badEvery && i % badEvery === 0 ? `not-an-email-${i}` : `person.${i}@example.com`},Name ${i}`);
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

function listing(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function seeded(rows = 2000): Promise<{ dir: string; data: string }> {
  const dir = tempDir();
  const data = path.join(dir, 'data');
  const result = await pinlist(['--data-dir', data, 'import', csv(dir, 'customers.csv', rows), '--list', 'Customers']);
  expect(result.code, result.stderr).toBe(0);
  return { dir, data };
}

async function members(data: string): Promise<number | null> {
  const result = await pinlist(['--data-dir', data, 'lists', '--json']);
  if (result.code !== 0) return null;
  const lists = JSON.parse(result.stdout) as { name: string; total: number }[];
  return lists.find((list) => list.name === 'Customers')?.total ?? 0;
}

/** `pinlist serve` on a free port; resolves once it prints its URL. */
function serve(data: string, options: RunOptions = {}, port = 0) {
  const child = spawnPinlist(['--data-dir', data, 'serve', '--port', String(port)], options);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = new Promise<{ port: number; cookie: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at http:\/\/127\.0\.0\.1:(\d+)\/\?key=(\S+)/.exec(stdout);
      if (match) resolve({ port: Number(match[1]), cookie: `pinlist_session_${match[1]}=${match[2]}` });
    });
    child.on('close', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, started, exited, stderr: () => stderr };
}

async function post(port: number, cookie: string, pathname: string, body: string, contentType = 'application/octet-stream') {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': contentType, Origin: `http://127.0.0.1:${port}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('what dead processes leave behind is swept at the next start', () => {
  it('a SIGKILL mid-import leaves spills in tmp/; `pinlist lists` removes them', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    // Many rejects: the raw values spill to tmp/hashruns-<pid>-spill-…/rejects.bin at once.
    const file = csv(dir, 'rejects.csv', 400_000, 2);
    const tmp = path.join(data, 'tmp');
    // Made here (as the app makes it, private) so that it can be watched before the import starts.
    fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
    const child = spawnPinlist(['--data-dir', data, 'import', file, '--list', 'Customers']);
    child.stdout!.resume();
    child.stderr!.resume();
    const exited = new Promise((resolve) => child.on('close', resolve));
    const spilled = await whenDirChanges(tmp, () => listing(tmp).some((name) => name.startsWith('hashruns-')), exited);
    if (!spilled) throw new Error('the import ended before it wrote anything to tmp/');
    child.kill('SIGKILL');
    await exited;
    expect(listing(tmp).length).toBeGreaterThan(0);

    const lists = await pinlist(['--data-dir', data, 'lists']);
    expect(lists.code, lists.stderr).toBe(0);
    expect(listing(tmp)).toEqual([]);
  }, 120_000);

  it("kill -9 of serve with an upload in uploads/: the next start removes it; a live process's files survive", async () => {
    const { data } = await seeded();
    const server = serve(data);
    const { port, cookie } = await server.started;
    // A head-first upload whose rest never came: its copy waits in uploads/.
    const head = await post(port, cookie, '/api/upload?name=big.csv&size=10000000', 'email\nsomeone@example.com\n');
    expect(JSON.parse(head.text)).toMatchObject({ ok: true });
    const uploads = path.join(data, 'uploads');
    expect(listing(uploads)).toHaveLength(1);
    server.child.kill('SIGKILL');
    await server.exited;

    // Files of a process still alive (this test's) are another Pinlist's work in progress.
    const livePid = process.pid;
    const liveRun = path.join(data, 'tmp', `hashruns-${livePid}-spill-abc`);
    fs.mkdirSync(liveRun, { recursive: true });
    fs.writeFileSync(path.join(liveRun, 'rejects.bin'), 'raw values');
    const liveUpload = path.join(uploads, `${livePid}-00000000-0000-4000-8000-000000000000.upload`);
    fs.writeFileSync(liveUpload, 'email\n');

    const info = await pinlist(['--data-dir', data, 'info']);
    expect(info.code, info.stderr).toBe(0);
    expect(listing(uploads)).toEqual([path.basename(liveUpload)]);
    expect(fs.existsSync(path.join(liveRun, 'rejects.bin'))).toBe(true);
  }, 120_000);
});

describe('a full disk says DISK_FULL, which disk, and that nothing changed', () => {
  it('import: sort runs and spills in tmp/ (ENOSPC) and the commit (SQLITE_FULL)', async () => {
    const { dir, data } = await seeded();
    const file = csv(dir, 'more.csv', 50_000, 2);
    const tmpFull = await pinlist(['--data-dir', data, 'import', file, '--list', 'Customers'], { fullDisk: true, env: { PINLIST_TEST_ENOSPC: `^${path.join(data, 'tmp')}/` } });
    expect(tmpFull.code).toBe(1);
    expect(tmpFull.stderr).toMatch(new RegExp(`^error\\[DISK_FULL\\]: The disk .*${path.join(data, 'tmp')}.* is full.*Nothing was imported; the list is unchanged`));

    const dbFull = await pinlist(['--data-dir', data, 'import', csv(dir, 'new.csv', 20_000), '--list', 'Customers'], { fullDisk: true, env: { PINLIST_TEST_SQLITE_FULL: '1' } });
    expect(dbFull.code).toBe(1);
    expect(dbFull.stderr).toMatch(new RegExp(`^error\\[DISK_FULL\\]: The disk .*holding ${data}\\).* is full|^error\\[DISK_FULL\\]: The disk holding ${data} is full`));
    expect(dbFull.stderr).toMatch(/nothing|unchanged/i);
    expect(await members(data)).toBe(2000);
  }, 120_000);

  it('a valid workbook on a full disk is DISK_FULL, not FILE_BAD_XLSX', async () => {
    const { dir, data } = await seeded();
    const { writeXlsx } = await import('../fixtures/generate.js');
    const workbook = await writeXlsx(dir, 'customers.xlsx', [['Email'], ...Array.from({ length: 3000 }, (_, i) => [`w${i}@example.com`])]);
    const result = await pinlist(['--data-dir', data, 'import', workbook, '--list', 'Customers'], { fullDisk: true, env: { PINLIST_TEST_ENOSPC: `^${path.join(data, 'tmp')}/` } });
    // A reader that needs no temp files imports it; one that does must say DISK_FULL.
    if (result.code !== 0) expect(result.stderr).toMatch(/^error\[DISK_FULL\]/);
    expect(result.stderr).not.toMatch(/FILE_BAD_XLSX/);
  }, 120_000);

  it('export writes straight to --out: a full destination is DISK_FULL naming it, and the data folder is not used', async () => {
    const { dir, data } = await seeded();
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir);
    const out = path.join(outDir, 'emails.csv');
    const full = await pinlist(['--data-dir', data, 'export', 'Customers', '--kind', 'email', '--out', out], { fullDisk: true, env: { PINLIST_TEST_ENOSPC: `^${outDir}/` } });
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(new RegExp(`^error\\[DISK_FULL\\]: The disk .*${outDir}.* is full.*No file was written`));
    expect(listing(outDir)).toEqual([]);

    // The data folder's disk full, the destination's not: the export does not go through it.
    const ok = await pinlist(['--data-dir', data, 'export', 'Customers', '--kind', 'email', '--out', out], { fullDisk: true, env: { PINLIST_TEST_ENOSPC: `^${data}/` } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(out, 'latin1').split('\n')).toHaveLength(2001);
    expect(listing(path.join(data, 'exports'))).toEqual([]);
  }, 120_000);

  it('a browser upload on a full disk answers DISK_FULL and leaves nothing in uploads/', async () => {
    const { data } = await seeded();
    const server = serve(data, { fullDisk: true, env: { PINLIST_TEST_ENOSPC: `^${path.join(data, 'uploads')}/` } });
    try {
      const { port, cookie } = await server.started;
      const upload = await post(port, cookie, '/api/upload?name=customers.csv', 'email\nsomeone@example.com\n');
      const result = JSON.parse(upload.text) as { ok: boolean; error?: { code: string; message: string } };
      expect(result).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
      expect(result.error!.message).toMatch(/uploads.* is full|is full.*uploads/);
      expect(listing(path.join(data, 'uploads'))).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expectNoStackTrace(server.stderr());
  }, 120_000);

  it('sync: SQLITE_FULL is DISK_FULL, not INTERNAL', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const fake = await startFakePinterest();
    try {
      fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Main' });
      const core = new Core({ dataDir: data, surface: 'cli' });
      makeList(core.db, 'Customers', { email: hashes(3000, 1) });
      await core.close();
      const result = await pinlist(['--data-dir', data, 'sync', 'Customers', '--ad-account', AD_ACCOUNT], {
        fullDisk: true,
        env: {
          PINLIST_TEST_SQLITE_FULL: '1',
          PINLIST_KEYCHAIN_SERVICE: `pinlist-test-${process.pid}`,
          PINTEREST_API_BASE: fake.baseUrl,
          PINTEREST_OAUTH_URL: fake.oauthUrl,
          PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken,
        },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error\\[DISK_FULL\\]: .*The disk .*holding ${data}\\) is full`));
      expect(result.stderr).not.toMatch(/INTERNAL/);
    } finally {
      await fake.close();
    }
  }, 120_000);
});

describe('a damaged or read-only database', () => {
  it('an overwritten pinlist.db: every command says DATABASE_DAMAGED with the file and `pinlist db restore`; restore brings the list back', async () => {
    const { data } = await seeded();
    // The first start of the day on an existing database makes the daily backup.
    expect((await pinlist(['--data-dir', data, 'lists'])).code).toBe(0);
    expect(listBackups(data)).toHaveLength(1);
    const database = path.join(data, 'pinlist.db');
    fs.writeFileSync(database, Buffer.alloc(64 * 1024, 'x'));

    for (const args of [['lists'], ['export', 'Customers', '--kind', 'email', '--out', path.join(data, '..', 'x.csv')], ['show', 'Customers']]) {
      const result = await pinlist(['--data-dir', data, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/^error\[DATABASE_DAMAGED\]: /);
      expect(result.stderr).toContain(database);
      expect(result.stderr).toMatch(/pinlist db restore.*at most a day/);
    }
    // info still says where things are, then what is wrong.
    const info = await pinlist(['--data-dir', data, 'info']);
    expect(info.code).toBe(1);
    expect(info.stdout).toContain(`Data folder: ${data}`);
    expect(info.stderr).toMatch(/^error\[DATABASE_DAMAGED\]/);

    const check = await pinlist(['--data-dir', data, 'db', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/is damaged/);
    expect(check.stdout).toContain(listBackups(data)[0]!.name);

    const restore = await pinlist(['--data-dir', data, 'db', 'restore']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored the database from pinlist-.*kept as .*pinlist\.db\.damaged-/);
    expect(await members(data)).toBe(2000);
    expect((await pinlist(['--data-dir', data, 'db', 'check'])).code).toBe(0);
  }, 120_000);

  it('a truncated pinlist.db and an emptied one are DATABASE_DAMAGED too, never a silent new database', async () => {
    const { data } = await seeded();
    expect((await pinlist(['--data-dir', data, 'lists'])).code).toBe(0);
    const database = path.join(data, 'pinlist.db');
    const size = fs.statSync(database).size;
    fs.truncateSync(database, Math.floor(size / 3));
    const truncated = await pinlist(['--data-dir', data, 'lists']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^error\[DATABASE_DAMAGED\]/);

    fs.truncateSync(database, 0);
    const emptied = await pinlist(['--data-dir', data, 'lists']);
    expect(emptied.code).toBe(1);
    expect(emptied.stderr).toMatch(/^error\[DATABASE_DAMAGED\]: .*is empty/);
  }, 120_000);

  it('damage in the middle: export says DATABASE_DAMAGED (checked with quick_check), no stack trace', async () => {
    const { dir, data } = await seeded(60_000);
    const database = path.join(data, 'pinlist.db');
    // Fold the WAL in, then overwrite the middle third of the file's pages.
    const db = openDatabase(database);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = fs.statSync(database).size;
    const fd = fs.openSync(database, 'r+');
    fs.writeSync(fd, Buffer.alloc(Math.floor(size / 3), 0xa5), 0, Math.floor(size / 3), Math.floor(size / 3));
    fs.closeSync(fd);
    const result = await pinlist(['--data-dir', data, 'export', 'Customers', '--kind', 'email', '--out', path.join(dir, 'out.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error\[DATABASE_DAMAGED\]: The database .*pinlist\.db is damaged/);
  }, 120_000);

  it('serve starts on a damaged database and says what is wrong; its calls answer DATABASE_DAMAGED', async () => {
    const { data } = await seeded();
    fs.writeFileSync(path.join(data, 'pinlist.db'), 'not a database at all'.repeat(500));
    const server = serve(data);
    try {
      const { port, cookie } = await server.started;
      const call = await post(port, cookie, '/api/call/lists.list', '{}', 'application/json');
      expect(JSON.parse(call.text)).toMatchObject({ ok: false, error: { code: 'DATABASE_DAMAGED' } });
      expect(server.stderr()).toMatch(/^error\[DATABASE_DAMAGED\]/m);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expectNoStackTrace(server.stderr());
  }, 120_000);

  it('a read-only data folder with a database says DATA_DIR_READ_ONLY', async () => {
    const { dir, data } = await seeded();
    // root ignores permissions: run the command as nobody then, with the folders readable to it.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // The data folder's, and the checkout's too: a clone made in `mktemp -d` is 0700, where nobody
      // could not load the CLI at all.
      for (const start of [dir, repoRoot]) {
        for (let at = start; at !== path.dirname(at); at = path.dirname(at)) fs.chmodSync(at, fs.statSync(at).mode | 0o005);
      }
      for (const name of fs.readdirSync(data)) fs.chmodSync(path.join(data, name), 0o644 | (fs.statSync(path.join(data, name)).isDirectory() ? 0o111 : 0));
    }
    fs.chmodSync(data, 0o555);
    try {
      const result = await pinlist(['--data-dir', data, 'lists'], { ...(asRoot ? { uid: 65534 } : {}), env: { HOME: dir } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error\\[DATA_DIR_READ_ONLY\\]: The data folder ${data} is read-only.*--data-dir`));
    } finally {
      fs.chmodSync(data, 0o755);
    }
  }, 120_000);

  it('backs the database up before a migration, and keeps the newest seven backups', async () => {
    const data = tempDir();
    const older = openDatabase(path.join(data, 'pinlist.db'), { migrations: migrations.slice(0, -1) });
    older.close();
    const core = new Core({ dataDir: data, surface: 'cli' });
    await core.close();
    const backups = listBackups(data);
    expect(backups.map((backup) => backup.name)).toEqual([expect.stringMatching(new RegExp(`before-schema-${migrations.at(-1)!.version}`))]);
    const copy = new Database(backups[0]!.path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(migrations.length - 1);
    copy.close();

    // Ten more backups: only the newest seven stay.
    const { backupDatabase } = await import('../../electron/core/db/backups.js');
    const db = openDatabase(path.join(data, 'pinlist.db'));
    for (let i = 0; i < 10; i++) await backupDatabase(db, data);
    db.close();
    expect(listBackups(data)).toHaveLength(7);
  }, 120_000);
});

describe('browser mode refusals through the CLI', () => {
  it('a badly encoded channel is a 400; a used port is PORT_IN_USE with another port suggested; no stack traces', async () => {
    const { data } = await seeded();
    const server = serve(data);
    try {
      const { port, cookie } = await server.started;
      const bad = await post(port, cookie, '/api/call/%E0%A4%A', '{}', 'application/json');
      expect(bad.status).toBe(400);
      const second = await pinlist(['--data-dir', data, 'serve', '--port', String(port)]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`^error\\[PORT_IN_USE\\]: Port ${port} .*in use.*--port \\d+`));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expectNoStackTrace(server.stderr());
  }, 120_000);
});
