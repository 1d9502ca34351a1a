import { describe, expect, it, vi } from 'vitest';
import { connectionFor, PinterestConnection } from '../../electron/core/auth/connection.js';
import { Core, type CoreService } from '../../electron/core/core.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('Core services', () => {
  it('opens a service once per core and closes every service, newest first, with the core', async () => {
    const closed: string[] = [];
    const counter = (name: string): CoreService<{ name: string }> => ({ name, open: () => ({ name }), close: (value) => void closed.push(value.name) });
    const first = counter('first');
    const second = counter('second');
    const core = new Core({ dataDir: tempDir(), surface: 'cli' });
    const other = new Core({ dataDir: tempDir(), surface: 'cli' });
    expect(core.service(first)).toBe(core.service(first));
    expect(other.service(first)).not.toBe(core.service(first));
    core.service(second);
    await core.close();
    expect(closed).toEqual(['second', 'first']);
    await other.close();
    expect(closed).toEqual(['second', 'first', 'first']);
  });

  it('closes the Pinterest connection it opened (a pending sign-in stops waiting)', async () => {
    const close = vi.spyOn(PinterestConnection.prototype, 'close');
    try {
      const core = new Core({ dataDir: tempDir(), surface: 'cli', env: { PINLIST_KEYCHAIN_SERVICE: `pinlist-test-${process.pid}` } });
      const connection = connectionFor(core);
      expect(connectionFor(core)).toBe(connection);
      await core.close();
      expect(close).toHaveBeenCalledTimes(1);
      expect(close.mock.contexts[0]).toBe(connection);
    } finally {
      close.mockRestore();
    }
  });
});
