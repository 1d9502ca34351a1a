/**
 * Error answers the fake gives, as Pinterest's `{code, message}`. Codes follow what Pinterest
 * documents (2 authentication failed, 3 missing scope, 8 rate limited, 12 passing server fault,
 * 29 not permitted); where Pinterest documents none, the code repeats the HTTP status, as the
 * spec's own examples for audiences and the user account do.
 */
export interface ErrorBody {
  code: number;
  message: string;
}

export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** The client broke the published contract (recorded in `fake.violations`). */
    readonly violation = false,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** 400 code 1: the request breaks the contract (a client bug, so also a violation). */
export function invalidRequest(message: string): FakeError {
  return new FakeError(400, 1, message, true);
}

export function authenticationFailed(detail?: string): FakeError {
  return new FakeError(401, 2, detail ? `Authentication failed. ${detail}` : 'Authentication failed.');
}

export function missingScope(scope: string): FakeError {
  return new FakeError(401, 3, `Authentication failed: the access token lacks the scope ${scope}.`);
}

export function notPermitted(): FakeError {
  return new FakeError(403, 29, 'You are not permitted to access that resource.');
}

export function notFound(what: string): FakeError {
  return new FakeError(404, 404, `${what} not found.`);
}

export function rateLimited(retryAfterSeconds: number | null): FakeError {
  const headers: Record<string, string> = retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return new FakeError(429, 8, 'You have exceeded your rate limit. Try again later.', false, headers);
}

export function serverFault(): FakeError {
  return new FakeError(500, 12, 'Something went wrong on our end. Sorry about that.');
}

export function tooManyRecords(sent: number, max: number, status: 413 | 400 = 413): FakeError {
  if (status === 400) return new FakeError(400, 1, `Invalid parameters: records (${sent} given; at most ${max} per call).`);
  return new FakeError(413, 413, `Too many records in one request: ${sent} sent, at most ${max} accepted.`);
}

/** A record refused for itself (not a contract breach: Pinterest may refuse what it cannot process). */
export function recordRefused(index: number, count: number): FakeError {
  return new FakeError(400, 1, `Invalid parameters: record ${index + 1} of ${count} could not be processed.`);
}
