import { describe, expect, it } from 'vitest';
import { PinterestConnection } from '../../electron/core/auth/connection.js';
import type { SecretName, SecretStore } from '../../electron/core/auth/keychain.js';
import type { Core } from '../../electron/core/core.js';
import type { ProgressUpdate } from '../../electron/core/jobs/jobs.js';
import type { PinterestClient } from '../../electron/core/pinterest/client.js';
import { BatchTooLargeError } from '../../electron/core/pinterest/errors.js';
import { listTargets, runSync, syncHistory, targetView, type SyncEnvironment } from '../../electron/core/sync/index.js';
import type { SyncReport } from '../../shared/contract/sync.js';
import { hexList, rng } from '../helpers/hash-data.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, concat, coreFor, expectMembership, expectNoViolations, fastClient, hashes, importMembers, makeList, minus, recordsSent, useSyncWorld } from './helpers/sync-fixtures.js';
import { pinlistErrorFrom } from '../helpers/pinlist-error.js';

let fake: FakePinterest;
let dataDir: string;
let core: Core;
const seeded = rng(20240601);

useSyncWorld((world) => ({ fake, dataDir, core } = world), () => ({ random: () => seeded() / 2 ** 32 }));

function run(listId: number, env: Partial<SyncEnvironment> = {}, batchSize = 200, extra: { allowShrink?: boolean } = {}): Promise<SyncReport> {
  return runSync({ core, clientOptions: fastClient(), ...env }, { listId, adAccountId: AD_ACCOUNT, batchSize, ...extra });
}

/** Calls `arm` once, when the sync has confirmed `afterBatches` batches. */
function armAfter(afterBatches: number, arm: () => void): (update: ProgressUpdate) => void {
  let armed = false;
  return (update) => {
    if (!armed && update.done >= afterBatches) {
      armed = true;
      arm();
    }
  };
}

describe('a 429 storm', () => {
  it('is waited out (Retry-After honoured, else backoff) and ends with the exact list', async () => {
    const members = hashes(3000, 1);
    const listId = makeList(core.db, 'Storm', { email: members });
    fake.faults.set({ rateLimitProbability: 0.4, retryAfterSeconds: 2, appliesTo: 'writes' });
    const waits: number[] = [];
    const details: string[] = [];
    const report = await run(listId, { clientOptions: fastClient(waits), progress: (u) => details.push(u.detail ?? '') });

    expect(report.complete).toBe(true);
    expect(report.retries).toBeGreaterThan(0);
    expect(report.retries).toBe(fake.state.countRequests({ status: 429 }));
    expect(report.requests).toBe(fake.state.requests.length);
    expect(waits.length).toBe(report.retries);
    expect(waits.every((ms) => ms === 2000)).toBe(true);
    expect(details.some((d) => /rate limited: waiting 2 s/.test(d))).toBe(true);
    expectMembership(fake, report.customerLists.email!.id, members);

    // Without Retry-After: exponential backoff with jitter, within the ceiling.
    fake.faults.set({ retryAfterSeconds: null });
    const more = hashes(800, 2);
    importMembers(core.db, listId, { email: concat(members, more) });
    const backoffWaits: number[] = [];
    const second = await run(listId, { clientOptions: fastClient(backoffWaits) });
    expect(second).toMatchObject({ complete: true, added: 800 });
    expect(backoffWaits.length).toBeGreaterThan(0);
    expect(backoffWaits.every((ms) => ms >= 0 && ms <= 20)).toBe(true);
    expectMembership(fake, report.customerLists.email!.id, concat(members, more));
    expect(syncHistory(core.db, listId)[1]).toMatchObject({ retries: report.retries });
    expectNoViolations(fake);
  });
});

