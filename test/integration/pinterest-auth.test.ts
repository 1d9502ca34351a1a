import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionFor, PinterestConnection } from '../../electron/core/auth/connection.js';
import { Keychain, SECRET_ACCOUNTS } from '../../electron/core/auth/keychain.js';
import { Core } from '../../electron/core/core.js';
import { isPinlistError } from '../../shared/errors.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { allFiles, followAuthorizeRedirect, freePort, makeTempDir } from './helpers/auth-fixtures.js';
import { startTestKeychain } from './helpers/secret-service.js';

const { keychain: testKeychain, reason } = await startTestKeychain();
if (!testKeychain) console.warn(`Skipping the Pinterest connection tests: they store tokens in the OS keychain, and ${reason ?? 'none is reachable'}`);

afterAll(async () => {
  await testKeychain?.stop();
});

const APP = { appId: '1234567', appSecret: 'app-secret-3f9d2c7e1b' };
const ACCOUNT = '549755885175';
const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(!testKeychain)('the Pinterest connection (fake Pinterest, real keychain, real SQLite)', () => {
  let fake: FakePinterest;
  let dataDir: string;
  let core: Core;
  let service: string;
  let keychain: Keychain;
  let env: NodeJS.ProcessEnv;
  let redirectUri: string;

  beforeEach(async () => {
    fake = await startFakePinterest();
    fake.state.registerApp(APP);
    fake.state.addAdAccount({ id: ACCOUNT, name: 'Main' });
    dataDir = makeTempDir();
    service = testKeychain!.service();
    keychain = new Keychain({ service });
    env = { PINLIST_KEYCHAIN_SERVICE: service, PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl };
    core = new Core({ dataDir, surface: 'cli', env });
    redirectUri = `http://localhost:${await freePort()}/`;
  });

  afterEach(async () => {
    await connectionFor(core).close();
    await core.close();
    for (const name of Object.keys(SECRET_ACCOUNTS) as (keyof typeof SECRET_ACCOUNTS)[]) keychain.delete(name);
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A connection with its own clock, for expiry without waiting. */
  function connectionAt(now: () => number): PinterestConnection {
    return new PinterestConnection({ db: core.db, env, now });
  }

  function storedRefreshToken(): string | null {
    const text = keychain.get('refreshToken');
    return text === null ? null : (JSON.parse(text) as { token: string }).token;
  }

  function storedAccessToken(): string | null {
    const text = keychain.get('accessToken');
    return text === null ? null : (JSON.parse(text) as { token: string }).token;
  }

  async function signIn(connection = connectionFor(core)) {
    let authorizeUrl = '';
    const status = await connection.login({
      appId: APP.appId,
      appSecret: APP.appSecret,
      redirectUri,
      openUrl: async (url) => {
        authorizeUrl = url;
        const back = await followAuthorizeRedirect(url);
        expect(back.status).toBe(200);
        expect(back.page).toMatch(/You can close this tab/);
      },
    });
    return { status, authorizeUrl };
  }

  it('connects with a pasted token: checks it, keeps it in the keychain, learns the account', async () => {
    const issued = fake.state.issueToken();
    const status = await connectionFor(core).connectWithToken({ accessToken: issued.accessToken, refreshToken: issued.refreshToken });
    expect(status).toMatchObject({
      connected: true,
      source: 'keychain',
      method: 'token',
      account: { username: 'pinlist_demo', accountType: 'BUSINESS' },
      expiresAt: null,
      canRefresh: false,
      keychain: 'available',
    });
    expect(storedAccessToken()).toBe(issued.accessToken);
    expect(storedRefreshToken()).toBe(issued.refreshToken);
    const accounts = await connectionFor(core).client().listAdAccounts();
    expect(accounts.map((a) => a.id)).toEqual([ACCOUNT]);
  });

  it('refuses a pasted token Pinterest does not accept, storing nothing', async () => {
    const error = await connectionFor(core)
      .connectWithToken({ accessToken: 'pina_NotATokenPinterestKnows0123456789' })
      .catch((caught: unknown) => caught);
    expect(isPinlistError(error) && error.code).toBe('AUTH_FAILED');
    expect((error as Error).message).not.toContain('pina_NotATokenPinterestKnows0123456789');
    expect(keychain.get('accessToken')).toBeNull();
    expect((await connectionFor(core).status()).connected).toBe(false);
  });

  it('signs in with OAuth end to end through the loopback listener', async () => {
    const { status, authorizeUrl } = await signIn();
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(fake.oauthUrl);
    expect(url.searchParams.get('client_id')).toBe(APP.appId);
    expect(url.searchParams.get('consumer_id')).toBe(APP.appId);
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('ads:read,ads:write,user_accounts:read');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(status).toMatchObject({ connected: true, source: 'keychain', method: 'oauth', appId: APP.appId, redirectUri, canRefresh: true, missingScopes: [] });
    expect(status.account?.username).toBe('pinlist_demo');
    expect(Date.parse(status.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * DAY);
    expect(keychain.get('appSecret')).toBe(APP.appSecret);
    expect(storedAccessToken()).toMatch(/^pina_/);
    expect(fake.violations).toEqual([]);
    // The listener is gone once it has its answer.
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('refuses an answer whose state does not match, and stores nothing', async () => {
    const connection = connectionFor(core);
    await connection.startOAuth({ appId: APP.appId, appSecret: APP.appSecret, redirectUri });
    const forged = await fetch(`${redirectUri}?code=stolen-code&state=not-the-state`);
    expect(forged.status).toBe(400);
    const error = await connection.completeOAuth().catch((caught: unknown) => caught);
    expect(isPinlistError(error) && error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(keychain.get('accessToken')).toBeNull();
    expect(keychain.get('appSecret')).toBeNull();
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(0);
  });

  it('reports a declined sign-in and one that times out', async () => {
    fake.state.authorizeDecision = 'deny';
    const declined = await signIn().catch((caught: unknown) => caught);
    expect(isPinlistError(declined) && declined.code).toBe('AUTH_FAILED');
    expect((declined as Error).message).toMatch(/declined/);

    const connection = connectionFor(core);
    await connection.startOAuth({ appId: APP.appId, appSecret: APP.appSecret, redirectUri, timeoutMs: 50 });
    await expect(connection.completeOAuth()).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/not finished/) });
  });

  it('refreshes ahead of expiry and stores the rotated refresh token', async () => {
    await signIn();
    const firstRefresh = storedRefreshToken()!;
    const firstAccess = storedAccessToken()!;
    // Half a day before the 30-day token expires.
    const later = connectionAt(() => Date.now() + 29.5 * DAY);
    const user = await later.client().getUserAccount();
    expect(user.username).toBe('pinlist_demo');
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(2); // sign-in + refresh
    expect(storedAccessToken()).not.toBe(firstAccess);
    expect(storedRefreshToken()).not.toBe(firstRefresh);
    expect(fake.state.refreshTokens.get(firstRefresh)?.used).toBe(true);
    expect(fake.state.refreshTokens.get(storedRefreshToken()!)?.used).toBe(false);
    // Not due yet: no refresh.
    await connectionFor(core).client().getUserAccount();
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(2);
  });

  it('refreshes once after a 401, retries the call, and stores the rotated refresh token', async () => {
    await signIn();
    const firstRefresh = storedRefreshToken()!;
    fake.faults.set({ expireTokenNext: true });
    const accounts = await connectionFor(core).client().listAdAccounts();
    expect(accounts.map((a) => a.id)).toEqual([ACCOUNT]);
    expect(fake.state.countRequests({ operation: 'ad_accounts/list', status: 401 })).toBe(1);
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(2);
    // The old refresh token no longer works at Pinterest; the new one is in the keychain.
    const reuse = await fetch(`${fake.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${APP.appId}:${APP.appSecret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: firstRefresh }).toString(),
    });
    expect(reuse.status).toBe(401);
    expect(storedRefreshToken()).not.toBe(firstRefresh);
    expect(fake.state.refreshTokens.get(storedRefreshToken()!)?.used).toBe(false);
    expect(connectionFor(core).facts.get()?.refreshedAt).not.toBeNull();
  });

  it('shares one refresh between concurrent calls that all got a 401', async () => {
    await signIn();
    fake.state.expireAccessToken();
    const client = connectionFor(core).client();
    const answers = await Promise.all([client.getUserAccount(), client.listAdAccounts(), client.listCustomerLists(ACCOUNT)]);
    expect(answers[0].username).toBe('pinlist_demo');
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(2);
  });

  it('turns a refused refresh into AUTH_EXPIRED and leaves local data alone', async () => {
    await signIn();
    core.db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('Kept', '2025-01-01', '2025-01-01')").run();
    const refresh = storedRefreshToken()!;
    fake.state.refreshTokens.get(refresh)!.used = true; // as if it had been revoked
    fake.state.expireAccessToken();
    const error = await connectionFor(core)
      .client()
      .listAdAccounts()
      .catch((caught: unknown) => caught);
    expect(isPinlistError(error) && error.code).toBe('AUTH_EXPIRED');
    expect((error as Error).message).toMatch(/Connect to Pinterest again/);
    expect((error as Error).message).not.toContain(refresh);
    expect(core.db.prepare('SELECT name FROM lists').all()).toEqual([{ name: 'Kept' }]);
    expect(storedRefreshToken()).toBe(refresh);
    expect(connectionFor(core).facts.get()?.appId).toBe(APP.appId);
  });

  it('AUTH_EXPIRED for an expired token that cannot be renewed, before calling Pinterest', async () => {
    await signIn();
    keychain.delete('refreshToken');
    const later = connectionAt(() => Date.now() + 31 * DAY);
    const before = fake.state.requests.length;
    await expect(later.client().getUserAccount()).rejects.toMatchObject({ code: 'AUTH_EXPIRED', message: expect.stringMatching(/no refresh token/) });
    expect(fake.state.requests.length).toBe(before);
    expect((await later.status()).connected).toBe(false);
  });

  it('uses PINTEREST_ACCESS_TOKEN first and never stores it', async () => {
    const issued = fake.state.issueToken();
    const withEnv = new PinterestConnection({ db: core.db, env: { ...env, PINTEREST_ACCESS_TOKEN: issued.accessToken } });
    const status = await withEnv.status({ verify: true });
    expect(status).toMatchObject({ connected: true, source: 'env', verified: true, account: { username: 'pinlist_demo' } });
    expect((await withEnv.client().listAdAccounts()).map((a) => a.id)).toEqual([ACCOUNT]);
    expect(keychain.get('accessToken')).toBeNull();
    fake.state.expireAccessToken(issued.accessToken);
    await expect(withEnv.client().getUserAccount()).rejects.toMatchObject({ code: 'AUTH_EXPIRED', message: expect.stringMatching(/PINTEREST_ACCESS_TOKEN/) });
  });

  it('says NOT_CONNECTED before any call when there is no token', async () => {
    expect(() => connectionFor(core).client()).toThrow(expect.objectContaining({ code: 'NOT_CONNECTED' }));
    expect(await connectionFor(core).status()).toMatchObject({ connected: false, source: null, keychain: 'available' });
  });

  it('logs out: removes every secret from the keychain and forgets the connection', async () => {
    await signIn();
    expect(connectionFor(core).logout()).toEqual({ removed: true, envTokenSet: false });
    for (const name of Object.keys(SECRET_ACCOUNTS) as (keyof typeof SECRET_ACCOUNTS)[]) expect(keychain.get(name)).toBeNull();
    expect(connectionFor(core).facts.get()).toBeNull();
    expect((await connectionFor(core).status()).connected).toBe(false);
    expect(connectionFor(core).logout().removed).toBe(false);
  });

  it('leaves no token or app secret in any file of the data folder', async () => {
    await signIn();
    fake.faults.set({ expireTokenNext: true });
    await connectionFor(core).client().listAdAccounts(); // a refresh too
    const secrets = [storedAccessToken()!, storedRefreshToken()!, APP.appSecret];
    const issued = [...fake.state.accessTokens.keys(), ...fake.state.refreshTokens.keys()];
    core.db.pragma('wal_checkpoint(PASSIVE)');
    const files = allFiles(dataDir);
    expect(files.some((file) => file.endsWith('pinlist.db'))).toBe(true);
    for (const file of files) {
      const content = fs.readFileSync(file).toString('latin1');
      for (const secret of [...secrets, ...issued]) expect(content.includes(secret), `${secret.slice(0, 6)}… found in ${file}`).toBe(false);
    }
    // What the database does keep.
    expect(connectionFor(core).facts.get()).toMatchObject({ method: 'oauth', appId: APP.appId, username: 'pinlist_demo' });
  });
});
