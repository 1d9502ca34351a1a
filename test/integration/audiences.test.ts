import { describe, expect, it } from 'vitest';
import { actionsOf } from '../../electron/core/audiences/actions.js';
import { startAudienceReadings } from '../../electron/core/audiences/background.js';
import { audienceHealth } from '../../electron/core/audiences/health.js';
import { createLookalike, lookalikesOf, refreshLookalikes, removeLookalike, renameLookalike } from '../../electron/core/audiences/lookalikes.js';
import { estimateReach } from '../../electron/core/audiences/reach.js';
import { shareAudiences, sharingOf } from '../../electron/core/audiences/sharing.js';
import type { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { connectionFor } from '../../electron/core/auth/connection.js';
import { runSync } from '../../electron/core/sync/index.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, expectNoViolations, fastClient, hashes, importMembers, makeList, useSyncWorld } from './helpers/sync-fixtures.js';
import { pinlistErrorFrom } from '../helpers/pinlist-error.js';

/** Audience health, reach, lookalikes and sharing against the fake Pinterest, through the real core. */

const OTHER = '549755885176';
let fake: FakePinterest;
let core: Core;
useSyncWorld((world) => ({ fake, core } = world));

const env = () => ({ core, clientOptions: fastClient() });

async function syncedList(members = { email: hashes(200, 1), gaid: hashes(50, 2) }): Promise<{ listId: number; email: string }> {
  const listId = makeList(core.db, 'Buyers', members);
  const report = await runSync({ core, clientOptions: fastClient() }, { listId, adAccountId: AD_ACCOUNT });
  return { listId, email: report.audiences.email!.id! };
}

describe('audience health', () => {
  it('computes the match rate from a real reading: a size 60% of the confirmed members shows 60%', async () => {
    const { listId, email } = await syncedList();
    fake.state.setAudienceReading(email, { size: 120 });
    const health = await audienceHealth(env(), listId, { refresh: true });
    const kind = health.kinds.find((k) => k.kind === 'email')!;
    expect(kind).toMatchObject({ status: 'READY', size: 120, confirmed: 200, uploaded: 200, listMembers: 200, matchRate: 60 });
    expect(kind.matchRateAt).toBe(kind.checkedAt);
    expect(health.kinds.find((k) => k.kind === 'gaid')).toMatchObject({ audienceState: 'pending', matchRate: null, size: null });
    expect(health.overall).toMatchObject({ size: 120, confirmed: 200, matchRate: 60 });
    expect(health.history).toEqual([
      expect.objectContaining({ kind: 'email', size: 120, confirmed: 200, matchRate: 60, trigger: 'manual' }),
      expect.objectContaining({ kind: 'gaid', size: null, matchRate: null }),
    ]);
    expect(health.flags).toEqual([expect.objectContaining({ kind: 'email', type: 'near-minimum' })]);
    expectNoViolations(fake);
  });

  it("keeps a reading for every status refresh, the sync screen's too (sync.status with refresh)", async () => {
    const { listId } = await syncedList();
    const result = await dispatch(handlers, 'sync.status', { listId, refresh: true }, { core });
    expect(result.ok).toBe(true);
    expect((await audienceHealth(env(), listId)).history.map((r) => [r.kind, r.trigger])).toEqual([
      ['email', 'manual'],
      ['gaid', 'manual'],
    ]);
  });

  it('shows no match rate until Pinterest sizes the audience, with when it should be ready', async () => {
    const { listId } = await syncedList();
    fake.state.matching = true;
    const health = await audienceHealth(env(), listId, { refresh: true });
    const kind = health.kinds.find((k) => k.kind === 'email')!;
    expect(kind).toMatchObject({ status: 'INITIALIZING', size: null, matchRate: null, matchRateAt: null });
    expect(kind.readyInHours).toBeGreaterThanOrEqual(47);
    expect(kind.timing).toMatch(/24 to 48 hours/);
    expect(health.overall).toBeNull();
    expect(health.history[0]).toMatchObject({ status: 'INITIALIZING', size: null, matchRate: null });
  });

  it('flags a drop of more than 10 points between readings and a size under the minimum; stored readings stay without refresh', async () => {
    const { listId, email } = await syncedList();
    fake.state.setAudienceReading(email, { size: 180 });
    await audienceHealth(env(), listId, { refresh: true });
    fake.state.setAudienceReading(email, { size: 90 });
    const requests = fake.state.requests.length;
    const health = await audienceHealth(env(), listId, { refresh: true });
    expect(fake.state.requests.length - requests).toBe(3); // two customer lists and one audience
    expect(health.flags.map((f) => f.type).sort()).toEqual(['below-minimum', 'match-rate-drop']);
    expect(health.flags.find((f) => f.type === 'match-rate-drop')!.message).toMatch(/from 90% to 45%/);
    const stored = await audienceHealth(env(), listId);
    expect(fake.state.requests.length - requests).toBe(3);
    expect(stored.history.filter((r) => r.kind === 'email').map((r) => r.matchRate)).toEqual([90, 45]);
    // The flags reach the alerts; a reading without a drop closes the drop alert.
    const alerts = () => core.db.prepare('SELECT kind, state FROM alerts WHERE list_id = ? ORDER BY kind').all(listId);
    expect(alerts()).toEqual([
      { kind: 'audience-small', state: 'open' },
      { kind: 'match-rate-drop', state: 'open' },
    ]);
    await audienceHealth(env(), listId, { refresh: true });
    expect(alerts()).toEqual([
      { kind: 'audience-small', state: 'open' },
      { kind: 'match-rate-drop', state: 'closed' },
    ]);
  });

  it("reads on the app's schedule: due an hour after the sync, stored as a 'schedule' reading", async () => {
    const { listId } = await syncedList();
    const later = Date.now() + 61 * 60_000;
    const timers: number[] = [];
    const stop = startAudienceReadings(core, { clock: { now: () => later, setTimeout: (_run, ms) => timers.push(ms), clearTimeout: () => undefined } });
    // One pass: one reading per target (email and gaid).
    await expect.poll(() => (core.db.prepare("SELECT count(*) FROM audience_readings WHERE trigger = 'schedule'").pluck().get() as number)).toBe(2);
    stop();
    const health = await audienceHealth(env(), listId);
    expect(health.history[0]).toMatchObject({ kind: 'email', trigger: 'schedule', takenAt: new Date(later).toISOString(), size: 200 });
    // The next checkpoint is the 6 h one, about five hours on.
    await expect.poll(() => timers.length).toBeGreaterThan(0);
    expect(timers.at(-1)! / 3_600_000).toBeCloseTo(5, 0);
  });

  it('a sync after lookalikes and readings recreates and orphans nothing', async () => {
    const { listId, email } = await syncedList();
    const lookalike = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 3 });
    importMembers(core.db, listId, { email: hashes(40, 9) }, 'add');
    const report = await runSync({ core, clientOptions: fastClient() }, { listId, adAccountId: AD_ACCOUNT });
    expect(report.audiences.email!.id).toBe(email);
    const live = fake.state.audiences().filter((a) => !a.removed);
    expect(live.map((a) => a.id).sort()).toEqual([email, lookalike.audienceId].sort());
    expect(lookalikesOf(core.db, listId)).toEqual([expect.objectContaining({ audienceId: lookalike.audienceId, state: 'created' })]);
  });
});