describe('5xx bursts', () => {
  it('are retried through; beyond the limit the sync stops, keeps what was confirmed, and a rerun finishes', async () => {
    const members = hashes(2000, 3);
    const listId = makeList(core.db, 'Flaky', { email: members });
    // Bursts of 3 server errors before several batches.
    let bursts = 0;
    const report = await run(listId, {
      progress: (u) => {
        if (u.done > 0 && u.done % 3 === 0 && bursts < u.done / 3) {
          bursts += 1;
          fake.faults.set({ serverErrorTimes: 3, appliesTo: 'writes' });
        }
      },
    });
    expect(report.complete).toBe(true);
    expect(report.retries).toBeGreaterThanOrEqual(3);
    expectMembership(fake, report.customerLists.email!.id, members);
    expect(recordsSent(fake).created + recordsSent(fake).updated).toBe(2000);

    // Now Pinterest stays down after 4 more batches.
    const more = hashes(1500, 4);
    importMembers(core.db, listId, { email: concat(members, more) });
    const before = fake.state.requests.length;
    const stopped = await pinlistErrorFrom(run(listId, { progress: armAfter(4, () => fake.faults.set({ serverErrorTimes: 1000 })) }));
    expect(stopped.code).toBe('SYNC_INCOMPLETE');
    expect(stopped.message).toMatch(/Pinterest kept failing/);
    expect(stopped.message).toMatch(/confirmed 800 additions/);
    const failed = syncHistory(core.db, listId)[0]!;
    expect(failed).toMatchObject({ state: 'failed', added: 800, error: { code: 'PINTEREST_UNAVAILABLE' } });
    expect(failed.report?.complete).toBe(false);
    // The in-flight batch is uncertain, everything before it confirmed.
    const target = targetView(core.db, listTargets(core.db, listId)[0]!);
    expect(target.confirmedMembers).toBe(2800);
    expect(target.uncertainMembers).toBe(200);

    fake.faults.set({ serverErrorTimes: 0 });
    const sentBefore = fake.state.requests.length;
    const rerun = await run(listId);
    expect(rerun.complete).toBe(true);
    // The rest (700), including the uncertain batch once.
    expect(recordsSent(fake, sentBefore).updated).toBe(700);
    expectMembership(fake, report.customerLists.email!.id, concat(members, more));
    expect(fake.state.requests.length).toBeGreaterThan(before);
    expectNoViolations(fake);
  });
});

describe('a records-per-request cap (413)', () => {
  it('splits batches in halves until they go, sending each record once', async () => {
    const members = hashes(2600, 5);
    const listId = makeList(core.db, 'Capped', { email: members });
    fake.faults.set({ maxRecordsPerRequest: 300 });
    const report = await run(listId, {}, 1000);
    expect(report.complete).toBe(true);
    expect(fake.state.countRequests({ status: 413 })).toBeGreaterThan(0);
    // 200-answered requests carry every record exactly once: the refused ones carried none.
    expect(recordsSent(fake).created + recordsSent(fake).updated).toBe(2600);
    const accepted = fake.state.requests.filter((r) => r.write && r.status === 200 && r.records !== null).map((r) => r.records!);
    expect(Math.max(...accepted)).toBeLessThanOrEqual(300);
    expect(report.added).toBe(2600);
    expectMembership(fake, report.customerLists.email!.id, members);
    expectNoViolations(fake);
  });

  it('isolates and reports a single record refused even alone, and sends the rest', async () => {
    const members = hashes(64, 6);
    const poison = members.toString('hex', 20 * 32, 21 * 32);
    const listId = makeList(core.db, 'Poisoned', { email: members });
    const makeClient = (options: Parameters<NonNullable<SyncEnvironment['makeClient']>>[0]): PinterestClient => {
      const client = new PinterestConnection({ db: core.db, env: core.env }).client(options);
      const refuse = (records: readonly string[], operation: string) => {
        if (records.includes(poison)) throw new BatchTooLargeError(records.length, { status: 400, pinterestCode: 400, operation }, 'Request too large');
      };
      const update = client.updateCustomerList.bind(client);
      const create = client.createCustomerList.bind(client);
      client.updateCustomerList = async (account, id, input) => {
        refuse(input.records, 'update');
        return update(account, id, input);
      };
      client.createCustomerList = async (account, input) => {
        refuse(input.records, 'create');
        return create(account, input);
      };
      return client;
    };
    const report = await run(listId, { makeClient }, 64);
    expect(report.isolated).toEqual([{ kind: 'email', op: 'ADD', hash: poison }]);
    expect(report.warnings.join(' ')).toMatch(new RegExp(`refused record ${poison}`));
    expect(report.added).toBe(63);
    const expected = Buffer.concat([members.subarray(0, 20 * 32), members.subarray(21 * 32)]);
    expectMembership(fake, report.customerLists.email!.id, expected);
    expectNoViolations(fake);
  });
});

