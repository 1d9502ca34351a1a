import * as z from 'zod';
import { PinlistError } from '../../../shared/errors.js';
import { RECONNECT_HINT, type AccessTokenSource } from '../pinterest/client.js';
import { PinterestTransport, type TransportOptions } from '../pinterest/transport.js';
import type { TokenResponse } from '../pinterest/types.js';
import type { ConnectionStore } from './connection-store.js';
import type { SecretStore } from './keychain.js';
import { refreshTokens, type AppCredentials } from './token-endpoint.js';

export const ENV_ACCESS_TOKEN = 'PINTEREST_ACCESS_TOKEN';
const DAY_MS = 24 * 60 * 60 * 1000;
/** After a failed early refresh, keep using the still-valid token this long before trying again. */
const EARLY_REFRESH_COOLDOWN_MS = 5 * 60 * 1000;

const accessRecordSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string().nullable(),
  obtainedAt: z.string().nullable(),
  scope: z.string().nullable().optional(),
});
const refreshRecordSchema = z.object({ token: z.string().min(1), expiresAt: z.string().nullable() });

export type AccessRecord = z.infer<typeof accessRecordSchema>;
export type RefreshRecord = z.infer<typeof refreshRecordSchema>;

export interface StoredTokens {
  access: AccessRecord;
  refresh: RefreshRecord | null;
}

export type TokenSourceKind = 'env' | 'keychain';

function readJson<T>(text: string | null, schema: z.ZodType<T>): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Turns a token answer into what is kept; a refresh answer without a refresh token keeps the old one. */
export function tokensFromResponse(response: TokenResponse, now: number, previousRefresh: RefreshRecord | null): StoredTokens {
  const iso = (ms: number) => new Date(ms).toISOString();
  const refreshExpiresAt =
    response.refresh_token_expires_at != null
      ? iso(response.refresh_token_expires_at * 1000)
      : response.refresh_token_expires_in != null
        ? iso(now + response.refresh_token_expires_in * 1000)
        : null;
  return {
    access: {
      token: response.access_token,
      expiresAt: response.expires_in != null ? iso(now + response.expires_in * 1000) : null,
      obtainedAt: iso(now),
      scope: response.scope ?? null,
    },
    refresh: response.refresh_token ? { token: response.refresh_token, expiresAt: refreshExpiresAt } : previousRefresh,
  };
}

/** Scopes as Pinterest returns them: space- or comma-separated. */
export function parseScopes(scope: string | null | undefined): string[] | null {
  if (!scope) return null;
  return scope.split(/[\s,]+/).filter((part) => part !== '');
}

export interface TokenProviderOptions {
  env: NodeJS.ProcessEnv;
  secrets: SecretStore;
  connection: ConnectionStore;
  apiBase: string;
  now?: () => number;
}

/**
 * Where the access token comes from: PINTEREST_ACCESS_TOKEN wins (automation; never stored),
 * otherwise the keychain. Refreshes ahead of expiry and once after a 401, one refresh at a time
 * per process, and stores the rotated refresh token every time (the old one stops working).
 */
export class TokenProvider {
  private inFlight: Promise<StoredTokens> | null = null;
  private earlyRefreshFailedAt: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  envToken(): string | null {
    const value = this.options.env[ENV_ACCESS_TOKEN]?.trim();
    return value ? value : null;
  }

  /** Which source answers now; null when not connected. Reads the keychain (may throw KEYCHAIN_UNAVAILABLE). */
  source(): TokenSourceKind | null {
    if (this.envToken()) return 'env';
    return this.readStored() ? 'keychain' : null;
  }

  readStored(): StoredTokens | null {
    const access = readJson(this.options.secrets.get('accessToken'), accessRecordSchema);
    if (!access) return null;
    return { access, refresh: readJson(this.options.secrets.get('refreshToken'), refreshRecordSchema) };
  }

  /** Stores a token set. The refresh token goes first: losing it would force a reconnect, losing the access token only a refresh. */
  store(tokens: StoredTokens): void {
    if (tokens.refresh) this.options.secrets.set('refreshToken', JSON.stringify(tokens.refresh));
    else this.options.secrets.delete('refreshToken');
    this.options.secrets.set('accessToken', JSON.stringify(tokens.access));
  }

  appCredentials(): AppCredentials | null {
    const appId = this.options.connection.get()?.appId;
    if (!appId) return null;
    const appSecret = this.options.secrets.get('appSecret');
    return appSecret ? { appId, appSecret } : null;
  }

  canRefresh(tokens: StoredTokens | null = this.readStored()): boolean {
    return Boolean(tokens?.refresh) && this.appCredentials() !== null;
  }

  /** True when the token is past its expiry (unknown expiry: never). */
  isExpired(tokens: StoredTokens): boolean {
    return tokens.access.expiresAt !== null && Date.parse(tokens.access.expiresAt) <= this.now();
  }

