import { isPinlistError, PinlistError } from '../../../shared/errors.js';
import { fixedToken, PinterestClient, REQUIRED_SCOPES, type PinterestClientOptions } from '../pinterest/client.js';
import { PinterestTransport, type TransportOptions } from '../pinterest/transport.js';
import type { UserAccount } from '../pinterest/types.js';
import type { Core, CoreService } from '../core.js';
import type { Db } from '../db/open.js';
import { ConnectionStore, type ConnectionFacts } from './connection-store.js';
import { Keychain, keychainServiceName, type SecretStore } from './keychain.js';
import { buildAuthorizeUrl, DEFAULT_OAUTH_URL, DEFAULT_REDIRECT_URI, listenForRedirect, newOAuthState, OAUTH_TIMEOUT_MS, parseRedirectUri, type RedirectListener } from './oauth.js';
import { exchangeCode, type AppCredentials } from './token-endpoint.js';
import { ENV_ACCESS_TOKEN, parseScopes, tokenSourceFor, TokenProvider, tokensFromResponse, type StoredTokens, type TokenSourceKind } from './tokens.js';
import type { OutputOf } from '../../../shared/contract/index.js';

export const DEFAULT_API_BASE = 'https://api.pinterest.com/v5';

export interface PinterestEndpoints {
  apiBase: string;
  oauthUrl: string;
}

/**
 * Where a test server may answer over plain http: this computer, or a local network a test run
 * sets up (a container's single-label name, host.docker.internal, a private IPv4 address). A
 * public name never qualifies.
 */
export function isLocalTestHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (ipv4) {
    const a = Number(ipv4[1]);
    const b = Number(ipv4[2]);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (host.startsWith('[')) return false;
  if (!host.includes('.')) return true;
  return /\.(internal|local|test|lan)$/.test(host);
}

function checkedEndpoint(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PinlistError('INVALID_INPUT', `${variable} is not a URL (${JSON.stringify(value).slice(0, 80)}). Fix or unset it.`);
  }
  // Tokens travel to these addresses: plain http only to a test server on this computer or the local network.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalTestHost(url.hostname))) {
    throw new PinlistError(
      'INVALID_INPUT',
      `${variable} must be an https address (plain http only for a test server on this computer or the local network), not ${url.origin}. Fix or unset it.`,
    );
  }
  return value;
}

/** `PINTEREST_API_BASE` and `PINTEREST_OAUTH_URL` point Pinlist at a test server; Pinterest otherwise. */
export function pinterestEndpoints(env: NodeJS.ProcessEnv = process.env): PinterestEndpoints {
  return {
    apiBase: checkedEndpoint(env.PINTEREST_API_BASE?.trim() || DEFAULT_API_BASE, 'PINTEREST_API_BASE').replace(/\/+$/, ''),
    // Kept exactly as given: Pinterest's own address ends in a slash.
    oauthUrl: checkedEndpoint(env.PINTEREST_OAUTH_URL?.trim() || DEFAULT_OAUTH_URL, 'PINTEREST_OAUTH_URL'),
  };
}

/** What `auth.status` answers: the contract's shape, so the two cannot drift apart. */
export type ConnectionStatus = OutputOf<'auth.status'>;

export interface OAuthStart {
  authorizeUrl: string;
  redirectUri: string;
  expiresAt: string;
}

export interface StartOAuthInput {
  appId: string;
  /** Given once; afterwards the keychain's copy for the same app ID is used. */
  appSecret?: string | undefined;
  redirectUri?: string | undefined;
  timeoutMs?: number;
}

/** Settings for the calls a connection makes (retries, waits, a cancel signal); the API base comes from the environment. */
export type ClientOptions = Omit<TransportOptions, 'apiBase'> & Pick<PinterestClientOptions, 'pageSize'>;

interface PendingOAuth {
  app: AppCredentials;
  listener: RedirectListener;
  redirectUri: string;
}

export interface PinterestConnectionOptions {
  db: Db;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  /** The redirect URI used when none is given (the user's setting). */
  defaultRedirectUri?: () => string;
  now?: () => number;
}