describe('a 400 that names no size', () => {
  it('is split like a 413: a records cap answered with a plain 400 is found, and every record sent once', async () => {
    const members = hashes(1300, 11);
    const listId = makeList(core.db, 'Capped 400', { email: members });
    fake.faults.set({ maxRecordsPerRequest: 300, recordsCapStatus: 400 });
    const report = await run(listId, {}, 1000);
    expect(report.complete).toBe(true);
    expect(fake.state.countRequests({ status: 400 })).toBeGreaterThan(0);
    expect(recordsSent(fake).created + recordsSent(fake).updated).toBe(1300);
    expect(report).toMatchObject({ added: 1300, isolated: [] });
    expectMembership(fake, report.customerLists.email!.id, members);
    expectNoViolations(fake);
  });

  it('isolates a record Pinterest refuses for itself, reports it, and sends the rest', async () => {
    const members = hashes(200, 12);
    const poison = members.toString('hex', 77 * 32, 78 * 32);
    const listId = makeList(core.db, 'Poisoned 400', { email: members });
    fake.faults.set({ refuseRecords: [poison] });
    const report = await run(listId, {}, 100);
    expect(report.complete).toBe(true);
    expect(report.isolated).toEqual([{ kind: 'email', op: 'ADD', hash: poison }]);
    expect(report.warnings.join(' ')).toContain(`refused record ${poison}`);
    expect(report.warnings.join(' ')).toMatch(/400: Invalid parameters: record 1 of 1 could not be processed/);
    expect(report.added).toBe(199);
    expectMembership(fake, report.customerLists.email!.id, minus(members, Buffer.from(poison, 'hex')));
    expectNoViolations(fake);
  });

  it('stops the sync when Pinterest refuses record after record alone: the request, not its size, is refused', async () => {
    const members = hashes(64, 13);
    const listId = makeList(core.db, 'Refused', { email: members });
    fake.faults.set({ refuseRecords: hexList(members) });
    const stopped = await pinlistErrorFrom(run(listId, {}, 64));
    expect(stopped.code).toBe('SYNC_INCOMPLETE');
    expect(stopped.message).toMatch(/refused 3 records in a row even one at a time/);
    // 64 → 32 → … → 1 (7 requests), then its neighbour, then the next pair and its first half.
    expect(fake.state.requests.filter((r) => r.write).length).toBe(10);
    expect(fake.state.customerLists()).toHaveLength(0);
    expect(syncHistory(core.db, listId)[0]).toMatchObject({ state: 'failed', added: 0 });
    expectNoViolations(fake);
  });
});

describe('the leanest answers the spec allows', () => {
  it('still sync exactly: an update answered with {} confirms its batch, statuses absent are unknown', async () => {
    fake.faults.set({ sparseResponses: true, minAudienceSize: 1 });
    const members = hashes(450, 14);
    const listId = makeList(core.db, 'Lean', { email: members });
    const first = await run(listId, {}, 200);
    expect(first).toMatchObject({ complete: true, added: 450 });
    expect(first.customerLists.email).toEqual({ id: expect.any(String), status: null });
    expect(first.audiences.email).toEqual({ id: expect.any(String), status: null });
    expectMembership(fake, first.customerLists.email!.id, members);

    const more = hashes(120, 15);
    const kept = members.subarray(0, 400 * 32);
    importMembers(core.db, listId, { email: concat(kept, more) });
    const second = await run(listId, {}, 200);
    expect(second).toMatchObject({ complete: true, added: 120, removed: 50 });
    expectMembership(fake, first.customerLists.email!.id, concat(kept, more));
    // The fake checks its own lean answers against the spec too.
    expectNoViolations(fake);
  });
});

describe('resets after Pinterest applied a write', () => {
  it('do not duplicate the customer list (looked up by name) and end with the exact list', async () => {
    const members = hashes(1200, 7);
    const listId = makeList(core.db, 'Reset', { email: members });
    fake.faults.set({ resetTimes: 4, resetAfterApplying: true, appliesTo: 'writes' });
    const report = await run(listId);
    expect(report.complete).toBe(true);
    expect(fake.state.customerLists()).toHaveLength(1);
    expect(fake.state.countRequests({ status: 0 })).toBe(4);
    expectMembership(fake, report.customerLists.email!.id, members);
    expectNoViolations(fake);
  });
});

