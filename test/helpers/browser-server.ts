import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { handlers } from '../../electron/core/handlers.js';
import { startBrowserServer, type BrowserServer } from '../../electron/server/server.js';
import { useTempDirs } from './temp.js';

export const TEST_SECRET = 'test-secret-123';
/** The Cookie header a signed-in page sends to the server on `port`. */
export function sessionCookieHeader(port: number, secret = TEST_SECRET): string {
  return `pinlist_session_${port}=${secret}`;
}

/** Browser-mode servers, each over a fresh data folder, with a fixed secret; closed after each test. */
export function useBrowserServer(): () => Promise<{ server: BrowserServer; core: Core }> {
  const tempDir = useTempDirs();
  const started: { server: BrowserServer; core: Core }[] = [];
  afterEach(async () => {
    for (const { server, core } of started.splice(0)) {
      await server.close();
      await core.close();
    }
  });
  return async () => {
    const core = new Core({ dataDir: tempDir(), surface: 'browser' });
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Pinlist</title>');
    const server = await startBrowserServer({ core, handlers, staticDir, secret: TEST_SECRET });
    started.push({ server, core });
    return { server, core };
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** Raw HTTP, so the Host and Origin headers are exactly what a test says. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