describe('reach', () => {
  it("sends the list's audiences in AUDIENCE_INCLUDE and gives Pinterest's bounds with its caveat", async () => {
    const { listId, email } = await syncedList();
    const reach = await estimateReach(env(), listId, AD_ACCOUNT);
    expect(reach).toMatchObject({ lower: 120, upper: 180, audiences: [email] });
    expect(reach.caveat).toMatch(/does not guarantee/);
    expectNoViolations(fake);
  });

  it('refuses a list with no audience yet without asking Pinterest', async () => {
    const listId = makeList(core.db, 'Tiny', { email: hashes(20, 3) });
    await runSync({ core, clientOptions: fastClient() }, { listId, adAccountId: AD_ACCOUNT });
    const before = fake.state.requests.length;
    expect((await pinlistErrorFrom(estimateReach(env(), listId, AD_ACCOUNT))).message).toMatch(/no Pinterest audience.*Sync it first/);
    expect(fake.state.requests.length).toBe(before);
  });
});

describe('lookalikes', () => {
  it('creates one from every READY kind by default, renames it, reads its size and removes it, with a run record for each write', async () => {
    const { listId, email } = await syncedList({ email: hashes(200, 1), gaid: hashes(150, 2) });
    const gaid = fake.state.audiences().find((a) => a.id !== email)!.id;
    fake.state.setAudienceReading(gaid, { status: 'INITIALIZING' });
    const created = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'GB', percentage: 2 });
    expect(created).toMatchObject({ state: 'created', seedKinds: ['email'], seedIds: [email], country: 'GB', percentage: 2, status: 'READY', name: 'Buyers lookalike (GB, 2%)' });
    const remote = fake.state.audiences().find((a) => a.id === created.audienceId)!;
    expect(remote.lookalike).toEqual({ seedIds: [email], country: 'GB', percentage: 2 });

    const renamed = await renameLookalike(env(), created.id, 'Like our buyers');
    expect(renamed.name).toBe('Like our buyers');
    expect(fake.state.audiences().find((a) => a.id === created.audienceId)!.name).toBe('Like our buyers');
    fake.state.setAudienceReading(created.audienceId!, { size: 777_000 });
    expect((await refreshLookalikes(env(), listId))[0]).toMatchObject({ size: 777_000 });

    await removeLookalike(env(), created.id);
    expect(fake.state.audiences().find((a) => a.id === created.audienceId)!.removed).toBe(true);
    expect(lookalikesOf(core.db, listId)).toEqual([]);
    expect(actionsOf(core.db, listId)).toEqual([
      expect.objectContaining({ action: 'lookalike.create', state: 'succeeded', requests: 1, retries: 0 }),
      expect.objectContaining({ action: 'lookalike.rename', state: 'succeeded', requests: 1 }),
      expect.objectContaining({ action: 'lookalike.remove', state: 'succeeded', requests: 1 }),
    ]);
    expectNoViolations(fake);
  });

  it('is pending, with nothing sent, while a seed is not ready; trying again when it is creates it', async () => {
    const { listId, email } = await syncedList();
    fake.state.setAudienceReading(email, { status: 'INITIALIZING' });
    const writes = fake.state.writeRequestCount;
    const pending = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 1, kinds: ['email'] });
    expect(pending).toMatchObject({ state: 'pending', audienceId: null });
    expect(pending.message).toMatch(/try again when the audience is ready/i);
    expect(fake.state.writeRequestCount).toBe(writes);

    fake.state.setAudienceReading(email, { status: 'READY' });
    const created = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 1, kinds: ['email'] });
    expect(created).toMatchObject({ id: pending.id, state: 'created', audienceId: expect.stringMatching(/^\d+$/) });
    expect(lookalikesOf(core.db, listId)).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After and counts it in the run record', async () => {
    const { listId } = await syncedList();
    fake.faults.set({ appliesTo: 'writes', rateLimitTimes: 1, retryAfterSeconds: 0 });
    const created = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'CA', percentage: 10 });
    expect(created.state).toBe('created');
    expect(actionsOf(core.db, listId)).toEqual([expect.objectContaining({ action: 'lookalike.create', state: 'succeeded', requests: 2, retries: 1 })]);
  });

  it('refuses a bad country or percentage before asking Pinterest; Pinterest refuses them too', async () => {
    const { listId, email } = await syncedList();
    const before = fake.state.requests.length;
    for (const input of [
      { listId, adAccountId: AD_ACCOUNT, country: 'FR', percentage: 5 },
      { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 11 },
      { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 0 },
    ]) {
      const result = await dispatch(handlers, 'audiences.lookalikeCreate', input, { core });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
    }
    expect(fake.state.requests.length).toBe(before);

    const client = connectionFor(core).client(fastClient());
    const country = await pinlistErrorFrom(client.createLookalike(AD_ACCOUNT, { name: 'x', seed_ids: [email], country: 'FR', percentage: 5 }));
    expect(country.message).toMatch(/country "FR".*US, CA, GB/);
    const percentage = await pinlistErrorFrom(client.createLookalike(AD_ACCOUNT, { name: 'x', seed_ids: [email], country: 'US', percentage: 11 }));
    expect(percentage.message).toMatch(/percentage must be 1 to 10/);
    expectNoViolations(fake);
  });
});

