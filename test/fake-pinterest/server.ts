/**
 * A fake Pinterest (v5 Ads API subset and OAuth) on a real HTTP server, for tests and for trying
 * Pinlist without an account. Every request and every answer is checked against Pinterest's
 * OpenAPI file when it is present; what breaks the contract lands in `fake.violations`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getUserAccount, listAdAccounts } from './accounts.js';
import { createAudience, getAudience, listAudiences, updateAudience } from './audiences.js';
import type { OpHandler } from './context.js';
import { control } from './control.js';
import {
  createCustomerList,
  getCustomerList,
  listCustomerLists,
  updateCustomerList,
} from './customer-lists.js';
import { authenticationFailed, FakeError, invalidRequest, missingScope } from './errors.js';
import { DEFAULT_FAULTS, Faults, type FaultSettings } from './faults.js';
import { authorize, basicApp, token } from './oauth.js';
import { loadOpenApi, resolveSpecPath, type OpenApiValidator } from './openapi.js';
import { matchRoute, type OperationId, type OperationRoute } from './operations.js';
import { countRecords } from './records.js';
import { audienceSizing, listSharedAccounts, updateSharedAudience } from './sharing.js';
import { sparseBody } from './sparse.js';
import { FakeState, type AccessTokenRecord, type RequestLogEntry, type Violation } from './state.js';

export interface FakePinterestOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Path of Pinterest's OpenAPI file; null turns validation off. Default: `resolveSpecPath()`. */
  specPath?: string | null;
  /** Seconds an access token lives (default 30 days). */
  accessTokenExpiresIn?: number;
  /** Seconds a refresh token lives (default 60 days). */
  refreshTokenExpiresIn?: number;
  /** Members a customer list needs before an audience can be made from it (default 100). */
  minAudienceSize?: number;
  /** Fault settings to start with (and to return to on `faults.reset()`). */
  faults?: Partial<FaultSettings>;
  /** Clock in ms (default `Date.now`); lets tests expire tokens without waiting. */
  now?: () => number;
  /** Random source for the rate-limit storm (default `Math.random`). */
  random?: () => number;
  /** How `latencyMs` waits (default a timer); tests can observe it instead of measuring time. */
  sleep?: (ms: number) => Promise<void>;
}

export interface FakePinterest {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/v5`, what `PINTEREST_API_BASE` should be. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/oauth/`, what `PINTEREST_OAUTH_URL` should be. */
  readonly oauthUrl: string;
  readonly port: number;
  readonly state: FakeState;
  readonly faults: Faults;
  /** Contract breaches by the client (requests) or by the fake itself (responses). Tests expect it empty. */
  readonly violations: Violation[];
  /** The validator in use, or null with the reason (validation is then skipped). */
  readonly spec: { validator: OpenApiValidator | null; reason: string | null };
  /**
   * Resolves once `state.countRequests(filter)` reaches `count` (checked as each request is logged,
   * classified and answered): a test waits for, say, the 5th write as it arrives instead of polling.
   */
  whenRequests(count: number, filter?: Parameters<FakeState['countRequests']>[0]): Promise<void>;
  close(): Promise<void>;
}

