import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  acquireRunLock,
  dueAutomations,
  listAlerts,
  runAutomation,
  runDue,
  setSchedule,
  setSource,
  listForSource,
  withImportLock,
} from '../../electron/core/automation/index.js';
import type { Core } from '../../electron/core/core.js';
import { acquireSyncLock } from '../../electron/core/sync/index.js';
import { listTargets } from '../../electron/core/sync/index.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, expectMembership, expectNoViolations, useSyncWorld } from './helpers/sync-fixtures.js';
import { contextFor, DAY, emailHashes, HOUR, testClock, writeEmails } from './helpers/automation-fixtures.js';
import { childScriptArgs } from '../helpers/child-process.js';

/** Automated runs end to end: a real source file, the real import and sync engine, the fake Pinterest. */

let fake: FakePinterest;
let core: Core;
let dataDir: string;

useSyncWorld((world) => ({ fake, core, dataDir } = world));

function customerListId(listId: number): string {
  const target = listTargets(core.db, listId, AD_ACCOUNT).find((t) => t.kind === 'email');
  return target!.customerListId!;
}

function automatedList(name: string, file: string, schedule: Parameters<typeof setSchedule>[2]['schedule'] = { kind: 'daily', time: '06:00' }, clock = testClock('2026-03-02T12:00:00Z')) {
  const context = contextFor(core, clock);
  const listId = listForSource(core, name);
  setSource(context, listId, { kind: 'file', path: file });
  setSchedule(context, listId, { schedule, action: 'refresh-sync', adAccountId: AD_ACCOUNT });
  return { context, listId, clock };
}

