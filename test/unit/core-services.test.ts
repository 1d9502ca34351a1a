import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { connectionFor, PinterestConnection } from '../../electron/core/auth/connection.js';
import { automationContextFor } from '../../electron/core/automation/index.js';
import { Core, type CoreService } from '../../electron/core/core.js';
import { stagedPlansOf } from '../../electron/core/import/handlers.js';
import { makeStagedDir } from '../../electron/core/import/staged-result.js';
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

  it('removes the plans it kept for imports (their temp files) when it closes', async () => {
    const dataDir = tempDir();
    const core = new Core({ dataDir, surface: 'cli' });
    const dir = makeStagedDir(path.join(dataDir, 'tmp'));
    fs.writeFileSync(path.join(dir, 'email.bin'), Buffer.alloc(64));
    const plans = stagedPlansOf(core);
    plans.put('file-1', 'key', { dir, meta: {} as never });
    expect(plans.size).toBe(1);
    await core.close();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('waits for an alert still being delivered to the webhook before it has closed', async () => {
    let release: () => void = () => undefined;
    const server = http.createServer();
    const arrived = new Promise<string>((resolveArrived) => {
      server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          resolveArrived(body);
          release = () => response.writeHead(200).end('ok');
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const core = new Core({ dataDir: tempDir(), surface: 'cli' });
      core.settings.update({ alertWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
      automationContextFor(core).webhook.send({ text: 'The last run failed', list: 'Buyers', kind: 'run-failed', outcome: 'failed', counts: null, at: new Date(0).toISOString() });
      let closed = false;
      const closing = core.close().then(() => (closed = true));
      expect(JSON.parse(await arrived)).toMatchObject({ text: 'The last run failed', list: 'Buyers' });
      expect(closed).toBe(false);
      release();
      await closing;
      expect(closed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