const HANDLERS: Record<OperationId, OpHandler> = {
  'oauth/token': token,
  'ad_accounts/list': listAdAccounts,
  'user_account/get': getUserAccount,
  'customer_lists/create': createCustomerList,
  'customer_lists/list': listCustomerLists,
  'customer_lists/get': getCustomerList,
  'customer_lists/update': updateCustomerList,
  'audiences/create': createAudience,
  'audiences/list': listAudiences,
  'audiences/get': getAudience,
  'audiences/update': updateAudience,
  'ad_groups/audience_sizing': audienceSizing,
  'ad_accounts_audiences_shared_accounts/list': listSharedAccounts,
  'update_ad_account_to_ad_account_shared_audience': updateSharedAudience,
};

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new FakeError(413, 413, `Request body over ${MAX_BODY_BYTES} bytes.`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client killed mid-request: no 'end' will come.
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client went away before its request was complete'));
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function resetConnection(req: IncomingMessage): void {
  const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidRequest('Invalid parameters: the request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest('Invalid parameters: the request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export async function startFakePinterest(options: FakePinterestOptions = {}): Promise<FakePinterest> {
  const state = new FakeState({
    now: options.now,
    accessTokenExpiresIn: options.accessTokenExpiresIn,
    refreshTokenExpiresIn: options.refreshTokenExpiresIn,
  });
  const startFaults: FaultSettings = {
    ...DEFAULT_FAULTS,
    ...(options.minAudienceSize !== undefined ? { minAudienceSize: options.minAudienceSize } : {}),
    ...options.faults,
  };
  const faults = new Faults(startFaults, options.random);
  faults.set(startFaults); // reject bad initial settings loudly
  const loaded = options.specPath === null ? { validator: null, reason: 'validation turned off' } : loadOpenApi(options.specPath ?? resolveSpecPath());
  const validator = loaded.validator;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** The checks of tests waiting in `whenRequests`, run whenever the request log changes. */
  const requestWaiters = new Set<() => void>();
  const requestsChanged = (): void => {
    for (const check of [...requestWaiters]) check();
  };

  const violate = (v: Omit<Violation, 'time'>): void => {
    state.violations.push({ ...v, time: state.now() });
  };

  function authenticate(req: IncomingMessage, route: OperationRoute, entry: RequestLogEntry): AccessTokenRecord {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new FakeError(401, 2, 'Authentication failed: send Authorization: Bearer <access token>.', true);
    const record = state.accessTokens.get(match[1] ?? '');
    if (!record) throw authenticationFailed();
    if (faults.takeTokenExpiry()) {
      record.expiresAt = state.now() - 1;
      entry.fault = 'token_expired';
    }
    if (record.expiresAt <= state.now()) throw authenticationFailed('The access token has expired.');
    if (route.scope && !record.scopes.has(route.scope)) throw missingScope(route.scope);
    return record;
  }

  /** Writes being answered, by the object they change (`customer_lists/update:ID`). */
  const writesInFlight = new Set<string>();

  /**
   * The object a PATCH changes. Pinterest answers 429 to "multiple write operations applied to an
   * object within a short time window", and Pinlist promises one write per customer list at a time.
   */
  function writeTarget(method: string, pathname: string): string | null {
    const { match } = matchRoute(method, pathname);
    if (match?.op.id === 'customer_lists/update') return `${match.op.id}:${match.params.customer_list_id ?? ''}`;
    if (match?.op.id === 'audiences/update') return `${match.op.id}:${match.params.audience_id ?? ''}`;
    // The body names the audience; one sharing change per ad account at a time is stricter and enough.
    if (match?.op.id === 'update_ad_account_to_ad_account_shared_audience') return `${match.op.id}:${match.params.ad_account_id ?? ''}`;
    return null;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = writeTarget(req.method ?? 'GET', url.pathname);
    if (target === null) return answerApi(req, res, url, false);
    const overlapping = writesInFlight.has(target);
    if (!overlapping) writesInFlight.add(target);
    try {
      await answerApi(req, res, url, overlapping);
    } finally {
      if (!overlapping) writesInFlight.delete(target);
    }
  }

  async function answerApi(req: IncomingMessage, res: ServerResponse, url: URL, overlapping: boolean): Promise<void> {
    const method = req.method ?? 'GET';
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      operation: null,
      status: 0,
      records: null,
      write: false,
      time: state.now(),
      fault: null,
    };
    state.requests.push(entry);
    requestsChanged();
    // Listening for the body from the start: a client killed during the latency below must still
    // end this request (a body read begun after its 'close' would wait forever and leave the
    // object "being written", answering every later write with 429).
    const bodyText = readBody(req);
    bodyText.catch(() => undefined);
    const latency = faults.settings.latencyMs;
    if (latency > 0) await sleep(latency);
    const { match, methodMismatch } = matchRoute(method, url.pathname);
    const where = { method, path: url.pathname };

    const answer = (status: number, body: unknown, headers?: Record<string, string>): void => {
      entry.status = status;
      requestsChanged();
      if (validator && entry.operation) {
        const problems = validator.validateResponse(entry.operation, status, body);
        if (problems.length > 0) violate({ kind: 'response', operation: entry.operation, ...where, status, problems });
      }
      sendJson(res, status, body, headers);
    };

    try {
      const raw = await bodyText;
      if (!match) {
        const status = methodMismatch ? 405 : 404;
        const message = methodMismatch ? `${method} is not allowed on ${url.pathname}.` : `No endpoint ${url.pathname} in this fake.`;
        violate({ kind: 'request', operation: null, ...where, status, problems: [message] });
        answer(status, { code: status, message });
        return;
      }
      const route = match.op;
      entry.operation = route.id;
      entry.write = route.write;
      requestsChanged();
      const body = parseBody(raw, req.headers['content-type']);
      if (route.id.startsWith('customer_lists/')) entry.records = countRecords(body.records);
      // Credentials first, as Pinterest does: a missing or bad one is a 401, not a 400.
      if (route.id === 'oauth/token') basicApp(state, req.headers);
      const bearer = route.id === 'oauth/token' ? null : authenticate(req, route, entry);
      if (validator) {
        const problems = validator.validateRequest(route.id, {
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: raw === '' ? undefined : body,
        });
        if (problems.length > 0) {
          violate({ kind: 'request', operation: route.id, ...where, status: 400, problems });
          answer(400, { code: 1, message: `Invalid parameters: ${problems.join('; ')}` });
          return;
        }
      }
      if (overlapping) {
        throw new FakeError(
          429,
          8,
          'Multiple write operations were applied to this object within a short time window: send one write at a time, after the previous one is answered.',
          true,
        );
      }
      const fault = faults.next(route.write);
      if (fault?.kind === 'reset' && !fault.afterApplying) {
        entry.fault = 'reset';
        resetConnection(req);
        return;
      }
      if (fault?.kind === 'error') {
        entry.fault = fault.error.status === 429 ? 'rate_limit' : 'server_error';
        throw fault.error;
      }
      const result = HANDLERS[route.id]({ state, faults, params: match.params, query: url.searchParams, body, headers: req.headers, token: bearer });
      if (fault?.kind === 'reset') {
        entry.fault = 'reset';
        resetConnection(req);
        return;
      }
      const lean = faults.settings.sparseResponses && result.status >= 200 && result.status < 300;
      answer(result.status, lean ? sparseBody(route.id, result.body) : result.body, result.headers);
    } catch (error) {
      if (error instanceof FakeError) {
        if (error.violation) violate({ kind: 'request', operation: entry.operation, ...where, status: error.status, problems: [error.message] });
        answer(error.status, error.body, error.headers);
        return;
      }
      // A bug in the fake itself: answer like Pinterest's passing fault, and make the test fail.
      const message = `Fake Pinterest crashed: ${(error as Error).stack ?? String(error)}`;
      violate({ kind: 'response', operation: entry.operation, ...where, status: 500, problems: [message] });
      answer(500, { code: 12, message: 'Something went wrong on our end. Sorry about that.' });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__fake/')) {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
      } catch {
        sendJson(res, 400, { error: 'Send JSON.' });
        return;
      }
      const result = control(state, faults, method, url.pathname, body);
      sendJson(res, result.status, result.body);
      return;
    }
    if (url.pathname === '/oauth/' || url.pathname === '/oauth') {
      const result = method === 'GET' ? authorize(state, url.searchParams) : { status: 405, headers: {}, body: 'GET only' };
      if ('violation' in result && result.violation) {
        violate({ kind: 'request', operation: null, method, path: url.pathname, status: result.status, problems: [result.violation] });
      }
      res.writeHead(result.status, result.headers);
      res.end(result.body);
      return;
    }
    if (url.pathname === '/v5' || url.pathname.startsWith('/v5/')) {
      await api(req, res, url);
      return;
    }
    sendJson(res, 404, { code: 404, message: `Nothing at ${url.pathname}: the API is under /v5 and sign-in under /oauth/.` });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 12, message: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  return {
    origin,
    baseUrl: `${origin}/v5`,
    oauthUrl: `${origin}/oauth/`,
    port: address.port,
    state,
    faults,
    violations: state.violations,
    spec: { validator, reason: loaded.reason },
    whenRequests: (count, filter = {}) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (state.countRequests(filter) < count) return;
          requestWaiters.delete(check);
          resolve();
        };
        requestWaiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