describe('an automated refresh and sync', () => {
  it('imports the source, sends exactly the file, and the next run of the same file is "unchanged" with no request to Pinterest', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'crm.csv'), 0, 300);
    const { context, listId } = automatedList('CRM', file);

    const first = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(first.state, first.message).toBe('ok');
    expect(first.import).toMatchObject({ valid: 300, added: 300, removed: 0 });
    expect(first.sync).toEqual({ added: 300, removed: 0 });
    expect(first.fileName).toBe('crm.csv');
    expectMembership(fake, customerListId(listId), emailHashes(0, 300));

    const requests = fake.state.requests.length;
    const second = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(second.state).toBe('unchanged');
    expect(second.import).toBeNull();
    expect(second.sync).toBeNull();
    expect(second.message).toMatch(/Unchanged/);
    expect(fake.state.requests.length).toBe(requests);

    // A changed file: only the difference is sent, ADD then REMOVE, as a manual sync would.
    writeEmails(file, 20, 320);
    const third = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(third.state, third.message).toBe('ok');
    expect(third.sync).toEqual({ added: 20, removed: 20 });
    expectMembership(fake, customerListId(listId), emailHashes(20, 320));
    expectNoViolations(fake);
  }, 60_000);

  it('a missing source is a failed run with a clear reason and an alert; the list is untouched', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'gone.csv'), 0, 150);
    const { context, listId } = automatedList('Gone', file);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
    fs.rmSync(file);
    const run = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(run.state).toBe('failed');
    expect(run.error?.code).toBe('FILE_NOT_FOUND');
    expect(run.message).toMatch(/gone\.csv is missing/);
    expect(listAlerts(core.db).map((a) => a.kind).sort()).toEqual(['run-failed', 'source-missing']);
    expectMembership(fake, customerListId(listId), emailHashes(0, 150));
  }, 60_000);

  it('holds a sync the shrink guard stops (nothing removed), alerts, and a recovered run closes the alert', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'shrink.csv'), 0, 400);
    const { context, listId } = automatedList('Shrink', file);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');

    writeEmails(file, 0, 200);
    const writes = fake.state.writeRequestCount;
    const held = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(held.state).toBe('held');
    expect(held.message).toMatch(/lose 200 of the 400/);
    expect(held.message).toMatch(/held: nothing was sent/);
    expect(fake.state.writeRequestCount).toBe(writes);
    expectMembership(fake, customerListId(listId), emailHashes(0, 400));
    const [alert] = listAlerts(core.db);
    expect(alert).toMatchObject({ kind: 'held', state: 'open', list: 'Shrink' });

    // The same file again is still held (the sync is still owed), and the alert is not duplicated.
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('held');
    expect(listAlerts(core.db)).toHaveLength(1);

    writeEmails(file, 0, 390);
    const recovered = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(recovered.state, recovered.message).toBe('ok');
    expect(recovered.sync).toEqual({ added: 0, removed: 10 });
    expect(listAlerts(core.db)).toEqual([]);
    expect(listAlerts(core.db, { all: true })).toEqual([expect.objectContaining({ kind: 'held', state: 'closed' })]);
  }, 60_000);

  it('a token that cannot be renewed fails the run with "reconnect", sends nothing and alerts; a run after reconnecting closes the alert', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'auth.csv'), 0, 120);
    const { context, listId } = automatedList('Auth', file);
    const token = core.env.PINTEREST_ACCESS_TOKEN!;
    fake.state.expireAccessToken();
    const run = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(run.state).toBe('failed');
    expect(run.error?.code).toBe('AUTH_EXPIRED');
    expect(run.message).toMatch(/reconnect/);
    expect(fake.state.customerLists()).toEqual([]);
    expect(listAlerts(core.db).map((a) => a.kind).sort()).toEqual(['connection-expired', 'run-failed']);
    // Nothing tells the expiry of a pasted token: a check alone does not close the alert.
    await runDue(context);
    expect(listAlerts(core.db)).toHaveLength(2);

    fake.state.issueToken({ accessToken: token }); // reconnected
    const recovered = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(recovered.state, recovered.message).toBe('ok');
    expect(recovered.sync).toEqual({ added: 120, removed: 0 });
    expect(listAlerts(core.db)).toEqual([]);
  }, 60_000);

  it('alerts on a connection that is about to expire, or has expired, before any run fails', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'exp.csv'), 0, 10);
    const clock = testClock('2026-03-02T12:00:00Z');
    const { listId } = automatedList('Exp', file, { kind: 'daily', time: '06:00' }, clock);
    expect(listId).toBeGreaterThan(0);
    const expiring = contextFor(core, clock, { health: { state: 'expiring', expiresAt: '2026-03-06T00:00:00.000Z' } });
    await runDue(expiring);
    expect(listAlerts(core.db)).toEqual([expect.objectContaining({ kind: 'connection-expiring', listId: null, message: expect.stringMatching(/expires on 2026-03-06/) })]);
    const expired = contextFor(core, clock, { health: { state: 'expired', expiresAt: '2026-03-01T00:00:00.000Z' } });
    await runDue(expired);
    expect(listAlerts(core.db).map((a) => a.kind)).toEqual(['connection-expired']);
    const fine = contextFor(core, clock, { health: { state: 'ok', expiresAt: null } });
    await runDue(fine);
    expect(listAlerts(core.db)).toEqual([]);
  }, 60_000);
});