describe('sharing', () => {
  it('shares the audiences and lookalikes, shows who has access, and revokes', async () => {
    fake.state.addAdAccount({ id: OTHER, name: 'Agency' });
    const { listId, email } = await syncedList();
    const lookalike = await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 5 });
    // A passing 500 on the first share is retried (SHARE is safe to repeat).
    fake.faults.set({ appliesTo: 'writes', serverErrorTimes: 1 });
    const shared = await shareAudiences(env(), { listId, adAccountId: AD_ACCOUNT, accountIds: [OTHER] });
    expect(shared.available).toBe(true);
    expect(shared.audiences.map((a) => [a.audienceId, a.source, a.accounts.map((x) => x.name)])).toEqual([
      [email, 'email', ['Agency']],
      [lookalike.audienceId, 'lookalike', ['Agency']],
    ]);
    const revoked = await shareAudiences(env(), { listId, adAccountId: AD_ACCOUNT, accountIds: [OTHER], revoke: true });
    expect(revoked.audiences.every((a) => a.accounts.length === 0)).toBe(true);
    const sharing = actionsOf(core.db, listId).filter((a) => a.action === 'share' || a.action === 'revoke');
    expect(sharing.map((a) => [a.action, a.state, a.retries])).toEqual([
      ['share', 'succeeded', 1],
      ['share', 'succeeded', 0],
      ['revoke', 'succeeded', 0],
      ['revoke', 'succeeded', 0],
    ]);
    expectNoViolations(fake);
  });

  it('names an unknown recipient plainly', async () => {
    const { listId } = await syncedList();
    const error = await pinlistErrorFrom(shareAudiences(env(), { listId, adAccountId: AD_ACCOUNT, accountIds: ['999'] }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/999.*Business Hierarchy/s);
  });

  it('says what to ask Pinterest for when the app may not share, and everything else keeps working', async () => {
    fake.state.addAdAccount({ id: OTHER, name: 'Agency' });
    const { listId } = await syncedList();
    fake.state.sharingAllowed = false;
    const view = await sharingOf(env(), listId, AD_ACCOUNT);
    expect(view.available).toBe(false);
    expect(view.message).toMatch(/ask Pinterest .*enable "audience sharing between ad accounts"/);
    const error = await pinlistErrorFrom(shareAudiences(env(), { listId, adAccountId: AD_ACCOUNT, accountIds: [OTHER] }));
    expect(error.code).toBe('PINTEREST_FORBIDDEN');
    expect(error.message).toMatch(/keeps working/);
    expect((await audienceHealth(env(), listId, { refresh: true })).kinds[0]!.status).toBe('READY');
    expect((await estimateReach(env(), listId, AD_ACCOUNT)).lower).toBe(120);
  });
});

describe('privacy', () => {
  it('sends no identifier or hash: audience calls never touch customer lists with records', async () => {
    const { listId } = await syncedList();
    fake.state.addAdAccount({ id: OTHER, name: 'Agency' });
    const before = fake.state.requests.length;
    await audienceHealth(env(), listId, { refresh: true });
    await estimateReach(env(), listId, AD_ACCOUNT);
    await createLookalike(env(), { listId, adAccountId: AD_ACCOUNT, country: 'US', percentage: 5 });
    await shareAudiences(env(), { listId, adAccountId: AD_ACCOUNT, accountIds: [OTHER] });
    const mine = fake.state.requests.slice(before);
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.filter((r) => r.records !== null || (r.operation?.startsWith('customer_lists/') && r.method !== 'GET'))).toEqual([]);
  });
});
