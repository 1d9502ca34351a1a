import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Keychain, keychainServiceName, SECRET_ACCOUNTS } from '../../electron/core/auth/keychain.js';
import { startTestKeychain } from './helpers/secret-service.js';
import { childScriptArgs } from '../helpers/child-process.js';

const run = promisify(execFile);
const { keychain: testKeychain, reason } = await startTestKeychain();
if (!testKeychain) console.warn(`Skipping the keychain tests: ${reason ?? ''}`);

afterAll(async () => {
  await testKeychain?.stop();
});

describe('keychainServiceName', () => {
  it('is Pinlist unless PINLIST_KEYCHAIN_SERVICE names another namespace', () => {
    expect(keychainServiceName({})).toBe('Pinlist');
    expect(keychainServiceName({ PINLIST_KEYCHAIN_SERVICE: '  ' })).toBe('Pinlist');
    expect(keychainServiceName({ PINLIST_KEYCHAIN_SERVICE: 'PinlistTest-1' })).toBe('PinlistTest-1');
  });
});

describe.skipIf(!testKeychain)('the OS keychain (real Secret Service on Linux)', () => {
  const services: Keychain[] = [];
  const fresh = () => {
    const keychain = new Keychain({ service: testKeychain!.service() });
    services.push(keychain);
    return keychain;
  };

  afterAll(() => {
    for (const keychain of services) for (const name of Object.keys(SECRET_ACCOUNTS) as (keyof typeof SECRET_ACCOUNTS)[]) keychain.delete(name);
  });

  it('stores, reads, rotates and deletes each secret under its own account', () => {
    const keychain = fresh();
    expect(keychain.get('refreshToken')).toBeNull();
    keychain.set('refreshToken', JSON.stringify({ token: 'pinr_first', expiresAt: null }));
    keychain.set('appSecret', 'app-secret-value');
    expect(JSON.parse(keychain.get('refreshToken') ?? 'null')).toEqual({ token: 'pinr_first', expiresAt: null });

    keychain.set('refreshToken', JSON.stringify({ token: 'pinr_second', expiresAt: '2030-01-01T00:00:00.000Z' }));
    expect(JSON.parse(keychain.get('refreshToken') ?? 'null').token).toBe('pinr_second');
    // Separate accounts: rotating one secret leaves the others alone.
    expect(keychain.get('appSecret')).toBe('app-secret-value');

    expect(keychain.delete('refreshToken')).toBe(true);
    expect(keychain.get('refreshToken')).toBeNull();
    expect(keychain.delete('refreshToken')).toBe(false);
    expect(keychain.get('appSecret')).toBe('app-secret-value');
  });

  it('keeps namespaces apart, so tests never see the real Pinlist entries', () => {
    const one = fresh();
    const other = fresh();
    one.set('accessToken', 'pina_one');
    expect(other.get('accessToken')).toBeNull();
    expect(one.get('accessToken')).toBe('pina_one');
  });

  it('refuses to store an empty secret', () => {
    expect(() => fresh().set('appSecret', '')).toThrow(/empty/);
  });
});

describe.runIf(process.platform === 'linux')('without a Secret Service', () => {
  it('refuses with KEYCHAIN_UNAVAILABLE, saying how to fix it and never storing elsewhere', async () => {
    const probe = fileURLToPath(new URL('./helpers/keychain-probe.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [...childScriptArgs(probe), 'PinlistTest-unavailable', 'pina_should_not_be_stored'], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/pinlist-test-bus' },
    });
    const result = JSON.parse(stdout) as { stored: boolean; code?: string; message?: string };
    expect(result.stored).toBe(false);
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toMatch(/nothing was stored/);
    expect(result.message).toMatch(/gnome-keyring/);
    expect(result.message).toMatch(/PINTEREST_ACCESS_TOKEN/);
    expect(result.message).not.toContain('pina_should_not_be_stored');
  });
});
