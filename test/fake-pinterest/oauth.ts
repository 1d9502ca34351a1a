/**
 * Pinterest sign-in: the browser authorize page (auto-approves) and `POST /v5/oauth/token`
 * (HTTP Basic app credentials; authorization_code and rotating refresh_token grants).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { authenticationFailed, FakeError, invalidRequest } from './errors.js';
import type { OpContext, OpResult } from './context.js';
import type { FakeApp, FakeState } from './state.js';

/** Scopes Pinterest's OAuth scheme lists (a subset is enough to reject typos). */
export const KNOWN_SCOPES = new Set([
  'ads:read',
  'ads:write',
  'billing:read',
  'billing:write',
  'biz_access:read',
  'biz_access:write',
  'boards:read',
  'boards:read_secret',
  'boards:write',
  'boards:write_secret',
  'catalogs:read',
  'catalogs:write',
  'pins:read',
  'pins:read_secret',
  'pins:write',
  'pins:write_secret',
  'user_accounts:read',
  'user_accounts:write',
]);

export interface AuthorizeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The sign-in request broke a rule Pinlist promises (recorded in `fake.violations`). */
  violation?: string;
}

function page(status: number, message: string): AuthorizeAnswer {
  const html = `<!doctype html><meta charset="utf-8"><title>Fake Pinterest</title><p>${message.replace(/[<&>]/g, '')}</p>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

function isLoopback(uri: URL): boolean {
  return uri.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(uri.hostname);
}

/** `GET /oauth/?client_id&redirect_uri&response_type=code&scope&state`: approve at once and redirect. */
export function authorize(state: FakeState, query: URLSearchParams): AuthorizeAnswer {
  const appId = query.get('client_id') ?? query.get('consumer_id');
  const app = appId ? state.apps.get(appId) : undefined;
  if (!app) return page(400, `Unknown app: client_id ${appId ?? '(none)'} is not registered.`);
  const redirect = query.get('redirect_uri');
  let redirectUrl: URL;
  try {
    redirectUrl = new URL(redirect ?? '');
  } catch {
    return page(400, 'redirect_uri is missing or not a URL.');
  }
  const allowed = app.redirectUris ? app.redirectUris.includes(redirect ?? '') : isLoopback(redirectUrl);
  if (!allowed) return page(400, `redirect_uri ${redirect ?? ''} is not registered for this app.`);
  // Pinterest would redirect without one; Pinlist must always send a random state to check on return.
  if (!query.get('state')) {
    const message = 'state is missing: send a random state with every sign-in and check it on the way back.';
    return { ...page(400, message), violation: `authorize: ${message}` };
  }

  const send = (params: Record<string, string>): AuthorizeAnswer => {
    for (const [key, value] of Object.entries(params)) redirectUrl.searchParams.set(key, value);
    const st = query.get('state');
    if (st !== null) redirectUrl.searchParams.set('state', st);
    return { status: 302, headers: { Location: redirectUrl.toString() }, body: '' };
  };
  if (query.get('response_type') !== 'code') return send({ error: 'unsupported_response_type' });
  // Pinterest takes a comma-separated list; a space-separated one arrives as one unknown scope.
  const scopes = (query.get('scope') ?? '').split(',').filter((s) => s !== '');
  if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) return send({ error: 'invalid_scope' });
  if (state.authorizeDecision === 'deny') return send({ error: 'access_denied' });
  return send({ code: state.createAuthCode(app.appId, redirect ?? '', new Set(scopes)) });
}

/** The app named by the token request's HTTP Basic credentials, or 401 code 2. */
export function basicApp(state: FakeState, headers: IncomingHttpHeaders): FakeApp {
  const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match) {
    throw new FakeError(401, 2, 'Authentication failed: send HTTP Basic app_id:app_secret.', true);
  }
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const app = state.apps.get(decoded.slice(0, colon));
  if (colon < 0 || !app || app.appSecret !== decoded.slice(colon + 1)) throw authenticationFailed();
  return app;
}

function tokenAnswer(state: FakeState, grant: 'authorization_code' | 'refresh_token', appId: string, scopes: Set<string>): OpResult {
  const minted = state.mintTokens(appId, scopes);
  const refresh = state.refreshTokens.get(minted.refreshToken);
  return {
    status: 200,
    body: {
      access_token: minted.accessToken,
      refresh_token: minted.refreshToken,
      response_type: grant,
      token_type: 'bearer',
      expires_in: minted.expiresIn,
      scope: [...scopes].join(' '),
      refresh_token_expires_in: state.refreshTokenExpiresIn,
      refresh_token_expires_at: Math.floor((refresh?.expiresAt ?? 0) / 1000),
    },
  };
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw invalidRequest(`Invalid parameters: ${name} is required.`);
  return value;
}

/** `POST /v5/oauth/token`. */
export function token(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  const app = basicApp(state, ctx.headers);
  const grant = field(body, 'grant_type');
  const now = state.now();
  if (grant === 'authorization_code') {
    const record = state.authCodes.get(field(body, 'code'));
    const redirectUri = field(body, 'redirect_uri');
    if (!record || record.used || record.expiresAt <= now || record.appId !== app.appId) {
      throw new FakeError(400, 400, 'Invalid authorization code: it is unknown, expired, already used or for another app.');
    }
    if (record.redirectUri !== redirectUri) {
      throw new FakeError(400, 400, 'Invalid redirect_uri: it differs from the one used to get the authorization code.');
    }
    record.used = true;
    return tokenAnswer(state, 'authorization_code', app.appId, record.scopes);
  }
  if (grant === 'refresh_token') {
    const record = state.refreshTokens.get(field(body, 'refresh_token'));
    if (!record || record.used || record.expiresAt <= now || (record.appId !== null && record.appId !== app.appId)) {
      throw authenticationFailed();
    }
    let scopes = record.scopes;
    if (typeof body.scope === 'string' && body.scope !== '') {
      const asked = body.scope.split(/[ ,]/).filter((s) => s !== '');
      if (asked.some((s) => !record.scopes.has(s))) throw invalidRequest('Invalid parameters: scope asks for more than the refresh token grants.');
      scopes = new Set(asked);
    }
    record.used = true;
    return tokenAnswer(state, 'refresh_token', app.appId, scopes);
  }
  throw invalidRequest(`Invalid parameters: grant_type ${grant} is not supported here (Pinlist uses authorization_code and refresh_token).`);
}
