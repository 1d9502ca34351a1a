import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedToken, PinterestClient, type PinterestClientOptions } from '../../electron/core/pinterest/client.js';
import { BatchTooLargeError, PinterestApiError } from '../../electron/core/pinterest/errors.js';
import type { RetryEvent } from '../../electron/core/pinterest/transport.js';
import { isPinlistError } from '../../shared/errors.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';

const ACCOUNT = '549755885175';
const sha = (value: string): string => createHash('sha256').update(value).digest('hex');
const hashes = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => sha(`user${from + i}@example.com`));

let fake: FakePinterest;
let token: string;
let retries: RetryEvent[];
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakePinterest();
  fake.state.registerApp({ appId: '1234567', appSecret: 'app-secret' });
  fake.state.addAdAccount({ id: ACCOUNT, name: 'Main' });
  token = fake.state.issueToken().accessToken;
  retries = [];
  sleeps = [];
});

afterEach(async () => {
  await fake.close();
});

/** A client against the fake whose waits are recorded instead of slept. */
function client(options: Partial<PinterestClientOptions> = {}): PinterestClient {
  return new PinterestClient({
    apiBase: fake.baseUrl,
    tokens: fixedToken(token),
    backoffBaseMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (event) => retries.push(event),
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<PinterestApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PinterestApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('PinterestClient against the fake Pinterest', () => {
  it('reads the user account and every page of ad accounts', async () => {
    for (let i = 0; i < 600; i += 1) fake.state.addAdAccount({ id: String(700_000_000 + i), name: `Account ${i}` });
    const user = await client().getUserAccount();
    expect(user.username).toBe('pinlist_demo');

    const accounts = await client().listAdAccounts();
    expect(accounts).toHaveLength(601);
    expect(new Set(accounts.map((account) => account.id)).size).toBe(601);
    expect(fake.state.countRequests({ operation: 'ad_accounts/list' })).toBe(3); // 250 + 250 + 101

    const small = await client({ pageSize: 100 }).listAdAccounts();
    expect(small).toHaveLength(601);
    expect(fake.state.countRequests({ operation: 'ad_accounts/list' })).toBe(3 + 7);
    expect(fake.violations).toEqual([]);
  });

  it('creates, updates, reads and lists customer lists and audiences as the spec describes', async () => {
    const pinterest = client();
    const list = await pinterest.createCustomerList(ACCOUNT, { name: 'Newsletter', list_type: 'EMAIL', records: hashes(0, 150) });
    expect(list.num_uploaded_user_records).toBe(150);
    await pinterest.updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: hashes(150, 50) });
    const afterRemove = await pinterest.updateCustomerList(ACCOUNT, list.id, { operation_type: 'REMOVE', records: hashes(0, 10) });
    expect(afterRemove.num_removed_user_records).toBe(10);
    expect(fake.state.membership(list.id).size).toBe(190);
    expect((await pinterest.getCustomerList(ACCOUNT, list.id)).id).toBe(list.id);
    expect((await pinterest.listCustomerLists(ACCOUNT)).map((l) => l.id)).toEqual([list.id]);

    const audience = await pinterest.createAudience(ACCOUNT, { name: 'Newsletter audience', customer_list_id: list.id, description: 'From Pinlist' });
    expect(audience.rule?.customer_list_id).toBe(list.id);
    expect((await pinterest.getAudience(ACCOUNT, audience.id)).size).toBe(190);
    expect((await pinterest.listAudiences(ACCOUNT)).map((a) => a.id)).toContain(audience.id);
    await pinterest.updateAudience(ACCOUNT, audience.id, { operation_type: 'UPDATE', name: 'Renamed' });
    await pinterest.updateAudience(ACCOUNT, audience.id, { operation_type: 'REMOVE' });
    const gone = await failure(pinterest.getAudience(ACCOUNT, audience.id));
    expect(gone.status).toBe(404);
    expect(fake.violations).toEqual([]);
  });

  it('never sends a record that is not a lowercase SHA-256 hash', async () => {
    const list = await client().createCustomerList(ACCOUNT, { name: 'L', list_type: 'EMAIL', records: hashes(0, 3) });
    const before = fake.state.requests.length;
    for (const bad of ['someone@example.com', sha('x').toUpperCase(), sha('x').slice(1), '']) {
      const error = await client()
        .updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: [...hashes(10, 2), bad] })
        .catch((caught: unknown) => caught);
      expect(isPinlistError(error) && error.code).toBe('INTERNAL');
      expect((error as Error).message).toMatch(/record 3 of 3 .*Nothing was sent/);
      if (bad !== '') expect((error as Error).message).not.toContain(bad);
    }
    await expect(client().updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: [] })).rejects.toThrow(/empty batch/);
    expect(fake.state.requests.length).toBe(before);
  });

  it('refuses an ID the spec would not take in a path (digits only, at most 18) before sending anything', async () => {
    const before = fake.state.requests.length;
    for (const id of ['1'.repeat(19), '12a', '']) {
      const error = await client().listCustomerLists(id).catch((caught: unknown) => caught);
      expect(isPinlistError(error) && error.code).toBe('INVALID_INPUT');
    }
    await expect(client().getAudience(ACCOUNT, '9'.repeat(19))).rejects.toThrow(/numeric ID/);
    expect(fake.state.requests.length).toBe(before);
    // 18 digits is the spec's longest: sent (and refused by the fake as an unknown account).
    await expect(client().listCustomerLists('1'.repeat(18))).rejects.toMatchObject({ status: 403 });
    expect(fake.violations).toEqual([]);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    fake.faults.set({ rateLimitTimes: 2, retryAfterSeconds: 7 });
    const accounts = await client().listAdAccounts();
    expect(accounts.map((a) => a.id)).toEqual([ACCOUNT]);
    expect(sleeps).toEqual([7000, 7000]);
    expect(retries.map((r) => [r.reason, r.attempt, r.waitMs, r.status])).toEqual([
      ['rate-limited', 1, 7000, 429],
      ['rate-limited', 2, 7000, 429],
    ]);
    expect(retries[0]?.message).toBe('Rate limited by Pinterest: waiting 7 s before retry 1 of 12.');
  });

  it('backs off exponentially with full jitter on 429 without Retry-After', async () => {
    fake.faults.set({ rateLimitTimes: 3, retryAfterSeconds: null });
    await client({ random: () => 0.999 }).getUserAccount();
    // Ceilings 100, 200, 400 ms: the wait is a random share of each.
    expect(sleeps).toEqual([99, 199, 399]);
    sleeps = [];
    fake.faults.set({ rateLimitTimes: 3 });
    await client({ random: () => 0 }).getUserAccount();
    expect(sleeps).toEqual([0, 0, 0]);
  });

  it('waits out a longer run of 429s than of failures by default, and counts each kind apart', async () => {
    // 8 rate limits in a row (more than the 5 retries allowed after errors), then 4 server errors.
    fake.faults.set({ rateLimitTimes: 8, retryAfterSeconds: null });
    expect((await client().getUserAccount()).username).toBe('pinlist_demo');
    expect(retries.map((r) => [r.reason, r.attempt, r.maxRetries])).toEqual(Array.from({ length: 8 }, (_, i) => ['rate-limited', i + 1, 12]));
    // The backoff ceiling grows with each 429 (100, 200, 400 ms, ...), capped at its maximum.
    retries = [];
    sleeps = [];
    fake.faults.set({ rateLimitTimes: 2, serverErrorTimes: 4 });
    await client({ random: () => 0.999 }).getUserAccount();
    expect(retries.map((r) => [r.reason, r.attempt])).toEqual([
      ['rate-limited', 1],
      ['rate-limited', 2],
      ['server-error', 1],
      ['server-error', 2],
      ['server-error', 3],
      ['server-error', 4],
    ]);
    expect(sleeps).toEqual([99, 199, 99, 199, 399, 799]);
  });

  it('gives up on a 429 storm with PINTEREST_RATE_LIMITED after maxRateLimitRetries', async () => {
    fake.faults.set({ rateLimitTimes: 100, retryAfterSeconds: 1 });
    const error = await failure(client({ maxRateLimitRetries: 3 }).getUserAccount());
    expect(error.code).toBe('PINTEREST_RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/after 3 retries/);
    expect(fake.state.countRequests({ operation: 'user_account/get' })).toBe(4);
  });

  it('fails at once when Retry-After asks for longer than the sync may wait', async () => {
    fake.faults.set({ rateLimitTimes: 1, retryAfterSeconds: 3600 });
    const error = await failure(client({ maxRetryAfterMs: 60_000 }).getUserAccount());
    expect(error.code).toBe('PINTEREST_RATE_LIMITED');
    expect(error.message).toMatch(/wait 60 min/);
    expect(sleeps).toEqual([]);
  });

  it('retries a burst of 500s, then succeeds', async () => {
    fake.faults.set({ serverErrorTimes: 3 });
    const user = await client().getUserAccount();
    expect(user.username).toBe('pinlist_demo');
    expect(retries.map((r) => [r.reason, r.status])).toEqual([
      ['server-error', 500],
      ['server-error', 500],
      ['server-error', 500],
    ]);
  });

  it('gives up on 500s beyond the limit with PINTEREST_UNAVAILABLE', async () => {
    fake.faults.set({ serverErrorTimes: 10 });
    const error = await failure(client({ maxRetries: 2 }).listAdAccounts());
    expect(error.code).toBe('PINTEREST_UNAVAILABLE');
    expect(error.message).toMatch(/500, code 12/);
    expect(error.message).toMatch(/3 times in a row/);
    expect(fake.state.countRequests({ operation: 'ad_accounts/list' })).toBe(3);
  });

  it('retries connection resets, and an ADD whose answer was lost lands once in the membership', async () => {
    fake.faults.set({ resetTimes: 2 });
    expect((await client().getUserAccount()).username).toBe('pinlist_demo');
    expect(retries.map((r) => r.reason)).toEqual(['network', 'network']);

    const list = await client().createCustomerList(ACCOUNT, { name: 'L', list_type: 'EMAIL', records: hashes(0, 5) });
    fake.faults.set({ resetTimes: 1, resetAfterApplying: true });
    await client().updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: hashes(5, 5) });
    expect(fake.state.membership(list.id).size).toBe(10);
    expect(fake.state.countRequests({ operation: 'customer_lists/update' })).toBe(2);
  });

  it('does not repeat a create whose answer was lost: it reports that it may have happened', async () => {
    fake.faults.set({ resetTimes: 1, resetAfterApplying: true });
    const error = await failure(client().createCustomerList(ACCOUNT, { name: 'Maybe', list_type: 'EMAIL', records: hashes(0, 5) }));
    expect(error.code).toBe('PINTEREST_UNAVAILABLE');
    expect(error.ambiguous).toBe(true);
    expect(fake.state.countRequests({ operation: 'customer_lists/create' })).toBe(1);
    expect(fake.state.customerLists()).toHaveLength(1);
  });

  it('times out a request that takes too long and retries it', async () => {
    fake.faults.set({ latencyMs: 2000 });
    const error = await failure(client({ requestTimeoutMs: 100, maxRetries: 1 }).getUserAccount());
    expect(error.code).toBe('PINTEREST_UNAVAILABLE');
    expect(retries.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('explains a 403 (code 29): role on the ad account, access level, scope', async () => {
    fake.state.forbidAdAccount(ACCOUNT);
    const error = await failure(client().listCustomerLists(ACCOUNT));
    expect(error.code).toBe('PINTEREST_FORBIDDEN');
    expect(error.pinterestCode).toBe(29);
    expect(error.message).toMatch(/Audience manager/);
    expect(error.message).toMatch(/Standard access/);
    expect(error.message).toMatch(/ads:write/);
  });

  it('says which scope is missing on 401 code 3', async () => {
    const readOnly = fake.state.issueToken({ scopes: ['ads:read', 'user_accounts:read'] }).accessToken;
    const error = await failure(
      new PinterestClient({ apiBase: fake.baseUrl, tokens: fixedToken(readOnly) }).createCustomerList(ACCOUNT, { name: 'L', list_type: 'EMAIL', records: hashes(0, 1) }),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.pinterestCode).toBe(3);
    expect(error.message).toMatch(/Connect again and allow .*ads:write/);
  });

  it('throws BatchTooLargeError on 413, with nothing applied', async () => {
    const list = await client().createCustomerList(ACCOUNT, { name: 'L', list_type: 'EMAIL', records: hashes(0, 5) });
    fake.faults.set({ maxRecordsPerRequest: 5 });
    const error = await failure(client().updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: hashes(5, 6) }));
    expect(error).toBeInstanceOf(BatchTooLargeError);
    expect((error as BatchTooLargeError).recordCount).toBe(6);
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/Lower the batch size/);
    expect(fake.state.membership(list.id).size).toBe(5);
    // The halves go through.
    await client().updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: hashes(5, 3) });
    await client().updateCustomerList(ACCOUNT, list.id, { operation_type: 'ADD', records: hashes(8, 3) });
    expect(fake.state.membership(list.id).size).toBe(11);
  });

  it('keeps tokens out of error messages', async () => {
    const bogus = 'pina_ThisIsNotARealTokenButLooksLikeOne1234567890';
    const error = await failure(new PinterestClient({ apiBase: fake.baseUrl, tokens: fixedToken(bogus) }).getUserAccount()).catch((e: unknown) => e);
    expect(isPinlistError(error) && error.code).toBe('AUTH_EXPIRED');
    expect(JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details })).not.toContain(bogus);
  });

  it('stops waiting and reports CANCELLED when the job is cancelled', async () => {
    fake.faults.set({ rateLimitTimes: 5, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pending = client({
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort();
        }),
    }).getUserAccount();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
