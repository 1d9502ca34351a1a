import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hexList } from '../helpers/hash-data.js';
import { hostileRejects, memberHashes, seedImport } from '../helpers/list-data.js';
import { rawRequest, sessionCookieHeader, useBrowserServer } from '../helpers/browser-server.js';

const start = useBrowserServer();
const request = rawRequest;

const headers = (port: number) => ({ Host: `127.0.0.1:${port}`, Cookie: sessionCookieHeader(port) });

async function exportVia(port: number, channel: string, input: unknown): Promise<{ fileId: string; rows: number }> {
  const res = await request(port, {
    method: 'POST',
    path: `/api/call/${channel}`,
    headers: { ...headers(port), 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = JSON.parse(res.body.toString()) as { ok: boolean; value: { fileId: string; rows: number } };
  expect(result.ok).toBe(true);
  return result.value;
}

describe('browser mode downloads of exports', () => {
  it('serves an export made through the API as an attachment, to the session only', async () => {
    const { server, core } = await start();
    const members = memberHashes(40_000, 5);
    const { listId } = seedImport(core.db, 'Buyers', { members: { email: members }, rejects: hostileRejects(10) });
    const hashes = await exportVia(server.port, 'lists.exportHashes', { listId, kind: 'email' });

    const ok = await request(server.port, { path: `/api/download/${hashes.fileId}`, headers: headers(server.port) });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="${hashes.fileId}"`);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(ok.headers['content-length'])).toBe(ok.body.length);
    expect(ok.body.toString('latin1').trimEnd().split('\n')).toEqual(hexList(members));

    const rejects = await exportVia(server.port, 'lists.exportRejects', { listId });
    const csv = await request(server.port, { path: `/api/download/${rejects.fileId}`, headers: headers(server.port) });
    expect(csv.status).toBe(200);
    expect(csv.body.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);

    const head = await request(server.port, { method: 'HEAD', path: `/api/download/${hashes.fileId}`, headers: headers(server.port) });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);

    const anonymous = await request(server.port, { path: `/api/download/${hashes.fileId}`, headers: { Host: `127.0.0.1:${server.port}` } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.toString()).not.toContain(hexList(members)[0]);
    const crossOrigin = await request(server.port, {
      path: `/api/download/${hashes.fileId}`,
      headers: { ...headers(server.port), Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossOrigin.status).toBe(403);
    const rebound = await request(server.port, { path: `/api/download/${hashes.fileId}`, headers: { ...headers(server.port), Host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(421);
  });

  it('answers 404 for unknown ids and for anything that is not a plain name inside exports/', async () => {
    const { server, core } = await start();
    fs.mkdirSync(path.join(core.dataDir, 'exports'), { recursive: true });
    fs.writeFileSync(path.join(core.dataDir, 'secret.csv'), 'outside');
    for (const id of ['nope.csv', '..%2Fsecret.csv', '%2E%2E%2Fsecret.csv', '..%2F..%2Fpinlist.db', 'pinlist.db', 'NOPE.CSV', '']) {
      const res = await request(server.port, { path: `/api/download/${id}`, headers: headers(server.port) });
      expect(res.status, id).toBe(404);
      expect(res.body.toString()).not.toContain('outside');
      expect(JSON.parse(res.body.toString())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // A literal ../ is resolved by URL parsing before routing: it never reaches the download route.
    const dotted = await request(server.port, { path: '/api/download/../../secret.csv', headers: headers(server.port) });
    expect(dotted.headers['content-disposition']).toBeUndefined();
    expect(dotted.body.toString()).not.toContain('outside');
  });
});