/**
 * The Pinterest connection of one data folder: signing in (OAuth with the user's own app, or a
 * pasted token), its status, signing out, and authenticated clients for the sync engine.
 */
export class PinterestConnection {
  readonly secrets: SecretStore;
  readonly facts: ConnectionStore;
  readonly tokens: TokenProvider;
  readonly endpoints: PinterestEndpoints;
  private readonly env: NodeJS.ProcessEnv;
  private readonly now: () => number;
  private pending: PendingOAuth | null = null;

  constructor(private readonly options: PinterestConnectionOptions) {
    this.env = options.env ?? process.env;
    this.now = options.now ?? Date.now;
    this.endpoints = pinterestEndpoints(this.env);
    this.secrets = options.secrets ?? new Keychain({ service: keychainServiceName(this.env) });
    this.facts = new ConnectionStore(options.db);
    this.tokens = new TokenProvider({ env: this.env, secrets: this.secrets, connection: this.facts, apiBase: this.endpoints.apiBase, now: this.now });
  }

  /**
   * An authenticated client for the sync engine. Throws NOT_CONNECTED (or KEYCHAIN_UNAVAILABLE)
   * at once when there is no token; otherwise tokens are refreshed as needed, call by call.
   */
  client(options: ClientOptions = {}): PinterestClient {
    if (!this.tokens.envToken()) this.tokens.requireStored();
    const transport: TransportOptions = { ...options, apiBase: this.endpoints.apiBase };
    return new PinterestClient({ ...transport, tokens: tokenSourceFor(this.tokens, transport) });
  }

  /** When the access token in use expires (null: unknown, or not connected). */
  expiresAt(): string | null {
    if (this.tokens.envToken()) return null;
    return this.tokens.readStored()?.access.expiresAt ?? null;
  }

  hasAppSecret(appId: string): boolean {
    return this.facts.get()?.appId === appId && this.secrets.get('appSecret') !== null;
  }