describe('audience and source alerts', () => {
  it('alerts when Pinterest reports the audience under 100 members, and closes it when it is back', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'aud.csv'), 0, 150);
    const { context, listId } = automatedList('Audience', file);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
    expect(listAlerts(core.db)).toEqual([]);
    const audienceId = listTargets(core.db, listId, AD_ACCOUNT).find((t) => t.kind === 'email')!.audienceId!;
    fake.state.setAudienceReading(audienceId, { size: 80 });
    writeEmails(file, 0, 152);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
    expect(listAlerts(core.db)).toEqual([expect.objectContaining({ kind: 'audience-small', message: expect.stringMatching(/below Pinterest's 100-member minimum \(email: 80\)/) })]);
    fake.state.setAudienceReading(audienceId, { size: 152 });
    writeEmails(file, 0, 153);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
    expect(listAlerts(core.db)).toEqual([]);
  }, 60_000);

  it('alerts on a source unchanged for longer than sourceStaleDays, even when nothing runs, and a new file closes it', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'stale.csv'), 0, 20);
    const clock = testClock();
    const context = contextFor(core, clock);
    const listId = listForSource(core, 'Stale');
    setSource(context, listId, { kind: 'file', path: file });
    setSchedule(context, listId, { schedule: { kind: 'on-change' }, action: 'refresh' });
    await runDue(context);
    core.settings.update({ sourceStaleDays: 3 });
    clock.advance(2 * DAY);
    expect(await runDue(context)).toEqual([]);
    expect(listAlerts(core.db)).toEqual([]);
    clock.advance(2 * DAY);
    expect(await runDue(context)).toEqual([]);
    expect(listAlerts(core.db)).toEqual([expect.objectContaining({ kind: 'source-stale', list: 'Stale', message: expect.stringMatching(/not changed since \d{4}-\d\d-\d\d, more than 3 days/) })]);
    writeEmails(file, 0, 21);
    expect((await runDue(context)).map((r) => r.run.state)).toEqual(['ok']);
    expect(listAlerts(core.db)).toEqual([]);
  }, 60_000);
});

describe('overlap', () => {
  it('is refused and recorded as skipped: another automated run, a manual import, a manual sync of the same list', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'busy.csv'), 0, 50);
    const { context, listId } = automatedList('Busy', file);
    // A live holder in another process: this test runner's parent.
    const other = { pid: process.ppid, host: (await import('node:os')).hostname() };

    const lock = acquireRunLock(core.db, `automation:${listId}`, 'an automated run of "Busy"', { owner: other });
    const first = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(first.state).toBe('skipped');
    expect(first.message).toMatch(/automated run of "Busy" \(process \d+/);
    lock.release();

    const second = await withImportLock(core.db, 'busy', () => runAutomation(context, { listId, trigger: 'schedule' }));
    expect(second.state).toBe('skipped');
    expect(second.message).toMatch(/an import into "busy"/);

    const syncLock = acquireSyncLock(core.db, listId, 'Busy', { owner: other });
    const third = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(third.state).toBe('skipped');
    expect(third.message).toMatch(/being synced by process/);
    core.db.prepare('DELETE FROM sync_locks WHERE token = ?').run(syncLock.token);

    expect(fake.state.requests).toHaveLength(0);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
  }, 60_000);
});

