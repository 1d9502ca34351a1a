import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.js';
import { requireList } from '../../electron/core/store/index.js';
import { planSync, runSync, syncHistory, syncStatus, listTargets, targetView, acquireSyncLock } from '../../electron/core/sync/index.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import type { SyncReport } from '../../shared/contract/sync.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import {
  AD_ACCOUNT,
  concat,
  expectMembership,
  expectNoViolations,
  fastClient,
  hashes,
  importMembers,
  makeList,
  minus,
  recordsSent,
  setSuppression,
  useSyncWorld,
} from './helpers/sync-fixtures.js';
import { pinlistErrorFrom } from '../helpers/pinlist-error.js';

let fake: FakePinterest;
let core: Core;

useSyncWorld((world) => ({ fake, core } = world));

const sync = (listId: number, extra: { batchSize?: number; allowShrink?: boolean; adopt?: Record<string, string> } = {}) =>
  runSync({ core, clientOptions: fastClient() }, { listId, adAccountId: AD_ACCOUNT, ...extra });

const dryRun = (listId: number, extra: { batchSize?: number; allowShrink?: boolean; adopt?: Record<string, string> } = {}) =>
  planSync({ core, clientOptions: fastClient() }, { listId, adAccountId: AD_ACCOUNT, ...extra });

describe('the first sync', () => {
  it('creates one customer list per kind with the right list_type and name, sends every member once, and builds the audiences it can', async () => {
    const email = hashes(2500, 1);
    const gaid = hashes(300, 2);
    const idfa = hashes(50, 3);
    const listId = makeList(core.db, 'Spring promo', { email, gaid, idfa });

    const report = await sync(listId, { batchSize: 1000 });

    expect(report.complete).toBe(true);
    expect(report.added).toBe(2850);
    expect(report.requests).toBe(fake.state.requests.length);
    expect(report.removed).toBe(0);
    const lists = new Map(fake.state.customerLists().map((l) => [l.id, l]));
    const byKind = { email, gaid, idfa } as const;
    const types = { email: 'EMAIL', gaid: 'MAID', idfa: 'IDFA' } as const;
    for (const kind of ['email', 'gaid', 'idfa'] as const) {
      const id = report.customerLists[kind]?.id;
      expectMembership(fake, id, byKind[kind]);
      expect(lists.get(id!)?.listType).toBe(types[kind]);
      expect(lists.get(id!)?.name).toBe(`Spring promo (${kind})`);
    }
    expect(fake.state.customerLists()).toHaveLength(3);
    // Exactly the members, each once: 2500 email in 3 requests (the first one creating the list).
    expect(recordsSent(fake)).toMatchObject({ created: 1000 + 300 + 50, updated: 1500 });
    expect(report.kinds.email?.requests).toBe(3 + 1); // 3 batches + the audience

    // Audiences for the lists with at least 100 members; the idfa one is pending.
    const audiences = fake.state.audiences();
    expect(audiences.map((a) => a.customerListId).sort()).toEqual([report.customerLists.email!.id, report.customerLists.gaid!.id].sort());
    expect(report.audiences.email?.id).toBe(audiences.find((a) => a.customerListId === report.customerLists.email!.id)!.id);
    expect(report.audiences.idfa).toBeNull();
    expect(report.warnings.join(' ')).toMatch(/idfa audience is pending/);

    const [run] = syncHistory(core.db, listId);
    expect(run).toMatchObject({ state: 'succeeded', added: 2850, removed: 0, requests: report.requests });
    expect(run!.remoteIds.email?.customerListId).toBe(report.customerLists.email!.id);
    expect(targetView(core.db, listTargets(core.db, listId).find((t) => t.kind === 'email')!).confirmedMembers).toBe(2500);
    expectNoViolations(fake);
  });

  it('with nothing changed, sends no records the second time', async () => {
    const listId = makeList(core.db, 'Steady', { email: hashes(400, 4) });
    await sync(listId);
    const before = fake.state.requests.length;
    const again = await sync(listId);
    expect(again).toMatchObject({ complete: true, added: 0, removed: 0 });
    expect(recordsSent(fake, before)).toEqual({ created: 0, updated: 0, requests: 0 });
    expectNoViolations(fake);
  });
});

