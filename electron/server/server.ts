import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import type { Result } from '../../shared/contract/index.js';
import { PinlistError, type ErrorCode } from '../../shared/errors.js';
import type { Core } from '../core/core.js';
import { dispatch, MAX_PAYLOAD_BYTES } from '../core/dispatch.js';
import type { HandlerTable } from '../core/handler-types.js';
import {
  cookieValue,
  isAllowedHost,
  isLoopbackAddress,
  isSameOriginRequest,
  newSessionSecret,
  SECURITY_HEADERS,
  secretsEqual,
  sessionCookie,
  sessionCookieName,
} from './security.js';
import { DOWNLOAD_PREFIX, serveExport } from './download.js';
import { serveStatic } from './static.js';
import { handleUpload, handleUploadRest } from './upload.js';

export interface BrowserServerOptions {
  core: Core;
  handlers: HandlerTable;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed secret for tests; random otherwise. */
  secret?: string;
  /** Connection limits; the defaults suit a person's browser (tests shorten them). */
  limits?: Partial<ConnectionLimits>;
}

export interface ConnectionLimits {
  /** A connection must send a request's headers within this long of opening (or of its previous request). */
  headersTimeoutMs: number;
  /** A request body must keep arriving: a connection silent this long is closed (the event stream writes more often). */
  idleTimeoutMs: number;
  /** The longest a whole request (an upload's body included) may take to arrive. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /**
   * Open connections at most. Past it, the connection that has waited longest without sending a
   * request is closed to make room, so a flood of idle sockets cannot lock out the user's tab.
   */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  requestTimeoutMs: 30 * 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 128,
};

