import { describe, expect, it } from 'vitest';
import { errorDetails, toErrorPayload, unwrap } from '../../shared/error-payload.js';
import { PinlistError } from '../../shared/errors.js';

const TOKEN = 'pina_AbCdEfGhIjKlMnOp123456';

describe('toErrorPayload', () => {
  it('keeps a PinlistError code and message, redacting tokens in the message and the details', () => {
    const error = new PinlistError('AUTH_FAILED', `Pinterest refused ${TOKEN} here. Sign in again.`, { operation: `renewing ${TOKEN}`, status: 401 });
    const payload = toErrorPayload(error);
    expect(payload.code).toBe('AUTH_FAILED');
    expect(payload.message).toBe('Pinterest refused pina…[redacted] here. Sign in again.');
    expect(payload.details).toEqual({ operation: 'renewing pina…[redacted]', status: 401 });
    expect(JSON.stringify(payload)).not.toContain(TOKEN);
  });

  it('turns anything else into INTERNAL with what failed and what to do, never a stack', () => {
    const error = new Error(`socket hang up near ${TOKEN} now`);
    const payload = toErrorPayload(error, { what: 'Computing the sync failed' });
    expect(payload).toEqual({
      code: 'INTERNAL',
      message: 'Computing the sync failed: socket hang up near pina…[redacted] now. Try again; if it keeps happening, report it.',
    });
    expect(payload.message).not.toContain('at ');
    expect(toErrorPayload('plain text', { code: 'FILE_NOT_FOUND', what: 'The upload was interrupted', advice: 'Choose the file again.' })).toEqual({
      code: 'FILE_NOT_FOUND',
      message: 'The upload was interrupted: plain text. Choose the file again.',
    });
  });

  it('names a busy database and a full disk for what they are', () => {
    expect(toErrorPayload(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })).code).toBe('DB_BUSY');
    expect(toErrorPayload(Object.assign(new Error('no space'), { code: 'ENOSPC' })).code).toBe('DISK_FULL');
    expect(toErrorPayload(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })).code).toBe('DISK_FULL');
  });

  it('drops details that do not serialise rather than failing', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(toErrorPayload(new PinlistError('CONFLICT', 'Try again.', circular)).details).toBeUndefined();
  });
});

describe('unwrap', () => {
  it('returns a value and throws an error payload back as a PinlistError with its details', () => {
    expect(unwrap({ ok: true, value: 42 })).toBe(42);
    let thrown: unknown;
    try {
      unwrap({ ok: false, error: { code: 'SYNC_INCOMPLETE', message: 'Sync again.', details: { cause: 'PINTEREST_UNAVAILABLE' } } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PinlistError);
    expect((thrown as PinlistError).code).toBe('SYNC_INCOMPLETE');
    expect(errorDetails(thrown as PinlistError).cause).toBe('PINTEREST_UNAVAILABLE');
  });
});
