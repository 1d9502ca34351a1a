/**
 * `/__fake/…`: lets end-to-end tests (which only hold a URL) set faults and read state over HTTP.
 *   GET/POST/DELETE /__fake/faults   read, change (JSON partial FaultSettings), reset
 *   GET  /__fake/state               summary: violations, request counts, lists, audiences
 *   POST /__fake/state               {matching?, authorizeDecision?, sharingAllowed?}
 *   POST /__fake/audiences/ID        {size?, status?}: what Pinterest reports for that audience
 *   POST /__fake/tokens              {scopes?, expiresIn?} → {accessToken, refreshToken, expiresIn}
 */
import type { Faults, FaultSettings } from './faults.js';
import type { FakeState } from './state.js';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function summary(state: FakeState): Record<string, unknown> {
  return {
    violations: state.violations,
    requestCount: state.requests.length,
    writeRequestCount: state.writeRequestCount,
    adAccounts: [...state.adAccounts.values()],
    customerLists: state.customerLists(),
    audiences: state.audiences(),
    matching: state.matching,
    sharingAllowed: state.sharingAllowed,
    authorizeDecision: state.authorizeDecision,
  };
}

export function control(state: FakeState, faults: Faults, method: string, pathname: string, body: unknown): ControlAnswer {
  const bad = (message: string): ControlAnswer => ({ status: 400, body: { error: message } });
  if (pathname === '/__fake/faults') {
    if (method === 'GET') return { status: 200, body: faults.settings };
    if (method === 'DELETE') {
      faults.reset();
      return { status: 200, body: faults.settings };
    }
    if (method === 'POST') {
      if (!isObject(body)) return bad('Send a JSON object of fault settings.');
      try {
        faults.set(body as Partial<FaultSettings>);
      } catch (error) {
        return bad((error as Error).message);
      }
      return { status: 200, body: faults.settings };
    }
  }
  if (pathname === '/__fake/state') {
    if (method === 'GET') return { status: 200, body: summary(state) };
    if (method === 'POST') {
      if (!isObject(body)) return bad('Send a JSON object.');
      for (const key of Object.keys(body)) if (key !== 'matching' && key !== 'authorizeDecision' && key !== 'sharingAllowed') return bad(`Unknown state setting ${key}.`);
      if ('sharingAllowed' in body) {
        if (typeof body.sharingAllowed !== 'boolean') return bad('sharingAllowed must be true or false.');
        state.sharingAllowed = body.sharingAllowed;
      }
      if ('matching' in body) {
        if (typeof body.matching !== 'boolean') return bad('matching must be true or false.');
        state.matching = body.matching;
      }
      if ('authorizeDecision' in body) {
        if (body.authorizeDecision !== 'approve' && body.authorizeDecision !== 'deny') return bad('authorizeDecision must be approve or deny.');
        state.authorizeDecision = body.authorizeDecision;
      }
      return { status: 200, body: summary(state) };
    }
  }
  const audienceId = /^\/__fake\/audiences\/(\d+)$/.exec(pathname)?.[1];
  if (audienceId !== undefined && method === 'POST') {
    if (!isObject(body)) return bad('Send {size?, status?}.');
    const size = body.size;
    if (size !== undefined && size !== null && (typeof size !== 'number' || !Number.isInteger(size) || size < 0)) return bad('size must be a whole number or null.');
    if (body.status !== undefined && typeof body.status !== 'string') return bad('status must be a string.');
    try {
      state.setAudienceReading(audienceId, { size: size as number | null | undefined, status: body.status as string | undefined });
    } catch (error) {
      return { status: 404, body: { error: (error as Error).message } };
    }
    return { status: 200, body: summary(state) };
  }
  if (pathname === '/__fake/tokens' && method === 'POST') {
    const options = isObject(body) ? body : {};
    const scopes = Array.isArray(options.scopes) ? options.scopes.map(String) : undefined;
    const expiresIn = typeof options.expiresIn === 'number' ? options.expiresIn : undefined;
    return { status: 200, body: state.issueToken({ scopes, expiresIn }) };
  }
  return { status: 404, body: { error: `No control route ${method} ${pathname}.` } };
}