export interface BrowserServer {
  /** The URL to open: it carries the secret once, which then becomes an HttpOnly cookie. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const API_PREFIX = '/api/call/';
const SSE_KEEPALIVE_MS = 15_000;

/**
 * Browser mode: the same channel table as the desktop app, over HTTP on 127.0.0.1 only.
 * Guarded against other local users and other web pages by a per-run secret (URL → cookie),
 * a Host check (DNS rebinding), an Origin check, and no CORS headers at all.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const secret = options.secret ?? newSessionSecret();
  const staticDir = fs.existsSync(options.staticDir) ? fs.realpathSync(options.staticDir) : options.staticDir;
  const sseClients = new Set<ServerResponse>();
  let port = options.port ?? 0;

  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = http.createServer(
    // Node checks the header and request timeouts on this interval (30 s by default).
    { connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 2)) },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        // One line, no stack: the terminal running `serve` is the user's.
        console.error(`pinlist serve: request failed: ${(error as Error)?.message ?? String(error)}`);
        if (!response.headersSent) sendError(response, 500, 'INTERNAL', 'The server could not answer this request. Try again.');
        else response.destroy();
      });
    },
  );
  server.headersTimeout = limits.headersTimeoutMs;
  // A large upload takes a while, but not forever: an upload that stalls is cut by the idle timeout.
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs;
  server.on('timeout', (socket: Socket) => socket.destroy());
  trackConnections(server, limits);

  // frame-ancestors only works as a header (a <meta> CSP ignores it): no page may frame the app.
  const baseHeaders = { ...SECURITY_HEADERS, 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'` };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      return sendError(response, 403, 'FORBIDDEN', 'Browser mode only answers this computer.');
    }
    if (!isAllowedHost(request.headers.host, port)) {
      return sendError(response, 421, 'FORBIDDEN', 'Unexpected Host header. Open the URL printed by `pinlist serve`.');
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return sendError(response, 400, 'INVALID_INPUT', 'That address is not valid.');
    }
    const key = url.searchParams.get('key');
    if (request.method === 'GET' && key !== null) {
      if (!secretsEqual(key, secret)) return sendError(response, 403, 'FORBIDDEN', 'This link is not valid. Open the URL printed by `pinlist serve`.');
      // Trade the secret in the URL for a cookie, and drop it from the address bar and history.
      response.writeHead(303, { ...baseHeaders, 'Set-Cookie': sessionCookie(port, secret), Location: url.pathname });
      return void response.end();
    }
    if (!secretsEqual(cookieValue(request, sessionCookieName(port)), secret)) {
      return sendError(response, 401, 'FORBIDDEN', 'Not signed in to this Pinlist session. Open the URL printed by `pinlist serve` (it contains the key).');
    }
    // Every API route, the event stream and downloads included, answers our own page only. The
    // cookie alone is not enough: SameSite ignores the port, so another local server's page is
    // "same-site" and its requests carry it.
    if (url.pathname.startsWith('/api/') && !isSameOriginRequest(request, port)) {
      return sendError(response, 403, 'FORBIDDEN', 'Cross-origin requests are refused.');
    }
    if (request.method === 'POST' && url.pathname.startsWith(API_PREFIX)) {
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      } catch {
        request.resume();
        return sendError(response, 400, 'INVALID_INPUT', 'The channel name in the address is not validly encoded.');
      }
      return handleCall(channel, request, response);
    }
    if (request.method === 'POST' && url.pathname === '/api/upload') {
      return sendResult(response, await handleUpload(options.core, url, request));
    }
    if (request.method === 'POST' && url.pathname === '/api/upload/rest') {
      return sendResult(response, await handleUploadRest(options.core, url, request));
    }
    if (request.method === 'GET' && url.pathname === '/api/events') return openEventStream(response);
    if ((request.method === 'GET' || request.method === 'HEAD') && url.pathname.startsWith(DOWNLOAD_PREFIX)) {
      // Export ids are plain [a-z0-9._-] names, so the path is not decoded: anything encoded is refused.
      const fileId = url.pathname.slice(DOWNLOAD_PREFIX.length);
      if (await serveExport(options.core.dataDir, fileId, response, baseHeaders, request.method === 'HEAD')) return;
      return sendError(response, 404, 'NOT_FOUND', 'This export is gone (or never existed). Export it again.');
    }
    if (request.method === 'GET' || request.method === 'HEAD') return serveStatic(staticDir, url.pathname, response, baseHeaders);
    return sendError(response, 405, 'FORBIDDEN', `${request.method ?? 'This method'} is not supported here.`);
  }

  async function handleCall(channel: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(response, 415, 'INVALID_INPUT', 'Send the request as application/json.');
    }
    const body = await readBody(request, MAX_PAYLOAD_BYTES);
    if (body === null) return sendError(response, 413, 'PAYLOAD_TOO_LARGE', `The request is larger than ${MAX_PAYLOAD_BYTES} bytes.`);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(response, 400, 'INVALID_INPUT', 'The request body is not valid JSON.');
    }
    sendResult(response, await dispatch(options.handlers, channel, input, { core: options.core }));
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, { ...baseHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    response.write(': connected\n\n');
    sseClients.add(response);
    const keepalive = setInterval(() => response.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    response.on('close', () => {
      clearInterval(keepalive);
      sseClients.delete(response);
    });
  }

  const unsubscribe = options.core.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  function sendResult(response: ServerResponse, result: Result<unknown>): void {
    const body = JSON.stringify(result);
    response.writeHead(200, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  }

  function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
    response.writeHead(status, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ ok: false, error: { code, message } } satisfies Result<never>));
  }

  try {
    await listen(server, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw await portInUse(port);
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?key=${secret}`,
    origin,
    port,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** PORT_IN_USE, suggesting the next port up that is free now. */
async function portInUse(port: number): Promise<PinlistError> {
  let free: number | null = null;
  for (let candidate = port + 1; candidate <= Math.min(port + 50, 65535) && free === null; candidate++) {
    const probe = http.createServer();
    try {
      await listen(probe, candidate);
      free = candidate;
    } catch {
      // taken as well
    } finally {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
  }
  const suggestion = free === null ? 'leave --port out to use any free port' : `try --port ${free}, or leave --port out to use any free port`;
  return new PinlistError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use (by another pinlist serve or another program): ${suggestion}.`, { port, suggestedPort: free });
}

/**
 * Counts open connections and, at the cap, closes the one that has waited longest without a
 * request (a socket that connects and sends nothing is the cheap attack), so a new connection,
 * the user's tab, is always served. A connection is "waiting" from when it opens until its first
 * request arrives, and again between requests of a kept-alive connection.
 */
function trackConnections(server: http.Server, { maxConnections, headersTimeoutMs }: ConnectionLimits): void {
  /** Insertion order is the order they began waiting: the first is the oldest. */
  const waiting = new Set<Socket>();
  const answered = new WeakSet<Socket>();
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    waiting.add(socket);
    // Node's own header timeout starts only at the first byte (and is checked only now and then):
    // a connection whose first request's headers have not all arrived in time is closed here.
    const silence = setTimeout(() => {
      if (!answered.has(socket)) socket.destroy();
    }, headersTimeoutMs);
    silence.unref();
    socket.once('close', () => {
      clearTimeout(silence);
      open--;
      waiting.delete(socket);
    });
    if (open > maxConnections) {
      const oldest = waiting.values().next().value;
      // Every other connection is mid-request: the newcomer waits its turn by being refused.
      (oldest && oldest !== socket ? oldest : socket).destroy();
    }
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    answered.add(socket);
    waiting.delete(socket);
    response.once('finish', () => {
      if (!socket.destroyed) waiting.add(socket);
    });
  });
}

/** Past this, an oversized body is cut off rather than drained. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the body up to a limit; null when it is larger. An oversized body is still drained (up to
 * a cap) so the client receives the 413 instead of a reset connection.
 */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > DRAIN_LIMIT_BYTES) {
      request.destroy();
      return null;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}