  /** Refresh when less than a day or a tenth of the token's life remains, whichever comes later. */
  isDueForRefresh(tokens: StoredTokens): boolean {
    if (tokens.access.expiresAt === null) return false;
    const expiresAt = Date.parse(tokens.access.expiresAt);
    const obtainedAt = tokens.access.obtainedAt ? Date.parse(tokens.access.obtainedAt) : Number.NaN;
    const lifetime = Number.isNaN(obtainedAt) ? 30 * DAY_MS : Math.max(0, expiresAt - obtainedAt);
    return expiresAt - this.now() <= Math.min(DAY_MS, lifetime * 0.1);
  }

  /** The bearer token to send now, refreshed first when due. */
  async accessToken(transport: TransportOptions = { apiBase: this.options.apiBase }): Promise<string> {
    const fromEnv = this.envToken();
    if (fromEnv) return fromEnv;
    const stored = this.requireStored();
    const coolingDown = this.earlyRefreshFailedAt !== null && this.now() - this.earlyRefreshFailedAt < EARLY_REFRESH_COOLDOWN_MS;
    if (this.isExpired(stored)) {
      if (!this.canRefresh(stored)) throw this.cannotRenew(stored, 'expired');
      return (await this.refresh(stored.access.token, transport)).access.token;
    }
    if (this.isDueForRefresh(stored) && this.canRefresh(stored) && !coolingDown) {
      try {
        const renewed = await this.refresh(stored.access.token, transport);
        this.earlyRefreshFailedAt = null;
        return renewed.access.token;
      } catch (error) {
        // The current token still works: use it, and try renewing again later.
        if (error instanceof PinlistError && error.code === 'CANCELLED') throw error;
        this.earlyRefreshFailedAt = this.now();
      }
    }
    return stored.access.token;
  }

  /** Pinterest refused `rejected` with a 401: refresh once (or pick up a token another process stored). */
  async renewAfterRejection(rejected: string, transport: TransportOptions = { apiBase: this.options.apiBase }): Promise<string> {
    if (this.envToken()) {
      throw new PinlistError(
        'AUTH_EXPIRED',
        `Pinterest does not accept the access token in ${ENV_ACCESS_TOKEN} (it may have expired or been revoked). Set a new one, or unset it to use the connection saved in the keychain.`,
      );
    }
    const stored = this.requireStored();
    if (stored.access.token !== rejected && !this.isExpired(stored)) return stored.access.token;
    if (!this.canRefresh(stored)) throw this.cannotRenew(stored, 'rejected');
    return (await this.refresh(rejected, transport)).access.token;
  }

  /**
   * Exchanges the refresh token for a new pair and stores both. One at a time: concurrent callers
   * share the answer, because a second refresh with the same (now rotated) token would fail.
   */
  refresh(believedCurrent: string, transport: TransportOptions = { apiBase: this.options.apiBase }): Promise<StoredTokens> {
    this.inFlight ??= this.runRefresh(believedCurrent, transport).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async runRefresh(believedCurrent: string, transportOptions: TransportOptions): Promise<StoredTokens> {
    // Another process (the app and the CLI share the keychain) may have refreshed already.
    const current = this.requireStored();
    if (current.access.token !== believedCurrent && !this.isExpired(current) && !this.isDueForRefresh(current)) return current;
    const app = this.appCredentials();
    if (!current.refresh || !app) throw this.cannotRenew(current, 'expired');
    const startedAt = this.now();
    const response = await refreshTokens(new PinterestTransport({ ...transportOptions, apiBase: this.options.apiBase }), app, current.refresh.token);
    const next = tokensFromResponse(response, startedAt, current.refresh);
    this.store(next);
    this.options.connection.recordRefresh(next.access.expiresAt, next.refresh?.expiresAt ?? null, new Date(startedAt).toISOString());
    return next;
  }

  /** The stored tokens, or NOT_CONNECTED saying how to connect. */
  requireStored(): StoredTokens {
    const stored = this.readStored();
    if (!stored) {
      throw new PinlistError(
        'NOT_CONNECTED',
        `Pinlist is not connected to Pinterest. Connect first (in the app: Settings → Pinterest; in a terminal: \`pinlist auth login --app-id <id>\` or \`pinlist auth token\`), or set ${ENV_ACCESS_TOKEN}.`,
      );
    }
    return stored;
  }

  private cannotRenew(tokens: StoredTokens, why: 'expired' | 'rejected'): PinlistError {
    const what =
      why === 'expired' ? `The Pinterest access token expired${tokens.access.expiresAt ? ` on ${tokens.access.expiresAt}` : ''}` : 'Pinterest no longer accepts the saved access token';
    const missing = !tokens.refresh
      ? 'no refresh token was saved with it'
      : 'the app ID and app secret needed to renew it are not saved (it was pasted, not signed in with your app)';
    return new PinlistError('AUTH_EXPIRED', `${what}, and it cannot be renewed because ${missing}. ${RECONNECT_HINT}`);
  }
}

/** The provider seen by one client: the client's retry settings (and signal) also apply to refreshes. */
export function tokenSourceFor(provider: TokenProvider, transport: TransportOptions): AccessTokenSource {
  return {
    accessToken: () => provider.accessToken(transport),
    renewAfterRejection: (rejected) => provider.renewAfterRejection(rejected, transport),
  };
}
