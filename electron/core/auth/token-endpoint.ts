import type { PinlistError } from '../../../shared/errors.js';
import { RECONNECT_HINT } from '../pinterest/client.js';
import { PinterestApiError } from '../pinterest/errors.js';
import type { PinterestTransport } from '../pinterest/transport.js';
import { tokenResponseSchema, type TokenResponse } from '../pinterest/types.js';

/** The user's own Pinterest app: the token endpoint takes HTTP Basic app_id:app_secret (there is no PKCE). */
export interface AppCredentials {
  appId: string;
  appSecret: string;
}

function basic(app: AppCredentials): string {
  return `Basic ${Buffer.from(`${app.appId}:${app.appSecret}`, 'utf8').toString('base64')}`;
}

async function postToken(transport: PinterestTransport, app: AppCredentials, form: Record<string, string>, operation: string, refusal: (detail: string, status: number) => PinlistError): Promise<TokenResponse> {
  // Repeating after a broken connection is as safe as not: a used code or refresh token is refused either way.
  const response = await transport.send({ method: 'POST', path: '/oauth/token', form, authorization: basic(app), operation, idempotent: true });
  if (response.status >= 200 && response.status < 300) {
    const parsed = tokenResponseSchema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    throw new PinterestApiError('PINTEREST_ERROR', `Pinterest answered ${operation} without a usable token. Try again; if it keeps happening, report it.`, {
      status: response.status,
      pinterestCode: null,
      operation,
    });
  }
  const code = response.pinterestCode !== null ? `, code ${response.pinterestCode}` : '';
  const detail = `${response.status}${code}${response.pinterestMessage ? `: ${response.pinterestMessage}` : ''}`;
  throw refusal(detail, response.status);
}

/** Authorization-code grant. `continuous_refresh` makes apps created before 2025-09-25 get renewable refresh tokens. */
export function exchangeCode(transport: PinterestTransport, app: AppCredentials, code: string, redirectUri: string): Promise<TokenResponse> {
  return postToken(
    transport,
    app,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, continuous_refresh: 'true' },
    'finishing the sign-in',
    (detail, status) =>
      new PinterestApiError(
        'AUTH_FAILED',
        status === 401
          ? `Pinterest refused the app ID or app secret (${detail}). Copy both again from your app at https://developers.pinterest.com/apps/ and sign in again.`
          : `Pinterest refused to finish the sign-in (${detail}). Check that the redirect URI registered in your Pinterest app is exactly the one Pinlist uses, then sign in again.`,
        { status, pinterestCode: null, operation: 'finishing the sign-in' },
      ),
  );
}

/** Refresh grant. Pinterest rotates the refresh token: the answer's one replaces the old, which stops working. */
export function refreshTokens(transport: PinterestTransport, app: AppCredentials, refreshToken: string): Promise<TokenResponse> {
  return postToken(
    transport,
    app,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    'renewing the Pinterest sign-in',
    (detail, status) =>
      new PinterestApiError('AUTH_EXPIRED', `Pinterest refused to renew the sign-in (${detail}). ${RECONNECT_HINT}`, {
        status,
        pinterestCode: null,
        operation: 'renewing the Pinterest sign-in',
      }),
  );
}