describe('an incremental sync', () => {
  it('sends exactly the changes: ADDs first, then REMOVEs', async () => {
    const start = hashes(3000, 10);
    const listId = makeList(core.db, 'Newsletter', { email: start });
    const first = await sync(listId, { batchSize: 500 });
    const customerListId = first.customerLists.email!.id;

    const leaving = start.subarray(0, 120 * 32);
    const joining = hashes(170, 11);
    const next = concat(minus(start, leaving), joining);
    importMembers(core.db, listId, { email: next });
    const before = fake.state.requests.length;

    const second = await sync(listId, { batchSize: 500 });

    expect(second).toMatchObject({ complete: true, added: 170, removed: 120 });
    expect(recordsSent(fake, before)).toEqual({ created: 0, updated: 290, requests: 2 });
    const writes = fake.state.requests.slice(before).filter((r) => r.write);
    expect(writes.map((r) => r.records)).toEqual([170, 120]);
    expectMembership(fake, customerListId, next);
    expectNoViolations(fake);
  });
});

describe('the suppression list', () => {
  it('keeps its members out and removes the ones Pinterest already has', async () => {
    const members = hashes(1000, 20);
    const optedOut = members.subarray(100 * 32, 140 * 32);
    const listId = makeList(core.db, 'Customers', { email: members });
    // Imported before the opt-outs arrived, and never synced yet.
    const other = makeList(core.db, 'Other', { email: concat(hashes(200, 22), optedOut) });
    const first = await sync(listId);

    setSuppression(core.db, { email: concat(optedOut, hashes(10, 21)) });
    const preview = await dryRun(listId);
    expect(preview).toMatchObject({ added: 0, removed: 40, suppressed: 40 });

    const second = await sync(listId);
    expect(second).toMatchObject({ complete: true, added: 0, removed: 40, suppressed: 40 });
    expectMembership(fake, first.customerLists.email!.id, minus(members, optedOut));

    // A first sync never sends a suppressed member at all.
    const before = fake.state.requests.length;
    const third = await sync(other);
    expect(third).toMatchObject({ added: 200, suppressed: 40 });
    expect(recordsSent(fake, before).created + recordsSent(fake, before).updated).toBe(200);
    expectMembership(fake, third.customerLists.email!.id, hashes(200, 22));
    expectNoViolations(fake);
  });
});

describe('a dry run', () => {
  it('reports +adds, −removes, suppressed, requests and warnings, and sends no writes', async () => {
    const members = hashes(2300, 30);
    const listId = makeList(core.db, 'Preview', { email: members, idfa: hashes(40, 31) });
    setSuppression(core.db, { email: members.subarray(0, 32 * 5) });

    const plan = await dryRun(listId, { batchSize: 1000 });

    expect(fake.state.writeRequestCount).toBe(0);
    expect(fake.state.requests).toHaveLength(0);
    expect(syncHistory(core.db, listId)).toEqual([]);
    expect(plan).toMatchObject({ dryRun: true, runId: null, added: 2295 + 40, removed: 0, suppressed: 5 });
    // email: 3 batches + its audience; idfa: 1 batch, no audience (40 < 100).
    expect(plan.requests).toBe(3 + 1 + 1);
    expect(plan.warnings.join(' ')).toMatch(/suppression list/);
    expect(plan.warnings.join(' ')).toMatch(/idfa list will have 40 members/);

    const real = await sync(listId, { batchSize: 1000 });
    expect(real.added).toBe(plan.added);
    expect(real.kinds.email?.requests).toBe(plan.kinds.email?.requests);
    expectNoViolations(fake);
  });
});

describe('guardrails', () => {
  it('refuse a sync that removes more than the threshold until it is confirmed, and say the numbers', async () => {
    const members = hashes(1000, 40);
    const listId = makeList(core.db, 'Big', { email: members });
    const first = await sync(listId);
    importMembers(core.db, listId, { email: members.subarray(0, 600 * 32) });
    const writes = fake.state.writeRequestCount;

    const plan = await dryRun(listId);
    expect(plan.needsConfirmation).toBe(true);
    expect(plan.guardrails).toEqual([{ kind: 'email', reason: 'shrink', confirmed: 1000, removes: 400, after: 600, percent: 40, limit: 25 }]);

    const refused = await pinlistErrorFrom(sync(listId));
    expect(refused.code).toBe('SYNC_NEEDS_CONFIRMATION');
    expect(refused.message).toMatch(/400 of the 1,000/);
    expect(refused.message).toMatch(/40%/);
    expect(fake.state.writeRequestCount).toBe(writes);
    expect(syncHistory(core.db, listId)[0]).toMatchObject({ state: 'failed', error: { code: 'SYNC_NEEDS_CONFIRMATION' } });

    const confirmed = await sync(listId, { allowShrink: true });
    expect(confirmed).toMatchObject({ complete: true, removed: 400 });
    expectMembership(fake, first.customerLists.email!.id, members.subarray(0, 600 * 32));
    expectNoViolations(fake);
  });

  it('refuse taking a list below the minimum size', async () => {
    const members = hashes(120, 41);
    const listId = makeList(core.db, 'Small', { email: members });
    await sync(listId);
    importMembers(core.db, listId, { email: members.subarray(0, 95 * 32) });
    const refused = await pinlistErrorFrom(sync(listId));
    expect(refused.code).toBe('SYNC_NEEDS_CONFIRMATION');
    expect(refused.message).toMatch(/from 120 to 95 members, below the minimum of 100/);
    expect((await sync(listId, { allowShrink: true })).removed).toBe(25);
    expectNoViolations(fake);
  });
});

