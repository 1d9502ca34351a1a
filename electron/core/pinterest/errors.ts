import { PinlistError, type ErrorCode } from '../../../shared/errors.js';
import { redactSecrets } from '../../../shared/redact.js';

export interface PinterestErrorFacts {
  /** HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  /** Pinterest's own `code` from the error body, when it sent one. */
  pinterestCode: number | null;
  /** What was being done, e.g. "updating customer list 123". */
  operation: string;
  /**
   * True when a write may have taken effect although it failed (a reset or a 5xx after the
   * request was sent). A create that fails this way must be checked before it is repeated.
   */
  ambiguous?: boolean;
}

/** Every failure of a call to Pinterest. The sync engine reads `status`/`pinterestCode`; people read `message`. */
export class PinterestApiError extends PinlistError {
  readonly status: number | null;
  readonly pinterestCode: number | null;
  readonly operation: string;
  readonly ambiguous: boolean;

  constructor(code: ErrorCode, message: string, facts: PinterestErrorFacts) {
    super(code, redactSecrets(message), {
      status: facts.status,
      pinterestCode: facts.pinterestCode,
      operation: facts.operation,
      ambiguous: facts.ambiguous ?? false,
    });
    this.name = 'PinterestApiError';
    this.status = facts.status;
    this.pinterestCode = facts.pinterestCode;
    this.operation = facts.operation;
    this.ambiguous = facts.ambiguous ?? false;
  }
}

/**
 * Pinterest refused a request that carried records, with a 413 or a 400. Nothing from that request
 * was applied: the sync engine splits the batch and sends the halves, so a size limit is found
 * and a record refused for itself ends up alone. `sizeCertain` is false for a 400 that names no
 * size: Pinterest documents no limit and no wording, so such a 400 may be either.
 */
export class BatchTooLargeError extends PinterestApiError {
  readonly recordCount: number;
  readonly sizeCertain: boolean;
  /** Pinterest's own status and message, e.g. "400: Invalid parameters". */
  readonly refusal: string;

  constructor(recordCount: number, facts: Omit<PinterestErrorFacts, 'ambiguous'>, pinterestMessage: string, sizeCertain = true) {
    super(
      'PINTEREST_ERROR',
      sizeCertain
        ? `Pinterest refused ${facts.operation} because the batch of ${recordCount} records is too large (${facts.status ?? '?'}: ${pinterestMessage}). ` +
            'Lower the batch size in Settings and sync again.'
        : `Pinterest refused ${facts.operation} (${facts.status ?? '?'}: ${pinterestMessage}): the batch of ${recordCount} records may be too large, or one of its records refused.`,
      facts,
    );
    this.name = 'BatchTooLargeError';
    this.recordCount = recordCount;
    this.sizeCertain = sizeCertain;
    this.refusal = redactSecrets(`${facts.status ?? '?'}: ${pinterestMessage}`);
  }
}

export function isBatchTooLarge(error: unknown): error is BatchTooLargeError {
  return error instanceof BatchTooLargeError;
}

/** Pinterest documents no record limit; these are the words a size refusal would use. */
const BATCH_TOO_LARGE_WORDS = /too (large|big|long|many)|exceed|maximum (number|size)|payload|request entity/i;

export function saysBatchTooLarge(message: string): boolean {
  return BATCH_TOO_LARGE_WORDS.test(message);
}
