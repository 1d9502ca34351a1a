import { PinlistError } from '../../../shared/errors.js';
import { redactSecrets } from '../../../shared/redact.js';
import { abortableSleep, formatWait, fullJitterDelay, parseRetryAfter } from './backoff.js';
import { PinterestApiError } from './errors.js';
import { pinterestErrorBodySchema } from './types.js';

export type RetryReason = 'rate-limited' | 'server-error' | 'network' | 'timeout';

/** Told before every wait, so a surface can show "Rate limited by Pinterest: waiting 12 s". */
export interface RetryEvent {
  reason: RetryReason;
  /** 1 for the first retry. */
  attempt: number;
  maxRetries: number;
  waitMs: number;
  /** The HTTP status that caused the retry; null for network errors and timeouts. */
  status: number | null;
  operation: string;
  /** A sentence for people. */
  message: string;
}

export interface TransportOptions {
  /** e.g. https://api.pinterest.com/v5 (no trailing slash needed). */
  apiBase: string;
  /** Retries after a 5xx or a network error; then the call fails. Default 5. */
  maxRetries?: number;
  /**
   * Retries after a 429. Pinterest is asking to wait, not failing, so a sync waits longer before
   * it gives up than after errors (a storm of 429s is normal under shared app limits). Default 12.
   */
  maxRateLimitRetries?: number;
  /** First backoff ceiling; doubles each retry (full jitter). Default 1000 ms. */
  backoffBaseMs?: number;
  /** Backoff ceiling. Default 60 s. */
  backoffMaxMs?: number;
  /** A Retry-After longer than this fails at once rather than blocking a sync for hours. Default 15 min. */
  maxRetryAfterMs?: number;
  /** Per attempt, including reading the body. Default 60 s. */
  requestTimeoutMs?: number;
  /** Injectable for tests (and a scaled clock); must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  /** Told before every HTTP request goes out, retries included, so a sync can count what it sent. */
  onAttempt?: () => void;
  /** Cancels the call in flight and any wait (a job's signal). */
  signal?: AbortSignal;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Below the API base, e.g. `/ad_accounts`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  authorization: string;
  /** e.g. "listing ad accounts": used in messages. */
  operation: string;
  /**
   * Safe to repeat after a failure that may have taken effect (reads, ADD/REMOVE). A create is
   * not: after a reset or a 5xx it fails at once with `ambiguous: true` instead of risking a duplicate.
   */
  idempotent: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when it was empty or not JSON. */
  body: unknown;
  /** Pinterest's `{code, message}` when the body has them. */
  pinterestCode: number | null;
  pinterestMessage: string | null;
}

const DEFAULTS = {
  maxRetries: 5,
  maxRateLimitRetries: 12,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
  requestTimeoutMs: 60_000,
};

interface NetworkFailure {
  reason: 'network' | 'timeout';
  /** False when the request certainly never reached Pinterest (refused, unknown host). */
  maybeSent: boolean;
  detail: string;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function describeNetworkFailure(error: unknown): NetworkFailure {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return { reason: 'timeout', maybeSent: true, detail: 'no answer in time' };
  const code = err?.cause?.code;
  const detail = code ?? err?.cause?.message ?? err?.message ?? String(error);
  return { reason: 'network', maybeSent: !(code && NOT_SENT_CODES.has(code)), detail };
}

/**
 * One HTTP exchange with Pinterest, with the waiting and retrying Pinterest asks for: 429 honours
 * Retry-After (else backs off), 5xx and network errors back off, everything else is returned for
 * the caller to interpret. Never logs; every message is redacted.
 */
export class PinterestTransport {
  readonly apiBase: string;
  private readonly settings: typeof DEFAULTS;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: TransportOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.settings = {
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      maxRateLimitRetries: options.maxRateLimitRetries ?? DEFAULTS.maxRateLimitRetries,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    };
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  get maxRetries(): number {
    return this.settings.maxRetries;
  }