describe('adopting an existing customer list', () => {
  it('sends every member to it and creates no new list; records it held before stay', async () => {
    const members = hashes(500, 50);
    const earlier = concat(members.subarray(0, 100 * 32), hashes(30, 51));
    const client = (await import('../../electron/core/auth/connection.js')).connectionFor(core).client(fastClient());
    const existing = await client.createCustomerList(AD_ACCOUNT, {
      name: 'Made in Ads Manager',
      list_type: 'EMAIL',
      records: hexesOf(earlier),
    });
    const listId = makeList(core.db, 'Adopter', { email: members });

    const preview = await dryRun(listId, { adopt: { email: existing.id } });
    expect(preview.added).toBe(500);
    const report = await sync(listId, { adopt: { email: existing.id } });

    expect(report.customerLists.email?.id).toBe(existing.id);
    expect(report.kinds.email).toMatchObject({ adopted: true, created: false, adds: 500 });
    expect(fake.state.customerLists()).toHaveLength(1);
    expect(report.warnings.join(' ')).toMatch(/Adopted customer list/);
    expectMembership(fake, existing.id, concat(members, hashes(30, 51)));

    // An ID Pinterest does not know is refused before anything is sent.
    const other = makeList(core.db, 'Other', { email: hashes(10, 52) });
    const writes = fake.state.writeRequestCount;
    const refused = await pinlistErrorFrom(sync(other, { adopt: { email: '5497558999999' } }));
    expect(refused.code).toBe('SYNC_INCOMPLETE');
    expect(refused.message).toMatch(/no customer list 5497558999999/);
    expect(fake.state.writeRequestCount).toBe(writes);
    expectNoViolations(fake);
  });
});

function hexesOf(buffer: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < buffer.length; i += 32) out.push(buffer.toString('hex', i, i + 32));
  return out;
}

describe('audiences', () => {
  it('stay pending while Pinterest refuses them, and are created by a later sync', async () => {
    fake.faults.set({ minAudienceSize: 120 });
    const members = hashes(110, 60);
    const listId = makeList(core.db, 'Growing', { email: members });

    const first = await sync(listId);
    expect(first.complete).toBe(true);
    expect(first.audiences.email).toBeNull();
    expect(first.warnings.join(' ')).toMatch(/email audience is pending: Pinterest did not create it yet/);
    expect(fake.state.countRequests({ operation: 'audiences/create', status: 400 })).toBe(1);
    expect(listTargets(core.db, listId)[0]).toMatchObject({ audienceState: 'pending' });

    importMembers(core.db, listId, { email: concat(members, hashes(20, 61)) });
    const second = await sync(listId);
    expect(second.complete).toBe(true);
    const [audience] = fake.state.audiences();
    expect(audience?.customerListId).toBe(first.customerLists.email!.id);
    expect(second.audiences.email).toEqual({ id: audience!.id, status: 'READY' });
    expect(listTargets(core.db, listId)[0]).toMatchObject({ audienceState: 'created', audienceId: audience!.id });

    // Once made, it is not made again.
    await sync(listId);
    expect(fake.state.audiences()).toHaveLength(1);
    expectNoViolations(fake);
  });
});

