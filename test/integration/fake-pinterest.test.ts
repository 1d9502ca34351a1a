import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOpenApi } from '../fake-pinterest/openapi.js';
import { OPERATIONS } from '../fake-pinterest/operations.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';

const spec = loadOpenApi();
if (!spec.validator) console.warn(`Skipping the OpenAPI checks: ${spec.reason ?? ''}`);

const APP = { appId: '1234567', appSecret: 's3cret' };
const ACCOUNT = '549755885175';
const REDIRECT = 'http://localhost:8085/';

const sha = (value: string): string => createHash('sha256').update(value).digest('hex');
const hashes = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => sha(`user${from + i}@example.com`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are asserted on, not typed
type Json = any;
interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

let fake: FakePinterest;
let token: string;

beforeEach(async () => {
  fake = await startFakePinterest();
  fake.state.registerApp(APP);
  fake.state.addAdAccount({ id: ACCOUNT, name: 'Main' });
  token = fake.state.issueToken().accessToken;
});

afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, bearer = token): Promise<Answer> {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
}

function basic(appId = APP.appId, secret = APP.appSecret): string {
  return `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}`;
}

async function tokenRequest(form: Record<string, string>, authorization = basic()): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${fake.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function authorizeCode(scope = 'ads:read,ads:write,user_accounts:read'): Promise<URL> {
  const url = new URL(fake.oauthUrl);
  url.search = new URLSearchParams({ client_id: APP.appId, redirect_uri: REDIRECT, response_type: 'code', scope, state: 'st4te' }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function createList(records: string[], extra: Record<string, unknown> = {}): Promise<Answer> {
  return call('POST', `/ad_accounts/${ACCOUNT}/customer_lists`, { name: 'Buyers', records: records.join(','), list_type: 'EMAIL', ...extra });
}

describe('OAuth', () => {
  it('runs the code flow and rotates refresh tokens, refusing a used one', async () => {
    const redirect = await authorizeCode();
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st4te');
    const code = redirect.searchParams.get('code') ?? '';

    const first = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ response_type: 'authorization_code', token_type: 'bearer', scope: 'ads:read ads:write user_accounts:read' });
    expect(first.body.access_token).toMatch(/^pina/);
    expect(first.body.refresh_token).toMatch(/^pinr/);
    expect((await call('GET', '/user_account', undefined, first.body.access_token)).status).toBe(200);

    // A code works once.
    expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).status).toBe(400);

    const second = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    expect(second.body.response_type).toBe('refresh_token');
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await call('GET', '/ad_accounts', undefined, second.body.access_token)).status).toBe(200);

    const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(reused).toMatchObject({ status: 401, body: { code: 2 } });
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token })).status).toBe(200);
    expect(fake.violations).toEqual([]);
  });

  it('expires access tokens after expires_in on the server clock, and a refresh recovers', async () => {
    await fake.close();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    fake = await startFakePinterest({ now: () => clock, accessTokenExpiresIn: 60 });
    fake.state.registerApp(APP);
    const code = (await authorizeCode()).searchParams.get('code') ?? '';
    const pair = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(pair.body.expires_in).toBe(60);
    expect((await call('GET', '/user_account', undefined, pair.body.access_token)).status).toBe(200);
    clock += 61_000;
    expect(await call('GET', '/user_account', undefined, pair.body.access_token)).toMatchObject({ status: 401, body: { code: 2 } });
    const fresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: pair.body.refresh_token });
    expect((await call('GET', '/user_account', undefined, fresh.body.access_token)).status).toBe(200);
    expect(fake.violations).toEqual([]);
  });

  it('answers 401 code 2 to a token request without HTTP Basic', async () => {
    const response = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'pinr_x' }, '');
    expect(response).toMatchObject({ status: 401, body: { code: 2 } });
    expect(fake.violations).toHaveLength(1);
  });

  it('refuses wrong app credentials, a wrong redirect_uri and unknown apps or scopes', async () => {
    const code = (await authorizeCode()).searchParams.get('code') ?? '';
    expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, basic(APP.appId, 'nope'))).body).toEqual({
      code: 2,
      message: 'Authentication failed.',
    });
    expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:9999/' })).status).toBe(400);

    const unknownApp = await fetch(`${fake.oauthUrl}?client_id=999&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=ads:read`, {
      redirect: 'manual',
    });
    expect(unknownApp.status).toBe(400);
    const noState = await fetch(`${fake.oauthUrl}?client_id=${APP.appId}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=ads:read`, {
      redirect: 'manual',
    });
    expect(noState.status).toBe(400);
    expect(fake.violations.map((v) => v.problems.join(' '))).toEqual([expect.stringMatching(/state is missing/)]);
    fake.violations.length = 0;
    const badScope = await authorizeCode('ads:read ads:write');
    expect(badScope.searchParams.get('error')).toBe('invalid_scope');
    fake.state.authorizeDecision = 'deny';
    expect((await authorizeCode()).searchParams.get('error')).toBe('access_denied');
  });

  it('grants only the scopes asked for, and answers 401 code 3 for a missing one', async () => {
    const code = (await authorizeCode('ads:read')).searchParams.get('code') ?? '';
    const granted = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(granted.body.scope).toBe('ads:read');
    expect((await call('GET', '/ad_accounts', undefined, granted.body.access_token)).status).toBe(200);
    const write = await call('POST', `/ad_accounts/${ACCOUNT}/customer_lists`, { name: 'x', records: sha('a') }, granted.body.access_token);
    expect(write).toMatchObject({ status: 401, body: { code: 3 } });
    expect(fake.state.lists.size).toBe(0);
  });

  it('answers 401 code 2 for an expired or unknown token and a missing header', async () => {
    const short = fake.state.issueToken({ expiresIn: 0 });
    expect((await call('GET', '/ad_accounts', undefined, short.accessToken)).body.code).toBe(2);
    expect((await call('GET', '/ad_accounts', undefined, 'pina_unknown')).status).toBe(401);
    const bare = await fetch(`${fake.baseUrl}/ad_accounts`);
    expect(bare.status).toBe(401);
    expect(fake.violations).toHaveLength(1); // no Authorization header at all is a client bug
  });

  it('answers 403 code 29 for an ad account switched to forbidden', async () => {
    fake.state.forbidAdAccount(ACCOUNT);
    expect(await call('GET', `/ad_accounts/${ACCOUNT}/customer_lists`)).toMatchObject({ status: 403, body: { code: 29 } });
    fake.state.forbidAdAccount(ACCOUNT, false);
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/customer_lists`)).status).toBe(200);
  });
});

describe('paging', () => {
  it('walks every page of ad accounts and refuses page_size 0 and 251', async () => {
    for (let i = 1; i <= 6; i++) fake.state.addAdAccount({ id: String(1000 + i) });
    const seen: string[] = [];
    let bookmark: string | null = null;
    let pages = 0;
    do {
      const query: string = `?page_size=3${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`;
      const page = await call('GET', `/ad_accounts${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      bookmark = page.body.bookmark;
      pages += 1;
    } while (bookmark !== null);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([ACCOUNT, '1001', '1002', '1003', '1004', '1005', '1006'].sort());

    expect((await call('GET', '/ad_accounts?page_size=0')).status).toBe(400);
    expect((await call('GET', '/ad_accounts?page_size=251')).status).toBe(400);
    expect((await call('GET', '/ad_accounts?page_size=250')).status).toBe(200);
    expect(fake.violations).toHaveLength(2);
  });

  it('pages customer lists in id order', async () => {
    for (let i = 0; i < 3; i++) expect((await createList(hashes(i, 1))).status).toBe(200);
    const first = await call('GET', `/ad_accounts/${ACCOUNT}/customer_lists?page_size=2&order=DESCENDING`);
    const second = await call('GET', `/ad_accounts/${ACCOUNT}/customer_lists?page_size=2&order=DESCENDING&bookmark=${first.body.bookmark}`);
    const ids = [...first.body.items, ...second.body.items].map((l: { id: string }) => l.id);
    expect(second.body.bookmark).toBeNull();
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids).toHaveLength(3);
  });
});

