/**
 * Secrets and privacy, end to end, as a user runs Pinlist: connect (OAuth with an app secret into a
 * real OS keychain where one is reachable, else a PINTEREST_ACCESS_TOKEN), import a CSV and an XLSX
 * of known customers, sync to the fake Pinterest through a recording proxy, export hashes and
 * rejects. Then every file in the data folder (database, WAL, config.json, temp), the OS temp
 * folder the CLI used, the exports, the CLI's stdout/stderr and every byte sent over the wire are
 * searched for the tokens, the app secret and the plaintext of every valid email and ad ID. Only
 * rejected rows' raw values may be stored (the rejects table and its export). With the plaintext
 * setting on, the same search must find the plaintext: the search itself is shown to work.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keychain, SECRET_ACCOUNTS } from '../../electron/core/auth/keychain.js';
import { csvText, writeXlsx } from '../fixtures/generate.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { allFiles, followAuthorizeRedirect, freePort } from './helpers/auth-fixtures.js';
import { startTestKeychain } from './helpers/secret-service.js';
import { childScriptArgs } from '../helpers/child-process.js';

const { keychain: testKeychain, reason: keychainReason } = await startTestKeychain();
if (!testKeychain) {
  console.warn(`privacy test: no OS keychain (${keychainReason ?? 'unknown'}): connecting with PINTEREST_ACCESS_TOKEN instead of OAuth + keychain`);
}
afterAll(async () => {
  await testKeychain?.stop();
});

const runner = fileURLToPath(new URL('./helpers/run-cli.ts', import.meta.url));
const APP = { appId: '5551234', appSecret: 'privacy-app-secret-3f9a2c71' };
const AD_ACCOUNT = '549755885175';

/** Valid rows: each column's raw cell and what it normalizes to. */
const VALID = [
  { email: ' Ann.Privacy+promo@Example.COM ', emailNorm: 'ann.privacy+promo@example.com', gaid: '6D92078A-8246-4BA4-AE5B-76104861E7DC', idfa: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
  { email: 'bob.secretive@privacy-test.org', emailNorm: 'bob.secretive@privacy-test.org', gaid: '38400000-8cf0-11bd-b23e-10b96e40000d', idfa: 'F00DFACE-1234-4321-ABCD-0123456789AB' },
  { email: 'Zoë.Hidden@Exämple.de', emailNorm: 'zoë.hidden@exämple.de', gaid: '1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', idfa: '0A1B2C3D-4E5F-6A7B-8C9D-AEBFC0D1E2F3' },
  { email: 'mailto:carol.quiet@example.net', emailNorm: 'carol.quiet@example.net', gaid: '', idfa: '' },
];
/** Rejected rows: their raw values may be kept (rejects table and export), nothing else may be. */
const REJECTED = [
  { email: '=HYPERLINK("http://evil.example","click")', gaid: 'not-an-ad-id', idfa: '' },
  { email: '+15551234567', gaid: '00000000-0000-0000-0000-000000000000', idfa: '' },
  { email: 'two@a.com;three@b.com', gaid: '', idfa: '@SUM(1+1)' },
];

const sha256 = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest('hex');
const expectedHashes = {
  email: VALID.map((row) => sha256(row.emailNorm)),
  gaid: VALID.filter((row) => row.gaid).map((row) => sha256(row.gaid.toLowerCase())),
  idfa: VALID.filter((row) => row.idfa).map((row) => sha256(row.idfa.toUpperCase())),
};

/** Every valid member in every form it could leak in: as typed in the file and as normalized. */
function plaintextNeedles(): string[] {
  const needles = new Set<string>();
  for (const row of VALID) {
    for (const value of [row.email.trim(), row.emailNorm, row.gaid, row.gaid.toLowerCase(), row.idfa, row.idfa.toUpperCase()]) {
      if (value) needles.add(value);
    }
  }
  return [...needles];
}

interface Leak {
  where: string;
  needle: string;
}

/** Finds needles in bytes: UTF-8 and UTF-16LE, ignoring ASCII case (plaintext may be stored in either case). */
function findNeedles(bytes: Buffer, needles: readonly string[], where: string): Leak[] {
  const haystacks = [bytes.toString('utf8').toLowerCase(), bytes.toString('utf16le').toLowerCase(), bytes.toString('latin1').toLowerCase()];
  const leaks: Leak[] = [];
  for (const needle of needles) {
    const lower = needle.toLowerCase();
    if (haystacks.some((haystack) => haystack.includes(lower))) leaks.push({ where, needle });
  }
  return leaks;
}

function scanFiles(files: readonly string[], needles: readonly string[], base: string): Leak[] {
  return files.flatMap((file) => (fs.existsSync(file) ? findNeedles(fs.readFileSync(file), needles, path.relative(base, file)) : []));
}

/** A pass-through proxy in front of the fake Pinterest that keeps every request as sent. */
async function startRecordingProxy(target: FakePinterest) {
  const seen: { method: string; url: string; headers: string; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: JSON.stringify(req.headers), body });
      const upstream = http.request(
        { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target.port}` } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v5`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('secrets and privacy over a full journey (CLI processes, fake Pinterest)', () => {
  let root: string;
  let dataDir: string;
  let osTemp: string;
  let inputDir: string;
  let outDir: string;
  let fake: FakePinterest;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let keychain: Keychain | null;
  let env: NodeJS.ProcessEnv;
  const outputs: string[] = [];

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-privacy-'));
    dataDir = path.join(root, 'data');
    osTemp = path.join(root, 'os-tmp');
    inputDir = path.join(root, 'input');
    outDir = path.join(root, 'out');
    for (const dir of [osTemp, inputDir, outDir]) fs.mkdirSync(dir, { recursive: true });
    fake = await startFakePinterest();
    fake.state.registerApp(APP);
    fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Main' });
    proxy = await startRecordingProxy(fake);
    const service = testKeychain ? testKeychain.service() : null;
    keychain = service ? new Keychain({ service }) : null;
    const { PINTEREST_ACCESS_TOKEN: _ignored, ...inherited } = process.env;
    env = {
      ...inherited,
      ...(testKeychain?.env ?? {}),
      PINLIST_DATA_DIR: dataDir,
      PINLIST_KEYCHAIN_SERVICE: service ?? `PinlistTest-privacy-${process.pid}`,
      PINTEREST_API_BASE: proxy.baseUrl,
      PINTEREST_OAUTH_URL: fake.oauthUrl,
      // The CLI's own temp files (and its libraries', e.g. exceljs) land here, where the test looks.
      TMPDIR: osTemp,
      TEMP: osTemp,
      TMP: osTemp,
    };
    outputs.length = 0;
  });

  afterEach(async () => {
    if (keychain) for (const name of Object.keys(SECRET_ACCOUNTS) as (keyof typeof SECRET_ACCOUNTS)[]) keychain.delete(name);
    await proxy.close();
    await fake.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  function start(args: string[], input = '', extraEnv: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, [...childScriptArgs(runner), ...args], { env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input);
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        outputs.push(`$ pinlist ${args.join(' ')}\n${stdout}\n${stderr}`);
        resolve({ code, stdout, stderr });
      });
    });
    return { done, stdout: () => stdout };
  }

  async function pinlist(args: string[], input = '', extraEnv: NodeJS.ProcessEnv = {}) {
    const run = await start(args, input, extraEnv).done;
    expect(run.code, `pinlist ${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run;
  }

  /** Connects like a user: OAuth with the app secret into the keychain, or an env token. Returns the secrets to look for. */
  async function connect(): Promise<{ secrets: string[]; extraEnv: NodeJS.ProcessEnv }> {
    if (!keychain) {
      const issued = fake.state.issueToken();
      const extraEnv = { PINTEREST_ACCESS_TOKEN: issued.accessToken };
      await pinlist(['auth', 'status', '--verify'], '', extraEnv);
      return { secrets: [issued.accessToken], extraEnv };
    }
    const redirectUri = `http://localhost:${await freePort()}/`;
    const login = start(['auth', 'login', '--app-id', APP.appId, '--redirect-uri', redirectUri, '--no-open'], `${APP.appSecret}\n`);
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/\?\S+)/.exec(login.stdout());
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      void login.done.then((run) => {
        clearInterval(timer);
        reject(new Error(`pinlist auth login exited early: ${run.stderr}`));
      });
    });
    expect((await followAuthorizeRedirect(authorizeUrl)).status).toBe(200);
    expect((await login.done).code).toBe(0);
    const tokenOf = (name: 'accessToken' | 'refreshToken') => {
      const stored = keychain!.get(name);
      expect(stored, `${name} in the keychain`).toBeTruthy();
      const parsed = JSON.parse(stored!) as { token?: string } | string;
      return typeof parsed === 'string' ? parsed : parsed.token!;
    };
    const secrets = [tokenOf('accessToken'), tokenOf('refreshToken'), APP.appSecret];
    expect(keychain.get('appSecret')).toBe(APP.appSecret);
    for (const secret of secrets) expect(secret.length).toBeGreaterThan(12);
    return { secrets, extraEnv: {} };
  }

  function writeCustomerCsv(name: string): string {
    const rows = [['Email', 'GAID', 'IDFA', 'Note'], ...[...VALID, ...REJECTED].map((row, i) => [row.email, row.gaid, row.idfa, `row ${i}`])];
    const file = path.join(inputDir, name);
    fs.writeFileSync(file, csvText(rows));
    return file;
  }

  async function writeCustomerXlsx(name: string): Promise<string> {
    const rows = [['Email', 'GAID', 'IDFA'], ...VALID.map((row) => [row.email, row.gaid, row.idfa])];
    return writeXlsx(inputDir, name, rows);
  }

  it('leaves no token, app secret or valid plaintext anywhere but the keychain, and sends only hashes', async () => {
    const { secrets, extraEnv } = await connect();
    const run = (args: string[]) => pinlist(args, '', extraEnv);

    await run(['import', writeCustomerCsv('customers.csv'), '--list', 'Privacy', '--json']);
    await run(['import', await writeCustomerXlsx('customers.xlsx'), '--list', 'Privacy XLSX']);
    // Keep a connection open from here on, so the WAL is not checkpointed away before the scan.
    const holder = new Database(path.join(dataDir, 'pinlist.db'));
    holder.prepare('SELECT count(*) FROM lists').get();
    try {
      await run(['settings', 'set', 'theme', 'dark']);
      const sync = JSON.parse((await run(['sync', 'Privacy', '--ad-account', AD_ACCOUNT, '--json'])).stdout) as { added: number };
      expect(sync.added).toBe(expectedHashes.email.length + expectedHashes.gaid.length + expectedHashes.idfa.length);
      for (const kind of ['email', 'gaid', 'idfa'] as const) {
        await run(['export', 'Privacy', '--kind', kind, '--out', path.join(outDir, `${kind}.csv`)]);
        const exported = fs.readFileSync(path.join(outDir, `${kind}.csv`), 'utf8').trim().split(/\r?\n/);
        expect(exported.sort()).toEqual([...expectedHashes[kind]].sort());
      }
      await run(['rejects', 'Privacy', '--out', path.join(outDir, 'rejects.csv')]);
      await run(['lists']);
      await run(['show', 'Privacy']);

      const needles = [...secrets, ...plaintextNeedles()];
      const dataFiles = allFiles(dataDir);
      expect(dataFiles.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['pinlist.db', 'pinlist.db-wal', 'config.json']));
      expect(fs.statSync(path.join(dataDir, 'pinlist.db-wal')).size).toBeGreaterThan(0);
      const leaks = [
        ...scanFiles(dataFiles, needles, root),
        ...scanFiles(allFiles(osTemp), needles, root),
        ...scanFiles(allFiles(outDir), needles, root),
        ...outputs.flatMap((text, i) => findNeedles(Buffer.from(text), needles, `CLI output ${i}`)),
      ];
      expect(leaks).toEqual([]);
      // The same search does read the database and its WAL: the rejected raw values are found there.
      const stored = scanFiles(dataFiles.filter((file) => path.basename(file).startsWith('pinlist.db')), ['two@a.com;three@b.com', 'not-an-ad-id'], root);
      expect(new Set(stored.map((leak) => leak.needle))).toEqual(new Set(['two@a.com;three@b.com', 'not-an-ad-id']));
      console.log(
        `privacy journey (${keychain ? 'OAuth + OS keychain' : 'PINTEREST_ACCESS_TOKEN'}): searched ${dataFiles.length} data files, ` +
          `${allFiles(osTemp).length} OS temp files, ${allFiles(outDir).length} exports, ${outputs.length} CLI outputs and ${proxy.seen.length} requests ` +
          `for ${secrets.length} secrets and ${plaintextNeedles().length} plaintext values: none found`,
      );

      // Rejected rows are kept, raw, where the user can fix them, and their export is injection-safe.
      const rejects = fs.readFileSync(path.join(outDir, 'rejects.csv'), 'utf8');
      expect(rejects).toContain('two@a.com;three@b.com');
      expect(rejects).not.toMatch(/(^|,)"?[=+@-]/m);
      expect(rejects).toContain(`'=HYPERLINK`);

      // Over the wire: records only as 64 lowercase hex, and no plaintext or stored secret anywhere else.
      const writes = fake.state.requests.filter((request) => request.operation?.startsWith('customer_lists/') && request.records !== null);
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.every((request) => request.status === 200)).toBe(true);
      expect(fake.violations).toEqual([]);
      const sent = new Set<string>();
      for (const request of proxy.seen) {
        if (!request.url.includes('/customer_lists')) continue;
        const body = request.body.length > 0 ? (JSON.parse(request.body.toString('utf8')) as { records?: string }) : {};
        if (body.records === undefined) continue;
        for (const record of body.records.split(',')) {
          expect(record).toMatch(/^[0-9a-f]{64}$/);
          sent.add(record);
        }
      }
      expect([...sent].sort()).toEqual([...expectedHashes.email, ...expectedHashes.gaid, ...expectedHashes.idfa].sort());
      const wireLeaks = proxy.seen.flatMap((request, i) =>
        findNeedles(Buffer.concat([Buffer.from(`${request.method} ${request.url}\n${request.headers}\n`), request.body]), plaintextNeedles(), `request ${i} ${request.url}`),
      );
      expect(wireLeaks).toEqual([]);
    } finally {
      holder.close();
    }
  }, 180_000);

  it('with the plaintext setting on, the same search does find the plaintext (the search works)', async () => {
    const { extraEnv } = await connect();
    await pinlist(['settings', 'set', 'keepPlaintext', 'true'], '', extraEnv);
    await pinlist(['import', writeCustomerCsv('customers.csv'), '--list', 'Plain'], '', extraEnv);
    const found = new Set(scanFiles(allFiles(dataDir), plaintextNeedles(), root).map((leak) => leak.needle.toLowerCase()));
    for (const row of VALID) expect(found, row.emailNorm).toContain(row.emailNorm.toLowerCase());
  }, 120_000);
});