describe('one sync per list', () => {
  it('refuses while a live process holds the lock, and takes over a dead one, marking its run interrupted', async () => {
    const listId = makeList(core.db, 'Locked', { email: hashes(50, 70) });
    const list = requireList(core.db, listId);
    acquireSyncLock(core.db, listId, list.name, { owner: { pid: process.ppid, host: (await import('node:os')).hostname() } });
    const locked = await pinlistErrorFrom(sync(listId));
    expect(locked.code).toBe('SYNC_LOCKED');
    expect(locked.message).toMatch(new RegExp(`process ${process.ppid}`));
    expect(fake.state.requests).toHaveLength(0);

    // A lock (and a run) left by a process that no longer exists.
    core.db.prepare('UPDATE sync_locks SET owner_pid = 2147483000').run();
    core.db
      .prepare("INSERT INTO sync_runs (list_id, ad_account_id, state, started_at, owner_pid, owner_host) VALUES (?, ?, 'running', ?, 2147483000, 'h')")
      .run(listId, AD_ACCOUNT, new Date().toISOString());
    const report = await sync(listId);
    expect(report.complete).toBe(true);
    const states = syncHistory(core.db, listId).map((run) => run.state);
    expect(states).toEqual(['succeeded', 'interrupted']);
    expect(core.db.prepare('SELECT count(*) AS n FROM sync_locks').get()).toEqual({ n: 0 });
    expectNoViolations(fake);
  });
});

describe('a snapshot of the list', () => {
  it('is what a sync sends, even when an import replaces the members mid-sync; the next sync catches up', async () => {
    fake.faults.set({ latencyMs: 20 });
    const members = hashes(1000, 80);
    const listId = makeList(core.db, 'Moving', { email: members });
    const replacement = hashes(700, 81);
    let imported = false;
    const report = await runSync(
      {
        core,
        clientOptions: fastClient(),
        progress: (update) => {
          if (!imported && update.done >= 1) {
            imported = true;
            importMembers(core.db, listId, { email: replacement });
          }
        },
      },
      { listId, adAccountId: AD_ACCOUNT, batchSize: 100 },
    );
    expect(imported).toBe(true);
    expect(report).toMatchObject({ complete: true, added: 1000 });
    expectMembership(fake, report.customerLists.email!.id, members);

    const next = await sync(listId, { allowShrink: true });
    expect(next).toMatchObject({ added: 700, removed: 1000 });
    expectMembership(fake, report.customerLists.email!.id, replacement);
    // No plan sets or journal rows are left behind.
    expect(core.db.prepare('SELECT count(*) AS n FROM sync_plan_sets').get()).toEqual({ n: 0 });
    expect(core.db.prepare('SELECT count(*) AS n FROM sync_batches').get()).toEqual({ n: 0 });
    expectNoViolations(fake);
  });
});

describe('the sync channels', () => {
  it('sync.start runs a job whose result is the report; history, status and targets describe it', async () => {
    const listId = makeList(core.db, 'Channels', { email: hashes(150, 90) });
    const call = async (channel: string, input: unknown) => {
      const result = await dispatch(handlers, channel as never, input, { core });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value as never;
    };
    const { jobId } = (await call('sync.start', { listId, adAccountId: AD_ACCOUNT })) as { jobId: string };
    const job = await core.jobs.wait(jobId);
    expect(job.state).toBe('succeeded');
    const report = job.result as SyncReport;
    expect(report).toMatchObject({ complete: true, added: 150, jobId });

    const history = (await call('sync.history', { listId })) as { jobId: string; state: string; report: SyncReport }[];
    expect(history[0]).toMatchObject({ jobId, state: 'succeeded' });
    expect(history[0]!.report.added).toBe(150);

    const targets = (await call('sync.targets', { listId })) as { kind: string; customerListId: string; confirmedMembers: number; audienceState: string }[];
    expect(targets).toEqual([expect.objectContaining({ kind: 'email', customerListId: report.customerLists.email!.id, confirmedMembers: 150, audienceState: 'created' })]);

    const status = await syncStatus(core.db, listId);
    expect(status.targets[0]!.remote).toMatchObject({ customerList: { status: 'READY', numUploadedUserRecords: 150 }, audience: { status: 'READY', size: 150 } });
    const before = fake.state.requests.length;
    const refreshed = (await call('sync.status', { listId, refresh: true })) as { targets: { remote: { fetchedAt: string } }[] };
    expect(fake.state.requests.length - before).toBe(2);
    expect(Date.parse(refreshed.targets[0]!.remote.fetchedAt)).toBeGreaterThanOrEqual(Date.parse(status.targets[0]!.remote!.fetchedAt));

    const plan = (await call('sync.plan', { listId, adAccountId: AD_ACCOUNT })) as SyncReport;
    expect(plan).toMatchObject({ dryRun: true, added: 0, removed: 0, requests: 0 });
    expectNoViolations(fake);
  });
});