describe('customer lists', () => {
  it('keeps membership as a set and counts what was sent', async () => {
    const [a, b, c] = hashes(0, 3) as [string, string, string];
    const created = await createList([a, b]);
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ num_batches: 1, num_uploaded_user_records: 2, num_removed_user_records: 0, type: 'customerlist' });

    const add = await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, { operation_type: 'ADD', records: [b, c].join(',') });
    expect(add.body).toMatchObject({ num_batches: 2, num_uploaded_user_records: 4 }); // b counted again
    expect(fake.state.membership(id)).toEqual(new Set([a, b, c]));

    const remove = await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, {
      operation_type: 'REMOVE',
      records: [a, sha('never-added')].join(','),
    });
    expect(remove.body).toMatchObject({ num_batches: 3, num_removed_user_records: 2 }); // counted though absent
    expect(fake.state.membership(id)).toEqual(new Set([b, c]));

    const got = await call('GET', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`);
    expect(got.body).toEqual(remove.body);
    expect(fake.state.requests.filter((r) => r.operation === 'customer_lists/update').map((r) => r.records)).toEqual([2, 2]);
    expect(fake.state.writeRequestCount).toBe(3);
    expect(fake.violations).toEqual([]);
  });

  it('refuses non-hex records, exceptions, a list_type change, and empty records', async () => {
    const bad = await createList([sha('a'), 'Person@Example.com']);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/record 2 of 2.*64 lowercase hex/);
    expect((await createList([sha('a').toUpperCase()])).status).toBe(400);
    expect((await createList([`${sha('a')},`])).status).toBe(400);
    expect((await createList([])).status).toBe(400);
    expect((await createList([sha('a')], { exceptions: {} })).body.message).toMatch(/exceptions/);
    expect(fake.state.lists.size).toBe(0);

    const id = (await createList([sha('a')])).body.id as string;
    const change = await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, { operation_type: 'ADD', records: sha('b'), list_type: 'MAID' });
    expect(change.status).toBe(400);
    expect(fake.state.membership(id).size).toBe(1);
    expect(fake.violations.length).toBe(6);
  });

  it('answers 404 for a list of another ad account', async () => {
    fake.state.addAdAccount({ id: '777' });
    const id = (await createList([sha('a')])).body.id as string;
    expect((await call('GET', `/ad_accounts/777/customer_lists/${id}`)).status).toBe(404);
  });
});

describe('audiences', () => {
  it('refuses an audience under 100 members, then creates, updates and removes it', async () => {
    const list = (await createList(hashes(0, 99))).body.id as string;
    const body = { ad_account_id: ACCOUNT, name: 'Buyers', audience_type: 'CUSTOMER_LIST', rule: { customer_list_id: list }, description: 'All buyers' };
    const tooSmall = await call('POST', `/ad_accounts/${ACCOUNT}/audiences`, body);
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.message).toMatch(/99 .*at least 100/);

    await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${list}`, { operation_type: 'ADD', records: hashes(99, 1).join(',') });
    const created = await call('POST', `/ad_accounts/${ACCOUNT}/audiences`, body);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ size: 100, status: 'READY', audience_type: 'CUSTOMER_LIST', rule: { customer_list_id: list } });

    fake.state.matching = true;
    const id = created.body.id as string;
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).body).toMatchObject({ size: null, status: 'INITIALIZING' });
    fake.state.matching = false;

    const renamed = await call('PATCH', `/ad_accounts/${ACCOUNT}/audiences/${id}`, { name: 'Loyal buyers' });
    expect(renamed.body.name).toBe('Loyal buyers');
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences`)).body.items).toHaveLength(1);
    expect((await call('PATCH', `/ad_accounts/${ACCOUNT}/audiences/${id}`, { operation_type: 'REMOVE' })).status).toBe(200);
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences`)).body.items).toHaveLength(0);
    expect((await call('GET', `/ad_accounts/${ACCOUNT}/audiences/${id}`)).status).toBe(404);
    expect(fake.violations).toEqual([]);
  });
});

