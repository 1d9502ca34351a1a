/**
 * Failures on demand. Counted faults (`…Times`) fire on the next matching requests and count down;
 * `rateLimitProbability` answers a random share of matching requests with 429 (a "storm").
 * `appliesTo` picks which requests the counted and random faults hit: writes only, or all.
 */
import { rateLimited, serverFault, type FakeError } from './errors.js';

export interface FaultSettings {
  appliesTo: 'all' | 'writes';
  /** Answer the next N matching requests with 429 code 8. */
  rateLimitTimes: number;
  /** Answer this share (0..1) of matching requests with 429 code 8. */
  rateLimitProbability: number;
  /** `Retry-After` (seconds) on every 429; null sends none. */
  retryAfterSeconds: number | null;
  /** Answer the next N matching requests with 500 code 12. */
  serverErrorTimes: number;
  /** Destroy the socket of the next N matching requests. */
  resetTimes: number;
  /** Reset after the request took effect (the client cannot tell whether a write landed). */
  resetAfterApplying: boolean;
  /** Delay before every /v5 answer, in ms. */
  latencyMs: number;
  /** Answer 413 when one request carries more records than this; null = no limit. */
  maxRecordsPerRequest: number | null;
  /**
   * The status of that refusal: 413, or 400 with a message that names no size (Pinterest documents
   * no limit, so a client cannot count on the words).
   */
  recordsCapStatus: 413 | 400;
  /** Records (hex) refused with 400 code 1 in any batch that carries them, as a bad record would be. */
  refuseRecords: string[];
  /** The next bearer-authenticated request finds its access token expired (401 code 2). */
  expireTokenNext: boolean;
  /** Refuse to create an audience from a customer list with fewer members. */
  minAudienceSize: number;
  /** Answer successes with the leanest bodies the spec allows (see sparse.ts). */
  sparseResponses: boolean;
}

export const DEFAULT_FAULTS: FaultSettings = {
  appliesTo: 'all',
  rateLimitTimes: 0,
  rateLimitProbability: 0,
  retryAfterSeconds: null,
  serverErrorTimes: 0,
  resetTimes: 0,
  resetAfterApplying: false,
  latencyMs: 0,
  maxRecordsPerRequest: null,
  recordsCapStatus: 413,
  refuseRecords: [],
  expireTokenNext: false,
  minAudienceSize: 100,
  sparseResponses: false,
};

function checkSetting(key: string, value: unknown): string | null {
  const number = (min: number, max = Number.POSITIVE_INFINITY): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? null : `${key} must be a number from ${min}${max === Number.POSITIVE_INFINITY ? '' : ` to ${max}`}`;
  switch (key) {
    case 'appliesTo':
      return value === 'all' || value === 'writes' ? null : 'appliesTo must be "all" or "writes"';
    case 'rateLimitProbability':
      return number(0, 1);
    case 'retryAfterSeconds':
    case 'maxRecordsPerRequest':
      return value === null ? null : number(key === 'maxRecordsPerRequest' ? 1 : 0);
    case 'recordsCapStatus':
      return value === 413 || value === 400 ? null : 'recordsCapStatus must be 413 or 400';
    case 'refuseRecords':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'refuseRecords must be an array of strings';
    case 'resetAfterApplying':
    case 'expireTokenNext':
    case 'sparseResponses':
      return typeof value === 'boolean' ? null : `${key} must be true or false`;
    case 'rateLimitTimes':
    case 'serverErrorTimes':
    case 'resetTimes':
    case 'latencyMs':
    case 'minAudienceSize':
      return number(0);
    default:
      return `unknown fault setting ${key}`;
  }
}

export type FaultOutcome = { kind: 'reset'; afterApplying: boolean } | { kind: 'error'; error: FakeError } | null;

export class Faults {
  private current: FaultSettings;

  constructor(
    private readonly defaults: FaultSettings = DEFAULT_FAULTS,
    private readonly random: () => number = Math.random,
  ) {
    this.current = { ...defaults };
  }

  get settings(): Readonly<FaultSettings> {
    return { ...this.current };
  }

  /** Change some settings; throws (naming the problem) on an unknown key or a bad value. */
  set(partial: Partial<FaultSettings>): void {
    const problems = Object.entries(partial)
      .map(([key, value]) => checkSetting(key, value))
      .filter((p): p is string => p !== null);
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.current = { ...this.current, ...partial };
  }

  /** Back to the settings the server started with. */
  reset(): void {
    this.current = { ...this.defaults };
  }

  /** Consume the one-shot token expiry, if armed. */
  takeTokenExpiry(): boolean {
    if (!this.current.expireTokenNext) return false;
    this.current.expireTokenNext = false;
    return true;
  }

  /** Decide (and count down) the fault for one request that passed authentication and validation. */
  next(write: boolean): FaultOutcome {
    const s = this.current;
    if (s.appliesTo === 'writes' && !write) return null;
    if (s.resetTimes > 0) {
      s.resetTimes -= 1;
      return { kind: 'reset', afterApplying: s.resetAfterApplying };
    }
    if (s.rateLimitTimes > 0) {
      s.rateLimitTimes -= 1;
      return { kind: 'error', error: rateLimited(s.retryAfterSeconds) };
    }
    if (s.rateLimitProbability > 0 && this.random() < s.rateLimitProbability) {
      return { kind: 'error', error: rateLimited(s.retryAfterSeconds) };
    }
    if (s.serverErrorTimes > 0) {
      s.serverErrorTimes -= 1;
      return { kind: 'error', error: serverFault() };
    }
    return null;
  }
}