describe('schedules with an injected clock', () => {
  function dueIds(context: ReturnType<typeof contextFor>): number[] {
    return dueAutomations(context).map((d) => d.automation.listId);
  }

  it('every N hours: due N hours after it was set, then N hours after each slot; missed slots run once', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'e.csv'), 0, 10);
    const clock = testClock('2026-03-02T12:00:00Z');
    const { context, listId } = automatedList('Every', file, { kind: 'every', hours: 6 }, clock);
    clock.advance(6 * HOUR - 1);
    expect(dueIds(context)).toEqual([]);
    clock.advance(1);
    expect(dueIds(context)).toEqual([listId]);
    // The computer slept through 5 more slots: one run, then nothing until the next slot.
    clock.advance(30 * HOUR);
    const results = await runDue(context);
    expect(results.map((r) => [r.list, r.trigger, r.run.state])).toEqual([['Every', 'schedule', 'ok']]);
    expect(dueIds(context)).toEqual([]);
    clock.advance(6 * HOUR);
    expect(dueIds(context)).toEqual([listId]);
  }, 60_000);

  it('daily at HH:MM local time, and weekly on a day at HH:MM; a missed week runs once', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'd.csv'), 0, 10);
    // Monday 2026-03-02 at 05:00 local time.
    const start = new Date(2026, 2, 2, 5, 0).getTime();
    const clock = testClock(start);
    const daily = automatedList('Daily', file, { kind: 'daily', time: '06:30' }, clock);
    const weekly = automatedList('Weekly', file, { kind: 'weekly', day: 3, time: '09:00' }, clock);
    expect(dueIds(daily.context)).toEqual([]);
    clock.set(new Date(2026, 2, 2, 6, 30).getTime());
    expect(dueIds(daily.context)).toEqual([daily.listId]);
    await runDue(daily.context);
    expect(dueIds(daily.context)).toEqual([]);
    clock.set(new Date(2026, 2, 4, 8, 59).getTime()); // Wednesday 08:59: daily due once (two missed days), weekly not yet
    expect(dueIds(daily.context)).toEqual([daily.listId]);
    await runDue(daily.context);
    clock.set(new Date(2026, 2, 4, 9, 0).getTime());
    expect(dueIds(daily.context)).toEqual([weekly.listId]);
    await runDue(daily.context);
    clock.set(new Date(2026, 2, 25, 10, 0).getTime()); // three Wednesdays later
    const results = await runDue(daily.context);
    expect(results.map((r) => r.list).sort()).toEqual(['Daily', 'Weekly']);
    expect(dueIds(daily.context)).toEqual([]);
  }, 60_000);

  it('on-change: due when the source file changes, not before; the run imports it', async () => {
    const dir = path.join(dataDir, 'drop');
    writeEmails(path.join(dir, 'contacts_1.csv'), 0, 10);
    const clock = testClock();
    const context = contextFor(core, clock);
    const listId = listForSource(core, 'Drop');
    setSource(context, listId, { kind: 'folder', path: dir, pattern: 'contacts_*.csv' });
    setSchedule(context, listId, { schedule: { kind: 'on-change' }, action: 'refresh' });
    expect(dueIds(context)).toEqual([listId]); // never seen yet
    const [first] = await runDue(context);
    expect(first?.run).toMatchObject({ state: 'ok', trigger: 'source-change', fileName: 'contacts_1.csv' });
    expect(dueIds(context)).toEqual([]);
    clock.advance(30 * DAY);
    expect(dueIds(context)).toEqual([]);
    writeEmails(path.join(dir, 'contacts_2.csv'), 0, 25);
    fs.utimesSync(path.join(dir, 'contacts_2.csv'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect(dueIds(context)).toEqual([listId]);
    const [second] = await runDue(context);
    expect(second?.run).toMatchObject({ state: 'ok', fileName: 'contacts_2.csv', import: expect.objectContaining({ added: 15 }) });
  }, 60_000);
});

describe('a SIGKILL during an automated run', () => {
  it('leaves a state the next run completes exactly', async () => {
    const file = writeEmails(path.join(dataDir, 'src', 'kill.csv'), 0, 2000);
    const { listId } = automatedList('Kill', file, { kind: 'every', hours: 1 }, testClock(Date.now() - 2 * HOUR));
    core.settings.update({ batchSize: 50 });
    const runner = new URL('./helpers/run-cli.ts', import.meta.url).pathname;
    const env = { ...process.env, PINLIST_DATA_DIR: dataDir, PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl, PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken };
    const child = spawn(process.execPath, [...childScriptArgs(runner), 'run-due', '--json'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('close', resolve));
    // Killed once Pinterest has received a few batches: mid-sync, after the import committed.
    const ended = exited.then(() => Promise.reject(new Error('run-due ended before its 5th write reached Pinterest')));
    await Promise.race([fake.whenRequests(5, { write: true }), ended]);
    child.kill('SIGKILL');
    await exited;
    expect(core.db.prepare("SELECT state FROM automation_runs WHERE list_id = ?").pluck().all(listId)).toEqual(['running']);

    const context = contextFor(core, testClock());
    const results = await runDue(context);
    expect(results.map((r) => r.run.state)).toEqual(['ok']);
    expectMembership(fake, customerListId(listId), emailHashes(0, 2000));
    expect(core.db.prepare("SELECT state FROM automation_runs WHERE list_id = ? ORDER BY id").pluck().all(listId)).toEqual(['interrupted', 'ok']);
    expectNoViolations(fake);
  }, 120_000);
});