  url(path: string, query?: TransportRequest['query']): string {
    const url = new URL(`${this.apiBase}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const { maxRetries, maxRateLimitRetries } = this.settings;
    let waitedMs = 0;
    // Counted apart: a 429 between two 500s must not use up the budget for failures, nor the reverse.
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      this.throwIfCancelled(request);
      let response: TransportResponse;
      try {
        response = await this.attempt(request);
      } catch (error) {
        this.throwIfCancelled(request);
        const failure = describeNetworkFailure(error);
        if (failure.maybeSent && !request.idempotent) {
          throw new PinterestApiError(
            'PINTEREST_UNAVAILABLE',
            `The connection to Pinterest broke while ${request.operation} (${failure.detail}), so Pinterest may have done it anyway. Check your internet connection and try again in a moment.`,
            { status: null, pinterestCode: null, operation: request.operation, ambiguous: true },
          );
        }
        if (failures >= maxRetries) {
          throw new PinterestApiError(
            'PINTEREST_UNAVAILABLE',
            `Pinterest could not be reached while ${request.operation} (${failure.detail}), ${maxRetries + 1} times in a row. Check your internet connection (and any proxy or firewall), then try again.`,
            { status: null, pinterestCode: null, operation: request.operation, ambiguous: failure.maybeSent },
          );
        }
        const waitMs = this.backoff(failures);
        failures += 1;
        await this.waitBeforeRetry(request, failure.reason, failures, maxRetries, waitMs, null, failure.detail);
        waitedMs += waitMs;
        continue;
      }

      if (response.status === 429) {
        const said = parseRetryAfter(response.headers.get('retry-after'));
        const detail = `429${response.pinterestCode !== null ? `, code ${response.pinterestCode}` : ''}`;
        if (said !== null && said > this.settings.maxRetryAfterMs) {
          throw new PinterestApiError(
            'PINTEREST_RATE_LIMITED',
            `Pinterest is rate-limiting Pinlist (${detail}) and asks it to wait ${formatWait(said)} before ${request.operation}. Nothing more was sent; try again after that.`,
            { status: 429, pinterestCode: response.pinterestCode, operation: request.operation },
          );
        }
        if (rateLimits >= maxRateLimitRetries) {
          throw new PinterestApiError(
            'PINTEREST_RATE_LIMITED',
            `Pinterest kept rate-limiting Pinlist (${detail}) while ${request.operation}, after ${maxRateLimitRetries} retries over ${formatWait(waitedMs)}. ` +
              'Nothing more was sent. Wait a few minutes and try again; other tools using the same Pinterest app share its limit.',
            { status: 429, pinterestCode: response.pinterestCode, operation: request.operation },
          );
        }
        const waitMs = said ?? this.backoff(rateLimits);
        rateLimits += 1;
        await this.waitBeforeRetry(request, 'rate-limited', rateLimits, maxRateLimitRetries, waitMs, 429, null);
        waitedMs += waitMs;
        continue;
      }

      if (response.status >= 500) {
        const detail = `${response.status}${response.pinterestCode !== null ? `, code ${response.pinterestCode}` : ''}${response.pinterestMessage ? `: ${response.pinterestMessage}` : ''}`;
        if (!request.idempotent) {
          throw new PinterestApiError(
            'PINTEREST_UNAVAILABLE',
            `Pinterest had a server error while ${request.operation} (${detail}); it may have done it anyway. Try again in a moment.`,
            { status: response.status, pinterestCode: response.pinterestCode, operation: request.operation, ambiguous: true },
          );
        }
        if (failures >= maxRetries) {
          throw new PinterestApiError(
            'PINTEREST_UNAVAILABLE',
            `Pinterest kept failing while ${request.operation} (${detail}), ${maxRetries + 1} times in a row. Its service is having trouble: try again later.`,
            { status: response.status, pinterestCode: response.pinterestCode, operation: request.operation, ambiguous: request.method !== 'GET' },
          );
        }
        const waitMs = this.backoff(failures);
        failures += 1;
        await this.waitBeforeRetry(request, 'server-error', failures, maxRetries, waitMs, response.status, null);
        waitedMs += waitMs;
        continue;
      }
      return response;
    }
  }

  private backoff(attempt: number): number {
    return fullJitterDelay(attempt, this.settings.backoffBaseMs, this.settings.backoffMaxMs, this.random);
  }

  private async waitBeforeRetry(
    request: TransportRequest,
    reason: RetryReason,
    attempt: number,
    maxRetries: number,
    waitMs: number,
    status: number | null,
    detail: string | null,
  ): Promise<void> {
    const what = {
      'rate-limited': 'Rate limited by Pinterest',
      'server-error': `Pinterest server error (${status ?? '?'})`,
      network: `Connection to Pinterest failed (${detail ?? 'network error'})`,
      timeout: 'Pinterest did not answer in time',
    }[reason];
    const message = `${what}: waiting ${formatWait(waitMs)} before retry ${attempt} of ${maxRetries}.`;
    try {
      this.options.onRetry?.({ reason, attempt, maxRetries, waitMs, status, operation: request.operation, message });
    } catch {
      // A broken progress display must not break the call.
    }
    try {
      await this.sleep(waitMs, this.options.signal);
    } catch (error) {
      this.throwIfCancelled(request);
      throw error;
    }
  }

  private throwIfCancelled(request: TransportRequest): void {
    if (this.options.signal?.aborted) {
      throw new PinlistError('CANCELLED', `Cancelled while ${request.operation}. What Pinterest already confirmed stays recorded.`);
    }
  }

  private async attempt(request: TransportRequest): Promise<TransportResponse> {
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: request.authorization, Accept: 'application/json' };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    try {
      this.options.onAttempt?.();
    } catch {
      // A broken counter must not break the call.
    }
    const answer = await fetch(this.url(request.path, request.query), { method: request.method, headers, body, signal, redirect: 'error' });
    const text = await answer.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const errorBody = answer.status >= 400 ? pinterestErrorBodySchema.safeParse(parsed) : null;
    const pinterestCode = errorBody?.success ? (errorBody.data.code ?? null) : null;
    const rawMessage = errorBody?.success ? (errorBody.data.message ?? ([errorBody.data.error, errorBody.data.error_description].filter(Boolean).join(': ') || null)) : null;
    return {
      status: answer.status,
      headers: answer.headers,
      body: parsed,
      pinterestCode,
      pinterestMessage: rawMessage === null ? null : redactSecrets(rawMessage).slice(0, 500),
    };
  }
}