describe('faults', () => {
  const write = (): Promise<Answer> => createList([sha('x')]);

  it('answers 429 with and without Retry-After, n times', async () => {
    fake.faults.set({ rateLimitTimes: 1, retryAfterSeconds: 3 });
    const limited = await write();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(8);
    expect(limited.headers.get('retry-after')).toBe('3');
    fake.faults.set({ rateLimitTimes: 1, retryAfterSeconds: null });
    const bare = await write();
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    expect((await write()).status).toBe(200);
    expect(fake.state.lists.size).toBe(1);
  });

  it('answers a rate-limit storm with the probability asked', async () => {
    await fake.close();
    let n = 0;
    fake = await startFakePinterest({ random: () => (n++ % 2 === 0 ? 0.1 : 0.9) });
    fake.state.addAdAccount({ id: ACCOUNT });
    token = fake.state.issueToken().accessToken;
    fake.faults.set({ rateLimitProbability: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/ad_accounts')).status);
    expect(statuses).toEqual([429, 200, 429, 200]);
  });

  it('answers 500 code 12 n times, on writes only when asked', async () => {
    fake.faults.set({ serverErrorTimes: 1, appliesTo: 'writes' });
    expect((await call('GET', '/ad_accounts')).status).toBe(200);
    expect(await write()).toMatchObject({ status: 500, body: { code: 12 } });
    expect((await write()).status).toBe(200);
  });

  it('resets connections before or after applying the write', async () => {
    fake.faults.set({ resetTimes: 1 });
    await expect(write()).rejects.toThrow();
    expect(fake.state.lists.size).toBe(0);
    fake.faults.set({ resetTimes: 1, resetAfterApplying: true });
    await expect(write()).rejects.toThrow();
    expect(fake.state.lists.size).toBe(1);
    expect((await write()).status).toBe(200);
    expect(fake.state.requests.filter((r) => r.fault === 'reset')).toHaveLength(2);
  });

  it('a client killed while its write waits out the latency does not leave the list "being written"', async () => {
    await fake.close();
    let gate: Promise<void> | null = null;
    fake = await startFakePinterest({ faults: { latencyMs: 5 }, sleep: () => gate ?? Promise.resolve() });
    fake.state.addAdAccount({ id: ACCOUNT });
    token = fake.state.issueToken().accessToken;
    const id = (await createList([sha('a')])).body.id as string;
    let release: () => void = () => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));

    const path = `/ad_accounts/${ACCOUNT}/customer_lists/${id}`;
    const body = JSON.stringify({ operation_type: 'ADD', records: sha('b') });
    const before = fake.state.requests.length;
    const socket = net.connect(Number(new URL(fake.baseUrl).port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `PATCH ${new URL(fake.baseUrl).pathname.replace(/\/$/, '')}${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    // The write is being answered (held in its latency) when its client dies, half its body sent.
    await fake.whenRequests(before + 1);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()).destroy());
    // The server has seen the connection end before the latency is over.
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    gate = null;
    release();
    const dead = fake.state.requests[before]!;
    for (let turn = 0; turn < 1000 && dead.status === 0; turn++) await new Promise((resolve) => setImmediate(resolve));

    const next = await call('PATCH', path, { operation_type: 'ADD', records: sha('c') });
    expect(next.status).toBe(200);
  });

  it('delays every answer by latencyMs', async () => {
    await fake.close();
    const waits: number[] = [];
    fake = await startFakePinterest({ faults: { latencyMs: 50 }, sleep: async (ms) => void waits.push(ms) });
    fake.state.addAdAccount({ id: ACCOUNT });
    token = fake.state.issueToken().accessToken;
    await call('GET', '/ad_accounts');
    await write();
    expect(waits).toEqual([50, 50]);
  });

  it('answers 413 above maxRecordsPerRequest without changing the list', async () => {
    const id = (await createList([sha('a')])).body.id as string;
    fake.faults.set({ maxRecordsPerRequest: 2 });
    const big = await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, { operation_type: 'ADD', records: hashes(0, 3).join(',') });
    expect(big.status).toBe(413);
    expect(fake.state.membership(id).size).toBe(1);
    expect((await call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, { operation_type: 'ADD', records: hashes(0, 2).join(',') })).status).toBe(200);
  });

  it('can answer the records cap with a plain 400, and refuse chosen records with a 400, without changing the list', async () => {
    const id = (await createList([sha('a')])).body.id as string;
    const path = `/ad_accounts/${ACCOUNT}/customer_lists/${id}`;
    fake.faults.set({ maxRecordsPerRequest: 2, recordsCapStatus: 400 });
    const big = await call('PATCH', path, { operation_type: 'ADD', records: hashes(0, 3).join(',') });
    expect(big).toMatchObject({ status: 400, body: { code: 1 } });
    expect(big.body.message).not.toMatch(/too (large|many)|exceed|maximum|payload/i);
    fake.faults.set({ maxRecordsPerRequest: null, refuseRecords: [hashes(0, 2)[1]!] });
    expect((await call('PATCH', path, { operation_type: 'ADD', records: hashes(0, 2).join(',') })).body).toMatchObject({ code: 1, message: expect.stringMatching(/record 2 of 2/) });
    expect(fake.state.membership(id).size).toBe(1);
    expect((await call('PATCH', path, { operation_type: 'ADD', records: hashes(0, 1).join(',') })).status).toBe(200);
    // Server policy, not a breach of the contract by the client.
    expect(fake.violations).toEqual([]);
    expect(() => fake.faults.set({ recordsCapStatus: 401 as 400 })).toThrow(/413 or 400/);
  });

  it('answers 429 code 8 to a second write to the same customer list while the first is in flight, and records it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let hold = false;
    // Each write held at the gate has been logged and counted as in flight (the overlap check is made before it waits).
    let held = 0;
    let allHeld: () => void = () => undefined;
    const threeHeld = new Promise<void>((resolve) => (allHeld = resolve));
    await fake.close();
    fake = await startFakePinterest({
      faults: { latencyMs: 1 },
      sleep: () => {
        if (!hold) return Promise.resolve();
        if (++held === 3) allHeld();
        return gate;
      },
    });
    fake.state.addAdAccount({ id: ACCOUNT });
    token = fake.state.issueToken().accessToken;
    const a = (await createList([sha('a')])).body.id as string;
    const b = (await createList([sha('b')], { name: 'Other' })).body.id as string;
    const patch = (id: string, record: string) => call('PATCH', `/ad_accounts/${ACCOUNT}/customer_lists/${id}`, { operation_type: 'ADD', records: record });
    // Three writes held in flight together: two to list a, one to list b.
    hold = true;
    const pending = [patch(a, sha('c')), patch(a, sha('d')), patch(b, sha('e'))];
    await threeHeld;
    release();
    const [one, two, other] = await Promise.all(pending);
    expect([one!.status, two!.status].sort()).toEqual([200, 429]);
    expect([one!.body.code, two!.body.code]).toContain(8);
    expect(other!.status).toBe(200);
    expect(fake.violations.map((v) => v.problems.join(' '))).toEqual([expect.stringMatching(/one write at a time/)]);
    expect(fake.state.membership(a).size).toBe(2);
    // Once answered, the next write to the list is accepted.
    hold = false;
    expect((await patch(a, sha('f'))).status).toBe(200);
  });

  it('expires the token in use on the next request', async () => {
    fake.faults.set({ expireTokenNext: true });
    expect(await call('GET', '/ad_accounts')).toMatchObject({ status: 401, body: { code: 2 } });
    expect((await call('GET', '/ad_accounts')).status).toBe(401);
    expect((await call('GET', '/ad_accounts', undefined, fake.state.issueToken().accessToken)).status).toBe(200);
  });

  it('refuses audiences under a configured size', async () => {
    fake.faults.set({ minAudienceSize: 3 });
    const list = (await createList(hashes(0, 2))).body.id as string;
    const body = { name: 'A', audience_type: 'CUSTOMER_LIST', rule: { customer_list_id: list } };
    expect((await call('POST', `/ad_accounts/${ACCOUNT}/audiences`, body)).status).toBe(400);
    fake.faults.set({ minAudienceSize: 2 });
    expect((await call('POST', `/ad_accounts/${ACCOUNT}/audiences`, body)).status).toBe(200);
  });

  it('takes fault settings over HTTP and reports state', async () => {
    const set = await fetch(`${fake.origin}/__fake/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rateLimitTimes: 1, retryAfterSeconds: 0 }),
    });
    expect(set.status).toBe(200);
    expect((await call('GET', '/ad_accounts')).status).toBe(429);
    const refused = await fetch(`${fake.origin}/__fake/faults`, { method: 'POST', body: JSON.stringify({ rateLimitTimez: 1 }) });
    expect(refused.status).toBe(400);
    await write();
    const state = (await (await fetch(`${fake.origin}/__fake/state`)).json()) as { writeRequestCount: number; customerLists: unknown[] };
    expect(state.writeRequestCount).toBe(1);
    expect(state.customerLists).toHaveLength(1);
  });
});

