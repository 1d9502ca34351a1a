import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import type { HandlerTable } from '../../electron/core/handler-types.js';
import { requestNames, requests } from '../../shared/contract/index.js';
import { PinlistError } from '../../shared/errors.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('dispatch', () => {
  it('has a handler for every channel in the contract, and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...requestNames].sort());
    for (const name of requestNames) expect(requests[name].summary.length).toBeGreaterThan(10);
  });

  it('round-trips a valid request', async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    const result = await dispatch(handlers, 'app.ping', { message: 'hello' }, { core });
    expect(result).toMatchObject({ ok: true, value: { message: 'hello' } });
    await core.close();
  });

  it('refuses unknown channels, including inherited names', async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    for (const channel of ['nope', 'constructor', '__proto__', 'toString', 42]) {
      const result = await dispatch(handlers, channel, {}, { core });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    await core.close();
  });

  it('refuses input that fails the schema, extra keys and prototype-pollution payloads', async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    const bad = [
      { message: 5 },
      { message: 'x', extra: true },
      JSON.parse('{"message":"x","__proto__":{"polluted":true}}'),
      JSON.parse('{"message":"x","constructor":{"prototype":{"polluted":true}}}'),
      null,
      'string',
    ];
    for (const input of bad) {
      const result = await dispatch(handlers, 'app.ping', input, { core });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_INPUT');
        expect(result.error.message).toContain('app.ping');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await core.close();
  });

  it('passes a PinlistError through and hides nothing else but tokens', async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    const table = {
      ...handlers,
      'app.ping': () => {
        throw new PinlistError('NOT_FOUND', 'No such list. Create it first.');
      },
      'app.info': () => {
        throw new Error('boom with pina_ABCDEFGHIJKLMNOP inside');
      },
    } as HandlerTable;
    expect(await dispatch(table, 'app.ping', { message: 'x' }, { core })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such list. Create it first.' },
    });
    const internal = await dispatch(table, 'app.info', {}, { core });
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('INTERNAL');
      expect(internal.error.message).toContain('boom');
      expect(internal.error.message).not.toContain('ABCDEFGHIJKLMNOP');
    }
    await core.close();
  });

  it('refuses an output that drifts from its schema outside production, and lets it through in production', async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    const table = { ...handlers, 'app.ping': () => ({ message: 'hi', receivedAt: 12 }) } as unknown as HandlerTable;
    const drifted = await dispatch(table, 'app.ping', { message: 'x' }, { core });
    expect(drifted).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!drifted.ok) expect(drifted.error.message).toMatch(/app\.ping answered outside its contract.*receivedAt/s);
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(await dispatch(table, 'app.ping', { message: 'x' }, { core })).toEqual({ ok: true, value: { message: 'hi', receivedAt: 12 } });
    } finally {
      process.env.NODE_ENV = saved;
      await core.close();
    }
  });
});
