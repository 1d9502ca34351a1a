import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, expectMembership, expectNoViolations, hashes, importMembers, makeList, useCliWorld } from './helpers/sync-fixtures.js';
import { runPinlist, type CliResult } from '../helpers/cli.js';

/** `pinlist sync / history / status` as a user runs them: a CLI process against the fake Pinterest. */

let fake: FakePinterest;
let dataDir: string;
let env: NodeJS.ProcessEnv;

useCliWorld((world) => ({ fake, dataDir, env } = world));

function pinlist(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runPinlist(args, { env: { ...env, ...extraEnv } });
}

async function withCore<T>(work: (core: Core) => T): Promise<T> {
  const core = new Core({ dataDir, surface: 'cli', env });
  try {
    return work(core);
  } finally {
    await core.close();
  }
}

describe('pinlist sync', () => {
  it('--dry-run --json prints the plan and sends nothing; --json prints the documented object; history and status follow', async () => {
    const email = hashes(1200, 1);
    const gaid = hashes(30, 2);
    await withCore((core) => makeList(core.db, 'Summer sale', { email, gaid }));

    const dry = await pinlist(['sync', 'Summer sale', '--ad-account', AD_ACCOUNT, '--dry-run', '--batch-size', '500', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(fake.state.requests).toHaveLength(0);
    const plan = JSON.parse(dry.stdout) as Record<string, unknown>;
    expect(Object.keys(plan)).toEqual(['list', 'adAccountId', 'dryRun', 'added', 'removed', 'suppressed', 'requests', 'retries', 'customerLists', 'audiences', 'warnings']);
    expect(plan).toMatchObject({ list: 'Summer sale', adAccountId: AD_ACCOUNT, dryRun: true, added: 1230, removed: 0, suppressed: 0, requests: 3 + 1 + 1, retries: 0 });

    const run = await pinlist(['sync', 'Summer sale', '--ad-account', AD_ACCOUNT, '--batch-size', '500', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      dryRun: boolean;
      added: number;
      requests: number;
      customerLists: Record<string, { id: string; status: string }>;
      audiences: Record<string, { id: string; status: string } | null>;
      warnings: string[];
    };
    expect(report).toMatchObject({ dryRun: false, added: 1230, requests: fake.state.requests.length });
    expect(report.customerLists.email).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'READY' });
    expect(report.customerLists.gaid).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'TOO_SMALL' });
    expect(report.audiences.email).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'READY' });
    expect(report.audiences.gaid).toBeNull();
    expect(report.warnings.join(' ')).toMatch(/gaid audience is pending/);
    expectMembership(fake, report.customerLists.email!.id, email);
    expectMembership(fake, report.customerLists.gaid!.id, gaid);

    const history = await pinlist(['history', 'Summer sale', '--json']);
    expect(history.code, history.stderr).toBe(0);
    const runs = (JSON.parse(history.stdout) as { list: string; runs: { state: string; added: number }[] }).runs;
    expect(runs).toEqual([expect.objectContaining({ state: 'succeeded', added: 1230 })]);
    const table = await pinlist(['history', 'Summer sale']);
    expect(table.stdout).toMatch(/succeeded/);

    const before = fake.state.requests.length;
    const status = await pinlist(['status', 'Summer sale', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(fake.state.requests.length - before).toBe(3); // email list + audience, gaid list
    const parsed = JSON.parse(status.stdout) as { targets: { target: { kind: string; confirmedMembers: number }; remote: { audience: { size: number } | null } }[] };
    expect(parsed.targets.map((t) => [t.target.kind, t.target.confirmedMembers, t.remote.audience?.size ?? null])).toEqual([
      ['email', 1200, 1200],
      ['gaid', 30, null],
    ]);
    expectNoViolations(fake);
  }, 60_000);

  it('exits 1 with SYNC_NEEDS_CONFIRMATION until --allow-shrink, and 2 on a bad --adopt', async () => {
    const members = hashes(400, 3);
    const listId = await withCore((core) => makeList(core.db, 'Shrinking', { email: members }));
    expect((await pinlist(['sync', String(listId), '--ad-account', AD_ACCOUNT])).code).toBe(0);
    await withCore((core) => importMembers(core.db, listId, { email: members.subarray(0, 100 * 32) }));

    const writes = fake.state.writeRequestCount;
    const refused = await pinlist(['sync', 'Shrinking', '--ad-account', AD_ACCOUNT, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error\[SYNC_NEEDS_CONFIRMATION\]: .*300 of the 400/);
    expect(refused.stderr).toMatch(/--allow-shrink/);
    expect(JSON.parse(refused.stdout)).toMatchObject({ added: 0, removed: 0 });
    expect(fake.state.writeRequestCount).toBe(writes);

    const confirmed = await pinlist(['sync', 'Shrinking', '--ad-account', AD_ACCOUNT, '--allow-shrink', '--json']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ removed: 300 });

    const usage = await pinlist(['sync', 'Shrinking', '--ad-account', AD_ACCOUNT, '--adopt', 'phone=123']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/KIND=ID/);
  }, 60_000);

  it('refuses an ad account ID Pinterest cannot take before recording a run or a target (exit 1, INVALID_INPUT)', async () => {
    const listId = await withCore((core) => makeList(core.db, 'Typo', { email: hashes(10, 9) }));
    for (const args of [['--ad-account', '1'.repeat(19)], ['--ad-account', '1'.repeat(19), '--dry-run']]) {
      const refused = await pinlist(['sync', 'Typo', ...args]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/error\[INVALID_INPUT\]: The ad account must be Pinterest's numeric ID/);
      expect(refused.stderr).not.toMatch(/confirmed 0 additions/);
    }
    const history = await pinlist(['history', 'Typo', '--json']);
    expect(JSON.parse(history.stdout)).toEqual({ list: 'Typo', runs: [] });
    await withCore((core) => expect(core.db.prepare('SELECT count(*) FROM sync_targets WHERE list_id = ?').pluck().get(listId)).toBe(0));
    expect(fake.state.requests).toHaveLength(0);
  }, 60_000);

  it('exits 1 with SYNC_INCOMPLETE when Pinterest stays down, then a rerun finishes', async () => {
    const members = hashes(600, 4);
    await withCore((core) => makeList(core.db, 'Down', { email: members }));
    fake.faults.set({ serverErrorTimes: 1000, appliesTo: 'writes' });
    // The first request creates the list: a failed create is not retried blindly (it may have
    // landed) but looked up by name and tried again a few times, so this fails fast.
    const down = await pinlist(['sync', 'Down', '--ad-account', AD_ACCOUNT]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/error\[SYNC_INCOMPLETE\]/);
    fake.faults.set({ serverErrorTimes: 0 });
    const again = await pinlist(['sync', 'Down', '--ad-account', AD_ACCOUNT, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expectMembership(fake, (JSON.parse(again.stdout) as { customerLists: { email: { id: string } } }).customerLists.email.id, members);
  }, 120_000);
});
