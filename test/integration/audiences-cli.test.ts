import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, expectNoViolations, hashes, makeList, useCliWorld } from './helpers/sync-fixtures.js';
import { runPinlist, type CliResult } from '../helpers/cli.js';

/** `pinlist status --history`, `reach`, `lookalike`, `share` as a user runs them, against the fake Pinterest. */

const OTHER = '549755885176';

let fake: FakePinterest;
let dataDir: string;
let env: NodeJS.ProcessEnv;

useCliWorld((world) => {
  ({ fake, dataDir, env } = world);
  fake.state.addAdAccount({ id: OTHER, name: 'Agency' });
});

function pinlist(args: string[]): Promise<CliResult> {
  return runPinlist(args, { env });
}

async function syncedList(): Promise<string> {
  const core = new Core({ dataDir, surface: 'cli', env });
  try {
    makeList(core.db, 'Buyers', { email: hashes(200, 1) });
  } finally {
    await core.close();
  }
  const run = await pinlist(['sync', 'Buyers', '--ad-account', AD_ACCOUNT, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { audiences: { email: { id: string } } }).audiences.email.id;
}

describe('pinlist status (audience health)', () => {
  it('prints per kind the documented keys with a 60% match rate, keeps each reading, and shows them with --history', async () => {
    const audience = await syncedList();
    fake.state.setAudienceReading(audience, { size: 120 });
    const first = await pinlist(['status', 'Buyers', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const parsed = JSON.parse(first.stdout) as { kinds: Record<string, unknown>[]; targets: unknown[]; history?: unknown };
    expect(parsed.targets).toHaveLength(1);
    expect(parsed.history).toBeUndefined();
    expect(Object.keys(parsed.kinds[0]!)).toEqual(['kind', 'customerListId', 'audienceId', 'status', 'size', 'uploaded', 'confirmed', 'matchRate', 'checkedAt']);
    expect(parsed.kinds[0]).toMatchObject({ kind: 'email', audienceId: audience, status: 'READY', size: 120, uploaded: 200, confirmed: 200, matchRate: 60 });

    fake.state.setAudienceReading(audience, { size: 90 });
    const second = await pinlist(['status', 'Buyers', '--json', '--history']);
    const history = (JSON.parse(second.stdout) as { history: { matchRate: number; takenAt: string }[]; flags: { type: string }[] });
    expect(history.history.map((r) => r.matchRate)).toEqual([60, 45]);
    expect(history.history.every((r) => /^\d{4}-\d\d-\d\dT/.test(r.takenAt))).toBe(true);
    expect(history.flags.map((f) => f.type).sort()).toEqual(['below-minimum', 'match-rate-drop']);

    // A third reading at the same size: no new drop, still under the minimum.
    const human = await pinlist(['status', 'Buyers', '--history']);
    expect(human.stdout).toMatch(/email: match rate 45% \(audience 90 of 200 confirmed/);
    expect(human.stdout).toMatch(/warning: The email audience has 90 matched people, under Pinterest's minimum of 100/);
    expect(human.stdout).not.toMatch(/match rate fell/);
    expect(human.stdout).toMatch(/Match rate/);
    expectNoViolations(fake);
  }, 240_000);
});

describe('pinlist reach / lookalike / share', () => {
  it('estimates reach, creates a lookalike (pending while the seed is not ready), lists and removes it, shares and revokes', async () => {
    const audience = await syncedList();
    const reach = await pinlist(['reach', 'Buyers', '--ad-account', AD_ACCOUNT, '--json']);
    expect(reach.code, reach.stderr).toBe(0);
    expect(JSON.parse(reach.stdout)).toEqual({ lower: 120, upper: 180, audiences: [audience] });

    fake.state.setAudienceReading(audience, { status: 'INITIALIZING' });
    const pending = await pinlist(['lookalike', 'Buyers', '--ad-account', AD_ACCOUNT, '--country', 'US', '--percent', '5', '--json']);
    expect(pending.code, pending.stderr).toBe(0);
    expect(JSON.parse(pending.stdout)).toMatchObject({ audienceId: null, status: 'PENDING' });
    expect(pending.stderr).toMatch(/try again when the audience is ready/i);

    fake.state.setAudienceReading(audience, { status: 'READY' });
    const created = await pinlist(['lookalike', 'Buyers', '--ad-account', AD_ACCOUNT, '--country', 'us', '--percent', '5', '--kinds', 'email', '--name', 'Like buyers', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const lookalike = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(Object.keys(lookalike)).toEqual(['audienceId', 'name', 'seedIds', 'country', 'percentage', 'status']);
    expect(lookalike).toMatchObject({ name: 'Like buyers', seedIds: [audience], country: 'US', percentage: 5, status: 'READY' });

    const shared = await pinlist(['share', 'Buyers', '--ad-account', AD_ACCOUNT, '--with', OTHER, '--json']);
    expect(shared.code, shared.stderr).toBe(0);
    expect((JSON.parse(shared.stdout) as { audiences: { accounts: unknown[] }[] }).audiences.map((a) => a.accounts.length)).toEqual([1, 1]);
    const revoked = await pinlist(['share', 'Buyers', '--ad-account', AD_ACCOUNT, '--with', OTHER, '--revoke']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked access/);

    const removed = await pinlist(['lookalike', 'Buyers', '--remove', String(lookalike.audienceId)]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(fake.state.audiences().find((a) => a.id === lookalike.audienceId)!.removed).toBe(true);
    expectNoViolations(fake);
  }, 240_000);

  it('refuses a bad country or percent at the command line (exit 2), says what to ask Pinterest for when sharing is refused, and names an unknown recipient', async () => {
    await syncedList();
    const country = await pinlist(['lookalike', 'Buyers', '--ad-account', AD_ACCOUNT, '--country', 'FR', '--percent', '5']);
    expect(country.code).toBe(2);
    expect(country.stderr).toMatch(/US, CA, GB/);
    const percent = await pinlist(['lookalike', 'Buyers', '--ad-account', AD_ACCOUNT, '--country', 'US', '--percent', '11']);
    expect(percent.code).toBe(2);

    const unknown = await pinlist(['share', 'Buyers', '--ad-account', AD_ACCOUNT, '--with', '999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/999.*Business Hierarchy/s);

    fake.state.sharingAllowed = false;
    const refused = await pinlist(['share', 'Buyers', '--ad-account', AD_ACCOUNT, '--with', OTHER]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/PINTEREST_FORBIDDEN.*ask Pinterest/s);
    const view = await pinlist(['share', 'Buyers', '--ad-account', AD_ACCOUNT]);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toMatch(/does not let this app share/);
    expect((await pinlist(['status', 'Buyers'])).code).toBe(0);
  }, 240_000);
});