  async status(options: { verify?: boolean; client?: ClientOptions } = {}): Promise<ConnectionStatus> {
    const facts = this.facts.get();
    const envToken = this.tokens.envToken();
    let stored: StoredTokens | null = null;
    let keychain: ConnectionStatus['keychain'] = 'available';
    let problem: string | null = null;
    let appSecretStored = false;
    try {
      stored = this.tokens.readStored();
      appSecretStored = Boolean(facts?.appId) && this.secrets.get('appSecret') !== null;
    } catch (error) {
      if (!isPinlistError(error) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error;
      keychain = 'unavailable';
      if (!envToken) problem = error.message;
    }
    const canRefresh = Boolean(stored?.refresh) && appSecretStored;
    const source: TokenSourceKind | null = envToken ? 'env' : stored ? 'keychain' : null;
    let connected = source !== null;
    if (!envToken && stored && this.tokens.isExpired(stored) && !canRefresh) {
      connected = false;
      problem = `The Pinterest access token expired on ${stored.access.expiresAt} and cannot be renewed. Connect again.`;
    }
    if (!envToken && !stored && facts && keychain === 'available') {
      problem = 'The saved Pinterest sign-in is missing from the system keychain (it may have been deleted there). Connect again.';
    }

    let account: ConnectionStatus['account'] =
      source === 'keychain' && facts ? { id: facts.accountId, username: facts.username, accountType: facts.accountType } : null;
    let verified = false;
    if (options.verify && connected) {
      try {
        const user = await this.client(options.client).getUserAccount();
        account = accountOf(user);
        verified = true;
        if (source === 'keychain' && facts) this.facts.save({ ...facts, accountId: account.id, username: account.username, accountType: account.accountType });
      } catch (error) {
        if (!isPinlistError(error) || !['AUTH_EXPIRED', 'AUTH_FAILED', 'NOT_CONNECTED'].includes(error.code)) throw error;
        connected = false;
        problem = error.message;
      }
    }
    const scopes = source === 'keychain' ? (parseScopes(stored?.access.scope) ?? facts?.scopes ?? null) : null;
    const current = source === 'keychain' ? this.tokens.readStored() : null;
    return {
      connected,
      source,
      method: source === 'keychain' ? (facts?.method ?? null) : null,
      account,
      appId: facts?.appId ?? null,
      appSecretStored,
      redirectUri: facts?.redirectUri ?? null,
      scopes,
      missingScopes: scopes ? REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope)) : [],
      connectedAt: source === 'keychain' ? (facts?.connectedAt ?? null) : null,
      expiresAt: current?.access.expiresAt ?? null,
      refreshTokenExpiresAt: current?.refresh?.expiresAt ?? null,
      canRefresh: source === 'keychain' && canRefresh,
      verified,
      keychain,
      problem,
    };
  }

  /**
   * Connects with a token made in Pinterest's developer portal: checks it with Pinterest (and
   * learns the account name), then keeps it in the keychain. A refresh token is kept too, but it
   * can only be used when this app's ID and secret were saved by an earlier sign-in.
   */
  async connectWithToken(input: { accessToken: string; refreshToken?: string | undefined }, client: ClientOptions = {}): Promise<ConnectionStatus> {
    const accessToken = input.accessToken.trim();
    const refreshToken = input.refreshToken?.trim() || null;
    if (accessToken === '') throw new PinlistError('INVALID_INPUT', 'The access token is empty. Paste the token from your app at https://developers.pinterest.com/apps/.');
    this.secrets.assertAvailable();
    const user = await this.checkAccount(accessToken, client, () =>
      new PinlistError('AUTH_FAILED', 'Pinterest does not accept this access token (it may be incomplete, expired or revoked). Copy it again from your app at https://developers.pinterest.com/apps/ and paste the whole token.'),
    );
    const now = this.now();
    const previous = this.facts.get();
    const keepApp = previous?.appId && this.secrets.get('appSecret') !== null ? previous : null;
    this.tokens.store({
      access: { token: accessToken, expiresAt: null, obtainedAt: new Date(now).toISOString(), scope: null },
      refresh: refreshToken ? { token: refreshToken, expiresAt: null } : null,
    });
    const account = accountOf(user);
    this.facts.save({
      method: 'token',
      appId: keepApp?.appId ?? null,
      redirectUri: keepApp?.redirectUri ?? null,
      accountId: account.id,
      username: account.username,
      accountType: account.accountType,
      scopes: null,
      connectedAt: new Date(now).toISOString(),
      expiresAt: null,
      refreshExpiresAt: null,
      refreshedAt: null,
    });
    return this.status();
  }

  /**
   * Starts signing in with the user's own Pinterest app: listens on the loopback redirect URI and
   * returns the address to open in the browser. `completeOAuth` waits for the answer.
   */
  async startOAuth(input: StartOAuthInput): Promise<OAuthStart> {
    const appId = input.appId.trim();
    if (!/^\d{1,32}$/.test(appId)) {
      throw new PinlistError('INVALID_INPUT', `The App ID is the number shown for your app at https://developers.pinterest.com/apps/, not ${JSON.stringify(appId).slice(0, 40)}.`);
    }
    const redirectUri = input.redirectUri?.trim() || this.options.defaultRedirectUri?.() || DEFAULT_REDIRECT_URI;
    parseRedirectUri(redirectUri);
    // Refuse before the browser step: a sign-in whose tokens cannot be kept is wasted.
    this.secrets.assertAvailable();
    const appSecret = input.appSecret?.trim() || (this.hasAppSecret(appId) ? this.secrets.get('appSecret') : null);
    if (!appSecret) {
      throw new PinlistError('INVALID_INPUT', `The app secret of app ${appId} is needed once. Copy it from https://developers.pinterest.com/apps/ (it is kept in the system keychain afterwards).`);
    }
    await this.cancelOAuth();
    const state = newOAuthState();
    const listener = await listenForRedirect({ redirectUri, expectedState: state, timeoutMs: input.timeoutMs ?? OAUTH_TIMEOUT_MS });
    this.pending = { app: { appId, appSecret }, listener, redirectUri };
    return {
      authorizeUrl: buildAuthorizeUrl({ oauthUrl: this.endpoints.oauthUrl, appId, redirectUri, state }),
      redirectUri,
      expiresAt: listener.expiresAt.toISOString(),
    };
  }

  /** Waits for the browser to come back, exchanges the code, and stores everything. */
  async completeOAuth(client: ClientOptions = {}): Promise<ConnectionStatus> {
    const pending = this.pending;
    if (!pending) throw new PinlistError('NOT_FOUND', 'No Pinterest sign-in is in progress (it may have timed out). Start the sign-in again.');
    try {
      const code = await pending.listener.code;
      const startedAt = this.now();
      const response = await exchangeCode(new PinterestTransport({ ...client, apiBase: this.endpoints.apiBase }), pending.app, code, pending.redirectUri);
      const tokens = tokensFromResponse(response, startedAt, null);
      const user = await this.checkAccount(tokens.access.token, client, () =>
        new PinlistError('AUTH_FAILED', 'Pinterest issued a token but then refused it. Start the sign-in again; if it keeps happening, check your app at https://developers.pinterest.com/apps/.'),
      );
      const account = accountOf(user);
      this.secrets.set('appSecret', pending.app.appSecret);
      this.tokens.store(tokens);
      this.facts.save({
        method: 'oauth',
        appId: pending.app.appId,
        redirectUri: pending.redirectUri,
        accountId: account.id,
        username: account.username,
        accountType: account.accountType,
        scopes: parseScopes(response.scope),
        connectedAt: new Date(startedAt).toISOString(),
        expiresAt: tokens.access.expiresAt,
        refreshExpiresAt: tokens.refresh?.expiresAt ?? null,
        refreshedAt: null,
      });
      return await this.status();
    } finally {
      if (this.pending === pending) this.pending = null;
      await pending.listener.close();
    }
  }

  async cancelOAuth(): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return false;
    this.pending = null;
    await pending.listener.close();
    return true;
  }

  /** The whole sign-in in one call; `openUrl` shows the authorize page (browser, shell, or a test's fetch). */
  async login(input: StartOAuthInput & { openUrl: (url: string) => Promise<void> | void; client?: ClientOptions }): Promise<ConnectionStatus> {
    const started = await this.startOAuth(input);
    try {
      await input.openUrl(started.authorizeUrl);
    } catch (error) {
      await this.cancelOAuth();
      throw error;
    }
    return this.completeOAuth(input.client);
  }

  /** Removes every Pinterest secret from the keychain and forgets the connection; lists and history stay. */
  logout(): { removed: boolean; envTokenSet: boolean } {
    let removed = false;
    for (const name of ['accessToken', 'refreshToken', 'appSecret'] as const) removed = this.secrets.delete(name) || removed;
    removed = this.facts.clear() || removed;
    return { removed, envTokenSet: this.tokens.envToken() !== null };
  }

  async close(): Promise<void> {
    await this.cancelOAuth();
  }

  private async checkAccount(accessToken: string, client: ClientOptions, whenRejected: () => PinlistError): Promise<UserAccount> {
    const checker = new PinterestClient({ ...client, apiBase: this.endpoints.apiBase, tokens: fixedToken(accessToken, whenRejected) });
    return checker.getUserAccount();
  }
}

function accountOf(user: UserAccount): { id: string | null; username: string | null; accountType: string | null } {
  return { id: user.id ?? null, username: user.username ?? null, accountType: user.account_type ?? null };
}

/** A core's Pinterest connection (keychain namespace and endpoints from the core's environment); Core.close() closes it. */
const pinterestConnection: CoreService<PinterestConnection> = {
  name: 'the Pinterest connection',
  open: (core) =>
    new PinterestConnection({
      db: core.db,
      env: core.env,
      defaultRedirectUri: () => core.settings.get().oauthRedirectUri,
    }),
  close: (connection) => connection.close(),
};

/** The connection of a core, made on first use. */
export function connectionFor(core: Core): PinterestConnection {
  return core.service(pinterestConnection);
}

export { ENV_ACCESS_TOKEN };
export type { ConnectionFacts };
