/** What the transport keeps of an error body: Pinterest's {code, message}, or OAuth's {error, error_description}. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PinterestTransport } from '../../electron/core/pinterest/transport.js';

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function answering(status: number, body: unknown): Promise<PinterestTransport> {
  server = http.createServer((_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new PinterestTransport({ apiBase: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v5`, maxRetries: 0 });
}

const tokenRequest = { method: 'POST' as const, path: '/oauth/token', form: { grant_type: 'refresh_token' }, authorization: 'Basic eDp5', operation: 'renewing the connection', idempotent: true };

describe('error bodies', () => {
  it("keeps Pinterest's code and message", async () => {
    const transport = await answering(401, { code: 2, message: 'Authentication failed.' });
    expect(await transport.send(tokenRequest)).toMatchObject({ status: 401, pinterestCode: 2, pinterestMessage: 'Authentication failed.' });
  });

  it("keeps an OAuth error and its description, so the user sees why a sign-in or renewal was refused", async () => {
    const transport = await answering(400, { error: 'invalid_grant', error_description: 'The refresh token has expired.' });
    expect(await transport.send(tokenRequest)).toMatchObject({ status: 400, pinterestCode: null, pinterestMessage: 'invalid_grant: The refresh token has expired.' });
  });

  it('keeps nothing from a body that is neither', async () => {
    const transport = await answering(400, ['unexpected']);
    expect(await transport.send(tokenRequest)).toMatchObject({ status: 400, pinterestCode: null, pinterestMessage: null });
  });
});