describe('an access token that expires mid-sync', () => {
  class MemorySecrets implements SecretStore {
    readonly values = new Map<SecretName, string>();
    readonly service = 'memory';
    get(name: SecretName) {
      return this.values.get(name) ?? null;
    }
    set(name: SecretName, value: string) {
      this.values.set(name, value);
    }
    delete(name: SecretName) {
      return this.values.delete(name);
    }
    assertAvailable() {}
  }

  it('is refreshed once, the rotated refresh token is stored, and the sync goes on', async () => {
    const app = { appId: '1234567', appSecret: 'secret-for-tests' };
    fake.state.registerApp(app);
    const issued = fake.state.issueToken({ appId: app.appId });
    const secrets = new MemorySecrets();
    const env = { PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl };
    const connection = new PinterestConnection({ db: core.db, env, secrets });
    secrets.set('appSecret', app.appSecret);
    connection.tokens.store({
      access: { token: issued.accessToken, expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), obtainedAt: new Date().toISOString(), scope: null },
      refresh: { token: issued.refreshToken, expiresAt: null },
    });
    const now = new Date().toISOString();
    connection.facts.save({ method: 'oauth', appId: app.appId, redirectUri: null, accountId: null, username: null, accountType: null, scopes: null, connectedAt: now, expiresAt: null, refreshExpiresAt: null, refreshedAt: null });

    const members = hashes(1500, 8);
    const listId = makeList(core.db, 'Rotating', { email: members });
    const report = await run(listId, { makeClient: (options) => connection.client(options), progress: armAfter(3, () => fake.faults.set({ expireTokenNext: true })) });

    expect(report.complete).toBe(true);
    expectMembership(fake, report.customerLists.email!.id, members);
    expect(fake.state.countRequests({ status: 401 })).toBe(1);
    expect(fake.state.countRequests({ operation: 'oauth/token' })).toBe(1);
    // Every request Pinterest saw is counted: the refused one, the refresh, and the one repeated.
    expect(report.requests).toBe(fake.state.requests.length);
    expect(syncHistory(core.db, listId)[0]).toMatchObject({ requests: fake.state.requests.length });
    const stored = JSON.parse(secrets.get('refreshToken')!) as { token: string };
    expect(stored.token).not.toBe(issued.refreshToken);
    expect(fake.state.refreshTokens.get(issued.refreshToken)?.used).toBe(true);
    expect(fake.state.refreshTokens.get(stored.token)?.used).toBe(false);
    expect(JSON.parse(secrets.get('accessToken')!).token).not.toBe(issued.accessToken);
    expect(connection.facts.get()?.refreshedAt).not.toBeNull();
    expectNoViolations(fake);
  });

  it('that cannot be refreshed (PINTEREST_ACCESS_TOKEN) stops the sync with AUTH_EXPIRED, keeping the progress', async () => {
    const members = hashes(1000, 9);
    const listId = makeList(core.db, 'Expiring', { email: members });
    const stopped = await pinlistErrorFrom(run(listId, { progress: armAfter(2, () => fake.faults.set({ expireTokenNext: true })) }));
    expect(stopped.code).toBe('AUTH_EXPIRED');
    expect(stopped.message).toMatch(/confirmed 400 additions/);
    expect(targetView(core.db, listTargets(core.db, listId)[0]!)).toMatchObject({ confirmedMembers: 400, uncertainMembers: 0 });

    await core.close();
    core = coreFor(fake, dataDir); // a new token in the environment
    const rerun = await run(listId);
    expect(rerun).toMatchObject({ complete: true, added: 600 });
    expectMembership(fake, rerun.customerLists.email!.id, members);
    expectNoViolations(fake);
  });
});

describe('a 403', () => {
  it('stops the sync with the reason explained; a later sync finishes', async () => {
    const members = hashes(1000, 10);
    const listId = makeList(core.db, 'Forbidden', { email: members });
    const stopped = await pinlistErrorFrom(run(listId, { progress: armAfter(2, () => fake.state.forbidAdAccount(AD_ACCOUNT)) }));
    expect(stopped.code).toBe('PINTEREST_FORBIDDEN');
    expect(stopped.message).toMatch(/Standard access|role on this ad account/);
    expect(syncHistory(core.db, listId)[0]).toMatchObject({ state: 'failed', error: { code: 'PINTEREST_FORBIDDEN' } });
    fake.state.forbidAdAccount(AD_ACCOUNT, false);
    const rerun = await run(listId);
    expect(rerun.added).toBe(600);
    expectMembership(fake, rerun.customerLists.email!.id, members);
    expectNoViolations(fake);
  });
});

describe('cancelling', () => {
  it('stops after the request in flight; the rerun sends the rest and removes what left meanwhile', async () => {
    fake.faults.set({ latencyMs: 10 });
    const members = hashes(2000, 11);
    const listId = makeList(core.db, 'Cancelled', { email: members });
    const controller = new AbortController();
    const stopped = await pinlistErrorFrom(run(listId, { signal: controller.signal, progress: armAfter(3, () => controller.abort(new Error('stop'))) }));
    expect(['CANCELLED', 'SYNC_INCOMPLETE']).toContain(stopped.code);
    expect(syncHistory(core.db, listId)[0]?.state).toMatch(/cancelled|failed/);

    const remaining = minus(members, members.subarray(0, 50 * 32));
    importMembers(core.db, listId, { email: remaining });
    const rerun = await run(listId, {}, 200, { allowShrink: true });
    expect(rerun.complete).toBe(true);
    expectMembership(fake, rerun.customerLists.email!.id, remaining);
    expectNoViolations(fake);
  });
});
