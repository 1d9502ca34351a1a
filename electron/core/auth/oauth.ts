import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinlistError } from '../../../shared/errors.js';
import { REQUIRED_SCOPES } from '../pinterest/client.js';

export const DEFAULT_OAUTH_URL = 'https://www.pinterest.com/oauth/';
export const DEFAULT_REDIRECT_URI = 'http://localhost:8085/';
export const OAUTH_TIMEOUT_MS = 5 * 60 * 1000;

export function newOAuthState(): string {
  return randomBytes(32).toString('base64url');
}

export interface AuthorizeUrlInput {
  oauthUrl: string;
  appId: string;
  redirectUri: string;
  state: string;
  scopes?: readonly string[];
}

/** Pinterest's own quick-start sends `consumer_id`, its docs `client_id`: both go. */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.oauthUrl);
  url.searchParams.set('client_id', input.appId);
  url.searchParams.set('consumer_id', input.appId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', (input.scopes ?? REQUIRED_SCOPES).join(','));
  url.searchParams.set('state', input.state);
  return url.toString();
}

const LOOPBACK_HOSTS: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  '127.0.0.1': ['127.0.0.1'],
  '[::1]': ['::1'],
};

/** The redirect URI must be plain-http loopback: Pinlist listens on it itself. */
export function parseRedirectUri(redirectUri: string): URL {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new PinlistError('INVALID_INPUT', `The redirect URI ${JSON.stringify(redirectUri).slice(0, 100)} is not a URL. Use the one registered in your Pinterest app, e.g. ${DEFAULT_REDIRECT_URI}.`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS[url.hostname] || url.username || url.password || url.hash || url.search) {
    throw new PinlistError(
      'INVALID_INPUT',
      `The redirect URI must be a plain http address on this computer (localhost, 127.0.0.1 or [::1]) with a port, such as ${DEFAULT_REDIRECT_URI}, not ${url.toString()}. ` +
        'Register such a URI in your Pinterest app and use the same one here.',
    );
  }
  return url;
}

function page(title: string, text: string): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem}</style></head>
<body><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
}

function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface RedirectListener {
  /** Resolves with the authorization code; rejects on a state mismatch, a refusal, a timeout or close(). */
  readonly code: Promise<string>;
  readonly redirectUri: string;
  /** When the listener gives up waiting. */
  readonly expiresAt: Date;
  close(): Promise<void>;
}

export interface ListenOptions {
  redirectUri: string;
  expectedState: string;
  timeoutMs?: number;
}

/**
 * A one-shot HTTP listener on the redirect URI (loopback only). The first request to its path
 * settles it: the right state and a code resolve, anything else rejects; it then stops listening.
 */
export async function listenForRedirect(options: ListenOptions): Promise<RedirectListener> {
  const url = parseRedirectUri(options.redirectUri);
  const port = url.port === '' ? 80 : Number(url.port);
  const timeoutMs = options.timeoutMs ?? OAUTH_TIMEOUT_MS;
  let settle: { resolve(code: string): void; reject(error: Error): void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may never await the code (a timed-out sign-in nobody finished); that must not crash the process.
  code.catch(() => undefined);
  let settled = false;
  let timer: NodeJS.Timeout | undefined = undefined;
  const servers: http.Server[] = [];

  const finish = (outcome: { code: string } | { error: PinlistError }) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if ('code' in outcome) settle.resolve(outcome.code);
    else settle.reject(outcome.error);
    // Let the answer go out first, then stop listening.
    setImmediate(() => void closeAll());
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
      Connection: 'close',
    };
    const requested = new URL(request.url ?? '/', url);
    if (request.method !== 'GET' || requested.pathname !== url.pathname) {
      response.writeHead(404, headers).end(page('Not found', 'This address only receives the Pinterest sign-in.'));
      return;
    }
    if (settled) {
      response.writeHead(410, headers).end(page('Sign-in already handled', 'You can close this tab and return to Pinlist.'));
      return;
    }
    const query = requested.searchParams;
    if (!sameState(query.get('state'), options.expectedState)) {
      response.writeHead(400, headers).end(page('Sign-in refused', 'This sign-in answer does not belong to the sign-in Pinlist started, so it was ignored. Start the sign-in again from Pinlist.'));
      finish({
        error: new PinlistError(
          'OAUTH_STATE_MISMATCH',
          'The answer that came back from Pinterest does not belong to the sign-in Pinlist started (its state does not match), so it was refused. Start the sign-in again, and use only the link Pinlist opens.',
        ),
      });
      return;
    }
    const refusal = query.get('error');
    if (refusal !== null) {
      response.writeHead(200, headers).end(page('Pinterest did not connect', 'Pinterest did not grant access. You can close this tab and try again from Pinlist.'));
      const described = refusal === 'access_denied' ? 'you declined the request' : `Pinterest answered "${refusal.slice(0, 80)}"`;
      finish({ error: new PinlistError('AUTH_FAILED', `Pinterest did not grant access: ${described}. Start the sign-in again and choose "Give access".`) });
      return;
    }
    const received = query.get('code');
    if (!received) {
      response.writeHead(400, headers).end(page('Sign-in incomplete', 'Pinterest sent no authorization code. Start the sign-in again from Pinlist.'));
      finish({ error: new PinlistError('AUTH_FAILED', 'Pinterest came back without an authorization code. Start the sign-in again.') });
      return;
    }
    response.writeHead(200, headers).end(page('Pinlist is connecting to Pinterest', 'You can close this tab and return to Pinlist.'));
    finish({ code: received });
  };

  const closeAll = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };

  const hosts = LOOPBACK_HOSTS[url.hostname] ?? ['127.0.0.1'];
  let boundPort = port;
  for (const [index, host] of hosts.entries()) {
    const server = http.createServer(handle);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(boundPort, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      boundPort = (server.address() as AddressInfo).port;
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // "localhost" may also mean ::1; a machine without IPv6 still works on 127.0.0.1.
      if (index > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await closeAll();
      throw new PinlistError(
        'AUTH_FAILED',
        code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is in use by another program, so Pinlist cannot receive the sign-in there. Close that program, or register another loopback redirect URI in your Pinterest app (e.g. http://localhost:8086/) and pass it with --redirect-uri (or in Settings).`
          : `Pinlist cannot listen on ${host}:${port} for the sign-in (${code ?? (error as Error).message}). Register another loopback redirect URI in your Pinterest app and use it instead.`,
      );
    }
  }

  timer = setTimeout(() => {
    finish({
      error: new PinlistError('AUTH_FAILED', `The sign-in was not finished within ${Math.round(timeoutMs / 60_000) || 1} minutes, so Pinlist stopped waiting. Start it again and allow access in the browser.`),
    });
  }, timeoutMs);
  timer.unref();

  return {
    code,
    redirectUri: options.redirectUri,
    expiresAt: new Date(Date.now() + timeoutMs),
    async close() {
      finish({ error: new PinlistError('CANCELLED', 'The sign-in was cancelled. Nothing was changed.') });
      await closeAll();
    },
  };
}
