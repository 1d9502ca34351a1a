import { describe, expect, it } from 'vitest';
import { pinterestEndpoints } from '../../electron/core/auth/connection.js';
import { buildAuthorizeUrl, parseRedirectUri } from '../../electron/core/auth/oauth.js';
import { TokenProvider, tokensFromResponse, type StoredTokens } from '../../electron/core/auth/tokens.js';
import { formatWait, fullJitterDelay, parseRetryAfter } from '../../electron/core/pinterest/backoff.js';
import { saysBatchTooLarge } from '../../electron/core/pinterest/errors.js';

const DAY = 24 * 60 * 60 * 1000;

describe('Retry-After and backoff', () => {
  it('reads delta-seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });

  it('full jitter stays under the capped exponential ceiling', () => {
    expect(fullJitterDelay(0, 1000, 60_000, () => 0.5)).toBe(500);
    expect(fullJitterDelay(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(10, 1000, 60_000, () => 0.999)).toBe(59_940);
    expect(fullJitterDelay(2, 1000, 60_000, () => 0)).toBe(0);
  });

  it('formats waits for people', () => {
    expect(formatWait(12_000)).toBe('12 s');
    expect(formatWait(300)).toBe('1 s');
    expect(formatWait(15 * 60_000)).toBe('15 min');
    expect(formatWait(3 * 60 * 60_000 + 5 * 60_000)).toBe('3 h 5 min');
  });

  it('recognises a 400 that refuses a batch for its size, and not other 400s', () => {
    expect(saysBatchTooLarge('Too many records in one request')).toBe(true);
    expect(saysBatchTooLarge('Request exceeds the maximum size')).toBe(true);
    expect(saysBatchTooLarge('Invalid parameters: records must be a non-empty string')).toBe(false);
  });
});

describe('OAuth addresses', () => {
  it('sends client_id and consumer_id, comma-separated scopes and the state', () => {
    const url = new URL(buildAuthorizeUrl({ oauthUrl: 'https://www.pinterest.com/oauth/', appId: '123', redirectUri: 'http://localhost:8085/', state: 'abc' }));
    expect(url.origin + url.pathname).toBe('https://www.pinterest.com/oauth/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '123',
      consumer_id: '123',
      redirect_uri: 'http://localhost:8085/',
      response_type: 'code',
      scope: 'ads:read,ads:write,user_accounts:read',
      state: 'abc',
    });
  });

  it('accepts only plain-http loopback redirect URIs', () => {
    expect(parseRedirectUri('http://localhost:8085/').port).toBe('8085');
    expect(parseRedirectUri('http://127.0.0.1:9000/callback').pathname).toBe('/callback');
    expect(parseRedirectUri('http://[::1]:9000/').hostname).toBe('[::1]');
    for (const bad of ['https://localhost:8085/', 'http://example.com:8085/', 'http://localhost:8085/?x=1', 'not a url']) {
      expect(() => parseRedirectUri(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('takes endpoints from the environment, refusing plain http away from this computer', () => {
    expect(pinterestEndpoints({})).toEqual({ apiBase: 'https://api.pinterest.com/v5', oauthUrl: 'https://www.pinterest.com/oauth/' });
    expect(pinterestEndpoints({ PINTEREST_API_BASE: 'http://127.0.0.1:4000/v5/', PINTEREST_OAUTH_URL: 'http://127.0.0.1:4000/oauth/' })).toEqual({
      apiBase: 'http://127.0.0.1:4000/v5',
      oauthUrl: 'http://127.0.0.1:4000/oauth/',
    });
    expect(() => pinterestEndpoints({ PINTEREST_API_BASE: 'http://evil.example/v5' })).toThrow(/https/);
  });

  it('takes plain http for a test server on the local network (a container name, a private address), never a public one', () => {
    for (const base of ['http://pinterest-standin:8080/v5', 'http://host.docker.internal:9000/v5', 'http://10.0.0.7/v5', 'http://172.20.1.2:80/v5', 'http://192.168.1.9/v5', 'http://api.localhost/v5']) {
      expect(pinterestEndpoints({ PINTEREST_API_BASE: base }).apiBase, base).toBe(base.replace(/\/+$/, ''));
    }
    expect(pinterestEndpoints({ PINTEREST_OAUTH_URL: 'http://standin:8080/oauth/' }).oauthUrl).toBe('http://standin:8080/oauth/');
    for (const base of ['http://api.pinterest.com/v5', 'http://8.8.8.8/v5', 'http://172.32.0.1/v5', 'http://[2001:db8::1]/v5', 'ftp://standin/v5']) {
      expect(() => pinterestEndpoints({ PINTEREST_API_BASE: base }), base).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});

describe('token lifetimes', () => {
  const now = Date.parse('2025-06-01T00:00:00Z');
  const provider = (at: number) =>
    new TokenProvider({
      env: {},
      apiBase: 'https://api.pinterest.com/v5',
      now: () => at,
      secrets: { service: 'none', get: () => null, set: () => undefined, delete: () => false, assertAvailable: () => undefined },
      connection: { get: () => null } as never,
    });
  const tokens = (expiresInMs: number, obtainedAgoMs = 0): StoredTokens => ({
    access: { token: 'pina_x', expiresAt: new Date(now + expiresInMs).toISOString(), obtainedAt: new Date(now - obtainedAgoMs).toISOString(), scope: null },
    refresh: null,
  });

  it('refreshes a 30-day token in its last day, a 1-hour token in its last 6 minutes', () => {
    expect(provider(now).isDueForRefresh(tokens(2 * DAY, 28 * DAY))).toBe(false);
    expect(provider(now).isDueForRefresh(tokens(0.9 * DAY, 29.1 * DAY))).toBe(true);
    expect(provider(now).isDueForRefresh(tokens(10 * 60_000, 50 * 60_000))).toBe(false);
    expect(provider(now).isDueForRefresh(tokens(5 * 60_000, 55 * 60_000))).toBe(true);
    expect(provider(now).isExpired(tokens(-1))).toBe(true);
  });

  it('keeps the previous refresh token when a refresh answer carries none, and reads expiry', () => {
    const previous = { token: 'pinr_old', expiresAt: null };
    const kept = tokensFromResponse({ access_token: 'pina_new', expires_in: 3600, scope: 'ads:read ads:write' }, now, previous);
    expect(kept.refresh).toBe(previous);
    expect(kept.access.expiresAt).toBe('2025-06-01T01:00:00.000Z');
    const rotated = tokensFromResponse({ access_token: 'pina_new', refresh_token: 'pinr_new', expires_in: 3600, refresh_token_expires_in: 60 * 86_400 }, now, previous);
    expect(rotated.refresh).toEqual({ token: 'pinr_new', expiresAt: '2025-07-31T00:00:00.000Z' });
  });
});
