import { toErrorPayload } from './error-payload.js';

/**
 * Stable error codes. Every failure that reaches a person (CLI, IPC, browser mode)
 * carries one of these and a message that says what to do next.
 */
export const ERROR_CODES = [
  // contract / transport
  'UNKNOWN_CHANNEL',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'FORBIDDEN',
  'INTERNAL',
  'CANCELLED',
  'USAGE',
  // data directory and storage
  'DATA_DIR_UNAVAILABLE',
  'DB_MIGRATION_FAILED',
  'DB_BUSY',
  'NOT_FOUND',
  'CONFLICT',
  'SAVE_FAILED',
  'DISK_FULL',
  'DATABASE_DAMAGED',
  'DATA_DIR_READ_ONLY',
  'PORT_IN_USE',
  // import
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'FILE_NO_ROWS',
  'FILE_BINARY',
  'FILE_BAD_XLSX',
  'FILE_XLSX_TOO_LARGE',
  'FILE_XLSX_CELL_TOO_LARGE',
  'FILE_XLSX_EMPTY_ROWS',
  'FILE_LINE_TOO_LONG',
  'FILE_ENCODING',
  'FILE_CHANGED',
  'SHEET_NOT_FOUND',
  'NO_IDENTIFIER_COLUMN',
  'BAD_MAPPING',
  'LIST_NOT_FOUND',
  // auth and sync
  'KEYCHAIN_UNAVAILABLE',
  'NOT_CONNECTED',
  'AUTH_FAILED',
  'AUTH_EXPIRED',
  'OAUTH_STATE_MISMATCH',
  'PINTEREST_FORBIDDEN',
  'PINTEREST_RATE_LIMITED',
  'PINTEREST_UNAVAILABLE',
  'PINTEREST_ERROR',
  'SYNC_LOCKED',
  'SYNC_NEEDS_CONFIRMATION',
  'SYNC_INCOMPLETE',
  // automation
  'AUTOMATION_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses a thread or the contract: build it with toErrorPayload (shared/error-payload.ts). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Structured facts a surface may show (see ErrorDetails in shared/error-payload.ts). */
  details?: Record<string, unknown>;
}

/** An error a person can act on. `message` must say what happened and what to do next. */
export class PinlistError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PinlistError';
    this.code = code;
    this.details = details;
  }

  /** This error as it crosses a thread or the contract: see toErrorPayload. */
  toPayload(): ErrorPayload {
    return toErrorPayload(this);
  }
}

export function isPinlistError(value: unknown): value is PinlistError {
  return value instanceof PinlistError;
}
