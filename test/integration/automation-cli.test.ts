import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutomationScheduler, automationContextFor, getAutomation, setSchedule } from '../../electron/core/automation/index.js';
import type { Core } from '../../electron/core/core.js';
import { findListByName } from '../../electron/core/store/index.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, useSyncWorld } from './helpers/sync-fixtures.js';
import { HOUR, writeEmails } from './helpers/automation-fixtures.js';
import { runPinlist, type CliResult } from '../helpers/cli.js';

/** The automation commands as a user runs them, and the app's scheduler watching a real folder. */


let fake: FakePinterest;
let core: Core;
let dataDir: string;
useSyncWorld((world) => ({ fake, core, dataDir } = world));

function pinlist(args: string[]): Promise<CliResult> {
  const env = { ...process.env, PINLIST_DATA_DIR: dataDir, PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl, PINTEREST_ACCESS_TOKEN: core.env.PINTEREST_ACCESS_TOKEN };
  return runPinlist(args, { env });
}

/** Moves a schedule's anchor back, as if it had been set `hours` ago (the CLI runs on the real clock). */
function setAgo(listId: number, hours: number): void {
  const at = new Date(Date.now() - hours * HOUR).toISOString();
  core.db.prepare('UPDATE automations SET updated_at = ?, handled_until = ? WHERE list_id = ?').run(at, at, listId);
}

describe('pinlist source / schedule / run-due / alerts / refresh', () => {
  it('sets a source (creating the list), a schedule, runs what is due with the documented JSON, and exits 1 when a run failed', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'crm.csv'), 0, 150);
    const source = await pinlist(['source', 'CRM', '--file', file, '--map', 'email=email']);
    expect(source.code, source.stderr).toBe(0);
    expect(source.stdout).toMatch(/Source of "CRM": .*crm\.csv/);
    const listId = findListByName(core.db, 'CRM')!.id;

    expect((await pinlist(['schedule', 'CRM', '--every', '5x'])).code).toBe(2);
    const schedule = await pinlist(['schedule', 'CRM', '--every', '6h', '--ad-account', AD_ACCOUNT]);
    expect(schedule.code, schedule.stderr).toBe(0);
    expect(schedule.stdout).toMatch(/every 6 hours, refresh and sync to ad account 549755885175/);
    expect(schedule.stdout).toMatch(/Next run: /);
    const shown = JSON.parse((await pinlist(['schedule', 'CRM', '--json'])).stdout) as { automation: unknown; nextRunAt: string };
    expect(shown.automation).toEqual({ schedule: { kind: 'every', hours: 6 }, action: 'refresh-sync', adAccountId: AD_ACCOUNT, enabled: true });
    expect(Date.parse(shown.nextRunAt) - Date.now()).toBeGreaterThan(5 * HOUR);

    const nothing = await pinlist(['run-due', '--json']);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(JSON.parse(nothing.stdout)).toEqual({ runs: [] });

    setAgo(listId, 7);
    const due = await pinlist(['run-due', '--json']);
    expect(due.code, due.stderr).toBe(0);
    const { runs } = JSON.parse(due.stdout) as { runs: Record<string, unknown>[] };
    expect(runs).toHaveLength(1);
    expect(Object.keys(runs[0]!)).toEqual(['list', 'trigger', 'outcome', 'import', 'sync', 'message']);
    expect(runs[0]).toMatchObject({ list: 'CRM', trigger: 'schedule', outcome: 'ok', import: { list: 'CRM', valid: 150, added: 150 }, sync: { added: 150, removed: 0 } });

    const unchanged = await pinlist(['refresh', 'CRM', '--sync', '--json']);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(JSON.parse(unchanged.stdout)).toMatchObject({ trigger: 'manual', outcome: 'unchanged', import: null, sync: null });

    fs.rmSync(file);
    setAgo(listId, 7);
    const failed = await pinlist(['run-due']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^CRM: failed \(schedule\) · The source file .* is missing/m);
    expect(failed.stderr).toMatch(/error\[AUTOMATION_FAILED\]: 1 of 1 run failed or was held: CRM/);

    const alerts = await pinlist(['alerts', '--json']);
    const parsed = JSON.parse(alerts.stdout) as { alerts: { list: string; kind: string; state: string }[] };
    expect(parsed.alerts.map((a) => [a.list, a.kind, a.state]).sort()).toEqual([
      ['CRM', 'run-failed', 'open'],
      ['CRM', 'source-missing', 'open'],
    ]);
    expect((await pinlist(['alerts'])).stdout).toMatch(/Source missing/);

    expect((await pinlist(['schedule', 'CRM', '--off'])).code).toBe(0);
    expect(getAutomation(core.db, listId)).toBeNull();
    expect((await pinlist(['source', 'CRM', '--clear'])).stdout).toMatch(/no source now/);
    expect((await pinlist(['source', 'Nope'])).code).toBe(1);
  }, 300_000); // about 14 CLI processes, each starting tsx: slow on a busy machine
});

describe('the app scheduler', () => {
  it('watches a real folder: a new contacts_*.csv landing makes one run', async () => {
    const dir = path.join(dataDir, 'drop');
    writeEmails(path.join(dir, 'contacts_1.csv'), 0, 10);
    const context = automationContextFor(core, { now: Date.now, webhookOptions: { sleep: async () => undefined } });
    const source = await pinlist(['source', 'Drop', '--folder', dir, '--pattern', 'contacts_*.csv']);
    expect(source.code, source.stderr).toBe(0);
    const listId = findListByName(core.db, 'Drop')!.id;
    setSchedule(context, listId, { schedule: { kind: 'on-change' }, action: 'refresh' });
    const runs = () => core.db.prepare('SELECT state, file_name AS fileName, trigger FROM automation_runs WHERE list_id = ? ORDER BY id').all(listId);

    // Each run the scheduler finishes is reported here: the test waits for the one it expects.
    let onRun: () => void = () => undefined;
    const scheduler = new AutomationScheduler(context, { intervalMs: 3_600_000, debounceMs: 300, onResult: () => onRun() });
    try {
      scheduler.start();
      await scheduler.idle();
      expect(runs()).toEqual([{ state: 'ok', fileName: 'contacts_1.csv', trigger: 'source-change' }]);

      const secondRun = new Promise<void>((resolve) => (onRun = () => runs().length >= 2 && resolve()));
      // The CRM's nightly export lands, written in pieces.
      const target = path.join(dir, 'contacts_2.csv');
      const fd = fs.openSync(target, 'w');
      fs.writeSync(fd, 'email\n');
      for (let i = 0; i < 40; i++) fs.writeSync(fd, `late${i}@example.com\n`);
      fs.closeSync(fd);
      await secondRun;
      await scheduler.idle();
      // No second run for the same landing: another look at the source (what the debounce timer of
      // a late file event does) finds nothing new.
      await scheduler.tick();
      expect(runs()).toEqual([
        { state: 'ok', fileName: 'contacts_1.csv', trigger: 'source-change' },
        { state: 'ok', fileName: 'contacts_2.csv', trigger: 'source-change' },
      ]);
      expect(core.db.prepare('SELECT count(*) FROM imports WHERE list_id = ?').pluck().get(listId)).toBe(2);
    } finally {
      await scheduler.stop();
    }
  }, 60_000);
});
