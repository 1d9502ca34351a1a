import type { SyncGuardrail, SyncReport } from './contract/sync.js';
import { isPinlistError, PinlistError, type ErrorCode, type ErrorPayload } from './errors.js';
import { redactSecrets } from './redact.js';

/**
 * The one way an unknown error becomes the `{code, message, details?}` that crosses a thread, a
 * process or the contract. Every copy of this (dispatch, jobs, the import and ledger workers, the
 * sync engine, uploads) calls it, so every one redacts tokens and none sends a stack to a person.
 */

/**
 * What an error payload may carry besides its message, so a surface never reaches behind the
 * contract for it. JSON only: payloads cross threads, IPC and HTTP.
 */
export interface ErrorDetails {
  /** A sync that stopped after its run was recorded (any code): the partial report. */
  report?: SyncReport;
  /** SYNC_INCOMPLETE: the code of the error that stopped the sync. */
  cause?: ErrorCode;
  /** SYNC_NEEDS_CONFIRMATION: the customer lists that would shrink past a guardrail. */
  guardrails?: SyncGuardrail[];
  /** PINTEREST_*: the failed call. */
  status?: number | null;
  pinterestCode?: number | null;
  operation?: string;
  ambiguous?: boolean;
  [key: string]: unknown;
}

export interface ToErrorPayloadOptions {
  /** Says what failed, for an error that is not a PinlistError: "`what`: its message". Default: "Something went wrong". */
  what?: string;
  /** The code of an error that is not a PinlistError (default INTERNAL). */
  code?: ErrorCode;
  /** What to do next, after the message. */
  advice?: string;
}

const DEFAULT_ADVICE = 'Try again; if it keeps happening, report it.';

/** System failures a person can act on, whichever layer saw them. */
function knownSystemError(error: unknown): ErrorPayload | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return { code: 'DB_BUSY', message: 'The database is busy with another import or sync. Nothing was written; try again when it has finished.' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    // Where the folder is known, electron/core/db/storage-errors.ts has already named the disk.
    return { code: 'DISK_FULL', message: 'The disk holding Pinlist’s data folder is full. Nothing was written; free some space and try again.' };
  }
  return null;
}

/** Details as plain JSON with tokens redacted; undefined when there are none (or they do not serialise). */
function safeDetails(details: Record<string, unknown> | undefined): ErrorDetails | undefined {
  if (!details || Object.keys(details).length === 0) return undefined;
  try {
    return JSON.parse(redactSecrets(JSON.stringify(details))) as ErrorDetails;
  } catch {
    return undefined;
  }
}

export function toErrorPayload(error: unknown, options: ToErrorPayloadOptions = {}): ErrorPayload {
  if (isPinlistError(error)) {
    const details = safeDetails(error.details);
    const payload: ErrorPayload = { code: error.code, message: redactSecrets(error.message) };
    return details ? { ...payload, details } : payload;
  }
  const known = knownSystemError(error);
  if (known) return known;
  const text = error instanceof Error ? error.message : String(error);
  const message = `${options.what ?? 'Something went wrong'}: ${text.replace(/\.\s*$/, '')}. ${options.advice ?? DEFAULT_ADVICE}`;
  return { code: options.code ?? 'INTERNAL', message: redactSecrets(message) };
}

/** The error a payload stands for, thrown again on this side of the thread or wire. */
export function errorFromPayload(payload: ErrorPayload): PinlistError {
  return new PinlistError(payload.code, payload.message, payload.details);
}

/** The value of a Result, or its error thrown as a PinlistError. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: ErrorPayload }): T {
  if (result.ok) return result.value;
  throw errorFromPayload(result.error);
}

/** The typed details of a payload or a PinlistError (empty when it has none). */
export function errorDetails(error: ErrorPayload | PinlistError | null | undefined): ErrorDetails {
  return (error?.details ?? {}) as ErrorDetails;
}
