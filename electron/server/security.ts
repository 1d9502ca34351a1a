import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The session cookie's name carries the port: browsers keep cookies per host, not per port, so
 * two `pinlist serve` runs (two data folders) would otherwise overwrite each other's cookie and
 * sign the first tab out.
 */
export function sessionCookieName(port: number): string {
  return `pinlist_session_${port}`;
}

/** A random per-run secret: whoever can open the printed URL is the user; nobody else is. */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretsEqual(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function cookieValue(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function sessionCookie(port: number, secret: string): string {
  return `${sessionCookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * The Host header must name this server on a loopback name: a page on evil.example that rebinds
 * its DNS to 127.0.0.1 still sends `Host: evil.example`, and is refused.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/** A request from another web page carries its Origin (or Sec-Fetch-Site): only our own is accepted. */
export function isSameOriginRequest(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
    if (!allowed.includes(origin.toLowerCase())) return false;
  }
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  return true;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
