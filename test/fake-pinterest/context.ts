import type { IncomingHttpHeaders } from 'node:http';
import type { Faults } from './faults.js';
import type { AccessTokenRecord, FakeState } from './state.js';

/** What an operation handler gets: the request, parsed, and the fake's state. */
export interface OpContext {
  state: FakeState;
  faults: Faults;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON or form body; `{}` when there is none. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The bearer token's record (null for the token endpoint, which uses HTTP Basic). */
  token: AccessTokenRecord | null;
}

export interface OpResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type OpHandler = (ctx: OpContext) => OpResult;
