import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../electron/server/security.js';
import { rawRequest, sessionCookieHeader, useBrowserServer } from '../helpers/browser-server.js';

const start = useBrowserServer();
const request = rawRequest;

const cookie = (port: number) => sessionCookieHeader(port);
const jsonHeaders = (port: number) => ({ Host: `127.0.0.1:${port}`, Cookie: cookie(port), 'Content-Type': 'application/json' });

describe('browser mode server', () => {
  it('trades the key in the URL for an HttpOnly SameSite=Strict cookie', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=test-secret-123$/);
    const res = await request(server.port, { path: '/?key=test-secret-123', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(res.status).toBe(303);
    expect(res.headers['set-cookie']?.[0]).toBe(`pinlist_session_${server.port}=test-secret-123; HttpOnly; SameSite=Strict; Path=/`);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const wrong = await request(server.port, { path: '/?key=nope', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(wrong.status).toBe(403);
  });

  it("keeps two servers' sessions apart: each cookie is named for its port (browsers share cookies across ports)", async () => {
    const first = await start();
    const second = await start();
    const ping = (port: number, cookieHeader: string) =>
      request(port, { method: 'POST', path: '/api/call/app.ping', headers: { Host: `127.0.0.1:${port}`, Cookie: cookieHeader, 'Content-Type': 'application/json' }, body: '{"message":"hi"}' });
    // A browser signed in to both sends both cookies to either: each server finds its own.
    const both = `${sessionCookieHeader(first.server.port)}; ${sessionCookieHeader(second.server.port)}`;
    expect((await ping(first.server.port, both)).status).toBe(200);
    expect((await ping(second.server.port, both)).status).toBe(200);
    expect((await ping(second.server.port, sessionCookieHeader(first.server.port))).status).toBe(401);
    expect((await ping(first.server.port, 'pinlist_session=test-secret-123')).status).toBe(401);
  });

  it('answers a channel call with the cookie, and refuses one without it', async () => {
    const { server } = await start();
    const ok = await request(server.port, { method: 'POST', path: '/api/call/app.ping', headers: jsonHeaders(server.port), body: '{"message":"hi"}' });
    expect(JSON.parse(ok.text)).toMatchObject({ ok: true, value: { message: 'hi' } });
    const anonymous = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.ping',
      headers: { Host: `127.0.0.1:${server.port}`, 'Content-Type': 'application/json' },
      body: '{"message":"hi"}',
    });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const page = await request(server.port, { path: '/', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(page.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a cross-origin Origin', async () => {
    const { server } = await start();
    const rebound = await request(server.port, { method: 'POST', path: '/api/call/app.info', headers: { ...jsonHeaders(server.port), Host: `evil.example:${server.port}` }, body: '{}' });
    expect(rebound.status).toBe(421);
    const crossOrigin = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { ...jsonHeaders(server.port), Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { ...jsonHeaders(server.port), 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { ...jsonHeaders(server.port), Origin: server.origin },
      body: '{}',
    });
    expect(JSON.parse(sameOrigin.text)).toMatchObject({ ok: true, value: { surface: 'browser' } });
  });

  it('refuses bad JSON, oversized bodies, non-JSON content types and invalid input with clear errors', async () => {
    const { server } = await start();
    const badJson = await request(server.port, { method: 'POST', path: '/api/call/app.ping', headers: jsonHeaders(server.port), body: '{nope' });
    expect(JSON.parse(badJson.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const huge = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.ping',
      headers: jsonHeaders(server.port),
      body: JSON.stringify({ message: 'x'.repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
    const form = await request(server.port, {
      method: 'POST',
      path: '/api/call/app.ping',
      headers: { ...jsonHeaders(server.port), 'Content-Type': 'text/plain' },
      body: '{"message":"hi"}',
    });
    expect(form.status).toBe(415);
    const invalid = await request(server.port, { method: 'POST', path: '/api/call/app.ping', headers: jsonHeaders(server.port), body: '{"message":1}' });
    expect(JSON.parse(invalid.text).error.code).toBe('INVALID_INPUT');
  });

  it('is bound to loopback only', async () => {
    const { server } = await start();
    const addressOf = (server as unknown as { origin: string }).origin;
    expect(addressOf.startsWith('http://127.0.0.1:')).toBe(true);
  });

  // This machine's addresses other than loopback: a request from another computer (or a container
  // sharing the network) would arrive on one of them.
  const outsideAddress = Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info && !info.internal && info.family === 'IPv4')?.address;
  if (!outsideAddress) console.log('browser-server test: no non-loopback IPv4 interface on this machine; the outside-connection test is skipped');

  it.skipIf(!outsideAddress)('cannot be reached on this machine\'s non-loopback address', async () => {
    const { server } = await start();
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: outsideAddress!, port: server.port });
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
    // And should a connection arrive from elsewhere anyway (a proxy, a forwarded port), it is refused.
    for (const address of [outsideAddress!, '10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', '1.127.0.0', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
  });

  it('refuses every route without the session secret, or with a wrong one, and changes nothing', async () => {
    const { server, core } = await start();
    const before = core.settings.get();
    const host = { Host: `127.0.0.1:${server.port}` };
    const attempts: { method?: string; path: string; headers?: Record<string, string>; body?: string }[] = [
      { path: '/' },
      { path: '/index.html' },
      { path: '/api/events' },
      { path: '/api/download/rejects-1.csv' },
      { path: '/?key=test-secret-12' },
      { path: '/?key=' },
      { method: 'POST', path: '/api/upload?name=x.csv', headers: { 'Content-Type': 'application/octet-stream' }, body: 'email\na@example.com\n' },
      { method: 'POST', path: '/api/call/settings.update', headers: { 'Content-Type': 'application/json' }, body: '{"keepPlaintext":true}' },
      { method: 'POST', path: '/api/call/settings.update', headers: { 'Content-Type': 'application/json', Cookie: sessionCookieHeader(server.port, 'test-secret-12') }, body: '{"keepPlaintext":true}' },
      { method: 'POST', path: '/api/call/settings.update', headers: { 'Content-Type': 'application/json', Cookie: sessionCookieHeader(server.port, 'test-secret-1234') }, body: '{"keepPlaintext":true}' },
      { method: 'POST', path: '/api/call/settings.update?key=test-secret-123', headers: { 'Content-Type': 'application/json' }, body: '{"keepPlaintext":true}' },
    ];
    for (const attempt of attempts) {
      const res = await request(server.port, { ...attempt, headers: { ...host, ...attempt.headers } });
      expect([401, 403], `${attempt.method ?? 'GET'} ${attempt.path}`).toContain(res.status);
      expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(core.settings.get()).toEqual(before);
    expect(fs.existsSync(path.join(core.dataDir, 'uploads')) ? fs.readdirSync(path.join(core.dataDir, 'uploads')) : []).toEqual([]);
  });

  it('refuses state-changing calls from a foreign Host or Origin, and prototype-pollution bodies, changing nothing', async () => {
    const { server, core } = await start();
    const before = core.settings.get();
    const call = (headers: Record<string, string>, body: string) =>
      request(server.port, { method: 'POST', path: '/api/call/settings.update', headers: { ...jsonHeaders(server.port), ...headers }, body });
    expect((await call({ Host: `evil.example:${server.port}` }, '{"keepPlaintext":true}')).status).toBe(421);
    expect((await call({ Host: `127.0.0.1:${server.port + 1}` }, '{"keepPlaintext":true}')).status).toBe(421);
    expect((await call({ Origin: 'http://evil.example' }, '{"keepPlaintext":true}')).status).toBe(403);
    expect((await call({ Origin: 'null' }, '{"keepPlaintext":true}')).status).toBe(403);
    expect((await call({ 'Sec-Fetch-Site': 'same-site' }, '{"keepPlaintext":true}')).status).toBe(403);
    for (const body of ['{"theme":"dark","__proto__":{"keepPlaintext":true}}', '{"constructor":{"prototype":{"keepPlaintext":true}}}']) {
      expect(JSON.parse((await call({}, body)).text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(core.settings.get()).toEqual(before);
    expect(({} as Record<string, unknown>).keepPlaintext).toBeUndefined();
    // With the secret, from our own origin, the same call does change the setting.
    expect(JSON.parse((await call({ Origin: server.origin }, '{"keepPlaintext":true}')).text)).toMatchObject({ ok: true, value: { keepPlaintext: true } });
  });

  it('refuses the event stream, downloads and uploads to another origin, even one with the cookie (another port is same-site)', async () => {
    const { server } = await start();
    const foreign: Record<string, string>[] = [
      { Origin: `http://127.0.0.1:${server.port + 1}` },
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ];
    const routes: { method?: string; path: string; headers?: Record<string, string>; body?: string }[] = [
      { path: '/api/events' },
      { path: '/api/download/rejects-1.csv' },
      { method: 'POST', path: '/api/upload?name=x.csv', headers: { 'Content-Type': 'application/octet-stream' }, body: 'email\na@example.com\n' },
    ];
    for (const headers of foreign) {
      for (const route of routes) {
        const res = await request(server.port, { ...route, headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie(server.port), ...route.headers, ...headers } });
        expect(res.status, `${route.path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers['content-type']).toMatch(/application\/json/);
      }
    }
    // Our own page's EventSource (same origin) still gets its stream.
    const own = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie(server.port), 'Sec-Fetch-Site': 'same-origin' } },
        (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
    });
    expect(own).toBe(200);
  });

  it('forbids framing the app (frame-ancestors in the CSP header, X-Frame-Options)', async () => {
    const { server } = await start();
    const res = await request(server.port, { path: '/', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie(server.port) } });
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('streams job events over SSE', async () => {
    const { server, core } = await start();
    const frames: string[] = [];
    const req = http.get({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie(server.port) } });
    let subscribed!: () => void;
    const connected = new Promise<void>((resolve) => (subscribed = resolve));
    const gotFrame = new Promise<void>((resolve) => {
      req.on('response', (res) =>
        res.on('data', (chunk: Buffer) => {
          frames.push(chunk.toString());
          // The server sends ': connected' once the stream is subscribed to the core's events.
          if (frames.join('').includes(': connected')) subscribed();
          if (chunk.toString().includes('job.finished')) resolve();
        }),
      );
    });
    await connected;
    core.jobs.start('import', 'test job', async () => 'done');
    await gotFrame;
    req.destroy();
    expect(frames.join('')).toMatch(/"name":"job.finished".*"state":"succeeded"/);
  });

  it('stages an upload as a file the core can read', async () => {
    const { server, core } = await start();
    const res = await request(server.port, {
      method: 'POST',
      path: '/api/upload?name=customers.csv',
      headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie(server.port), 'Content-Type': 'application/octet-stream' },
      body: 'email\na@example.com\n',
    });
    const result = JSON.parse(res.text);
    expect(result).toMatchObject({ ok: true, value: { name: 'customers.csv', size: 20 } });
    const staged = core.stagedFiles.get(result.value.fileId);
    expect(fs.readFileSync(staged.path, 'utf8')).toBe('email\na@example.com\n');
    core.stagedFiles.release(result.value.fileId);
    expect(fs.existsSync(staged.path)).toBe(false);
  });
});