describe.skipIf(!spec.validator)('OpenAPI contract', () => {
  const validator = spec.validator!;

  it('routes the same operations as the spec describes', () => {
    for (const route of OPERATIONS) {
      const described = validator.operation(route.id);
      expect(`${described.method} ${described.template}`).toBe(`${route.method} ${route.template}`);
    }
  });

  it('catches a wrong request: list_type PHONE, a misspelt field, a missing field', () => {
    const request = (body: unknown) => ({
      method: 'POST',
      path: `/v5/ad_accounts/${ACCOUNT}/customer_lists`,
      headers: { authorization: 'Bearer pina_x', 'content-type': 'application/json' },
      body,
    });
    expect(validator.validateRequest('customer_lists/create', request({ name: 'a', records: sha('a'), list_type: 'EMAIL' }))).toEqual([]);
    expect(validator.validateRequest('customer_lists/create', request({ name: 'a', records: sha('a'), list_type: 'PHONE' })).join()).toMatch(
      /list_type/,
    );
    expect(validator.validateRequest('customer_lists/create', request({ name: 'a', record: sha('a') })).join()).toMatch(/records.*record/s);
    expect(
      validator.validateRequest('oauth/token', {
        method: 'POST',
        path: '/v5/oauth/token',
        headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token',
      }),
    ).toEqual(["body: must have required property 'refresh_token'"]);
  });

  it('catches a wrong response shape', () => {
    expect(validator.validateResponse('customer_lists/get', 200, { id: '1', num_batches: 'two', list_type: 'EMAIL' })).toEqual([
      'response/num_batches: must be number',
      "response/list_type: is not a property in Pinterest's published schema",
    ]);
    expect(validator.validateResponse('audiences/list', 200, { items: [{ id: '1', size: 'big' }] }).join()).toMatch(/size/);
    expect(validator.validateResponse('oauth/token', 200, { access_token: 'pina', response_type: 'refresh_token', token_type: 'bearer', expires_in: 1, scope: '' }).join()).toMatch(
      /refresh_token/,
    );
    expect(validator.validateResponse('ad_accounts/list', 500, { code: '12' }).length).toBeGreaterThan(0);
  });

  it('answers a request that breaks the spec with 400 and records it', async () => {
    const response = await call('POST', `/ad_accounts/${ACCOUNT}/customer_lists`, { name: 'a', records: sha('a'), list_type: 'PHONE' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/list_type/);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'request', operation: 'customer_lists/create' });
    expect((await call('GET', '/ad_accounts?colour=red')).status).toBe(400);
  });
});
