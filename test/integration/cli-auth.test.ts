import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keychain, SECRET_ACCOUNTS } from '../../electron/core/auth/keychain.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { allFiles, followAuthorizeRedirect, freePort, makeTempDir } from './helpers/auth-fixtures.js';
import { startTestKeychain } from './helpers/secret-service.js';
import { childScriptArgs } from '../helpers/child-process.js';

const { keychain: testKeychain, reason } = await startTestKeychain();
if (!testKeychain) console.warn(`Skipping the auth CLI tests: they store tokens in the OS keychain, and ${reason ?? 'none is reachable'}`);

afterAll(async () => {
  await testKeychain?.stop();
});

const runner = fileURLToPath(new URL('./helpers/run-cli.ts', import.meta.url));
const APP = { appId: '7654321', appSecret: 'cli-app-secret-8c1e4f' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.skipIf(!testKeychain)('pinlist auth / accounts (CLI process, fake Pinterest, real keychain)', () => {
  let fake: FakePinterest;
  let dataDir: string;
  let keychain: Keychain;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    fake = await startFakePinterest();
    fake.state.registerApp(APP);
    for (let i = 0; i < 300; i += 1) fake.state.addAdAccount({ id: String(800_000_000 + i), name: `Account ${i}` });
    dataDir = makeTempDir('pinlist-cli-auth-');
    const service = testKeychain!.service();
    keychain = new Keychain({ service });
    const { PINTEREST_ACCESS_TOKEN: _ignored, ...inherited } = process.env;
    env = {
      ...inherited,
      ...testKeychain!.env,
      PINLIST_DATA_DIR: dataDir,
      PINLIST_KEYCHAIN_SERVICE: service,
      PINTEREST_API_BASE: fake.baseUrl,
      PINTEREST_OAUTH_URL: fake.oauthUrl,
    };
  });

  afterEach(async () => {
    for (const name of Object.keys(SECRET_ACCOUNTS) as (keyof typeof SECRET_ACCOUNTS)[]) keychain.delete(name);
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function start(args: string[], input: string | null = '', extraEnv: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, [...childScriptArgs(runner), ...args], { env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (input !== null) child.stdin.end(input);
    const done = new Promise<Run>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    return { child, done, stdout: () => stdout };
  }

  const pinlist = (args: string[], input = '', extraEnv: NodeJS.ProcessEnv = {}) => start(args, input, extraEnv).done;

  it('auth token, auth status --json, accounts --json', async () => {
    const issued = fake.state.issueToken();
    const connected = await pinlist(['auth', 'token'], `${issued.accessToken}\n${issued.refreshToken}\n`);
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toMatch(/Connected to Pinterest as @pinlist_demo/);
    expect(connected.stdout).not.toContain(issued.accessToken);

    const status = await pinlist(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ connected: true, source: 'keychain', method: 'token', account: { username: 'pinlist_demo' } });
    expect(status.stdout).not.toContain(issued.accessToken);

    const human = await pinlist(['auth', 'status']);
    expect(human.stdout).toMatch(/connected as @pinlist_demo/);
    expect(human.stdout).toMatch(/Source: +system keychain \(pasted token/);

    const accounts = await pinlist(['accounts', '--json']);
    expect(accounts.code).toBe(0);
    const parsed = JSON.parse(accounts.stdout) as { adAccounts: { id: string; name: string }[] };
    expect(parsed.adAccounts).toHaveLength(300);
    expect(parsed.adAccounts[299]).toMatchObject({ id: '800000299', name: 'Account 299' });
    expect(fake.state.countRequests({ operation: 'ad_accounts/list' })).toBe(2);

    const table = await pinlist(['accounts']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +Name +Country/);

    for (const file of allFiles(dataDir)) {
      const content = fs.readFileSync(file).toString('latin1');
      expect(content.includes(issued.accessToken) || content.includes(issued.refreshToken), file).toBe(false);
    }
  });

  it('auth token: usage error without a token, AUTH_FAILED for one Pinterest refuses', async () => {
    const empty = await pinlist(['auth', 'token'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error\[USAGE\]: No access token given/);

    const bad = await pinlist(['auth', 'token'], 'pina_NotATokenPinterestKnows0123456789\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error\[AUTH_FAILED\]: /);
    expect(bad.stderr).not.toContain('NotATokenPinterestKnows');
  });

  it('accounts before connecting says how to connect; logout removes the secrets', async () => {
    const before = await pinlist(['accounts']);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/^error\[NOT_CONNECTED\]: .*pinlist auth login/);

    await pinlist(['auth', 'token'], `${fake.state.issueToken().accessToken}\n`);
    const out = await pinlist(['auth', 'logout']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Removed the Pinterest sign-in/);
    expect(keychain.get('accessToken')).toBeNull();
    expect(JSON.parse((await pinlist(['auth', 'status', '--json'])).stdout)).toMatchObject({ connected: false, source: null });
  });

  it('reports PINTEREST_ACCESS_TOKEN as the source without storing it', async () => {
    const token = fake.state.issueToken().accessToken;
    const status = await pinlist(['auth', 'status', '--json', '--verify'], '', { PINTEREST_ACCESS_TOKEN: token });
    expect(JSON.parse(status.stdout)).toMatchObject({ connected: true, source: 'env', verified: true, account: { username: 'pinlist_demo' } });
    expect(keychain.get('accessToken')).toBeNull();
  });

  /** The authorize URL the CLI prints; rejects (with its stderr) if the process ends first. */
  function authorizeUrlPrintedBy(run: { stdout(): string; done: Promise<{ stderr: string; code: number | null }> }): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/\?\S+)/.exec(run.stdout());
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      void run.done.then((result) => {
        clearInterval(timer);
        reject(new Error(`pinlist exited (${result.code}) before printing the address: ${result.stderr}`));
      });
    });
  }

  it('auth login: secret from a pipe, prints the address, finishes when the browser comes back', { timeout: 120_000 }, async () => {
    const redirectUri = `http://localhost:${await freePort()}/`;
    const login = start(['auth', 'login', '--app-id', APP.appId, '--redirect-uri', redirectUri, '--no-open'], `${APP.appSecret}\n`);
    const authorizeUrl = await authorizeUrlPrintedBy(login);
    const back = await followAuthorizeRedirect(authorizeUrl);
    expect(back.status).toBe(200);
    const run = await login.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Connected to Pinterest as @pinlist_demo\. The access token expires .* and renews automatically/);
    expect(keychain.get('appSecret')).toBe(APP.appSecret);

    // The secret is stored: a second login needs none.
    const again = start(['auth', 'login', '--app-id', APP.appId, '--redirect-uri', redirectUri, '--no-open'], '');
    const secondUrl = await authorizeUrlPrintedBy(again);
    await followAuthorizeRedirect(secondUrl);
    expect((await again.done).code).toBe(0);
    expect(fake.violations).toEqual([]);
  });
});
