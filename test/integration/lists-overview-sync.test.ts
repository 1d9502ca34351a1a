/**
 * `lists.list` as the Lists screen reads it: each list's newest sync run and the last known
 * Pinterest status of its customer lists and audiences, after real imports and real syncs against
 * the fake Pinterest; and the import summary's `listId`.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.js';
import { startSyncJob, syncStatus } from '../../electron/core/sync/index.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { importSummarySchema, listSummarySchema, syncReportSchema, type OutputOf, type RequestName } from '../../shared/contract/index.js';
import { writeCsv } from '../fixtures/generate.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, expectNoViolations, fastClient, hashes, importMembers, makeList, useSyncWorld } from './helpers/sync-fixtures.js';

let fake: FakePinterest;
let dataDir: string;
let core: Core;

useSyncWorld((world) => ({ fake, dataDir, core } = world));

async function call<K extends RequestName>(channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as OutputOf<K>;
}

async function importFile(listName: string | null, rows: string[][]) {
  const file = await writeCsv(dataDir, `${listName ?? 'optouts'}.csv`, rows);
  const { fileId } = core.stagedFiles.registerPath(file);
  const { jobId } = listName === null ? await call('suppression.start', { fileId }) : await call('import.start', { fileId, listName });
  const job = await core.jobs.wait(jobId);
  expect(job.state).toBe('succeeded');
  return importSummarySchema.parse(job.result);
}

/** A sync as `sync.start` runs it, with retries that do not sleep. */
async function syncJob(listId: number) {
  const { jobId } = startSyncJob(core, { listId, adAccountId: AD_ACCOUNT }, { clientOptions: fastClient() });
  return core.jobs.wait(jobId);
}

async function overview(name: string) {
  const lists = await call('lists.list', {});
  for (const list of lists) listSummarySchema.parse(list);
  const list = lists.find((candidate) => candidate.name === name);
  expect(list, `${name} is in lists.list`).toBeDefined();
  return list!;
}

const emails = (count: number, prefix: string) => [['Email'], ...Array.from({ length: count }, (_, i) => [`${prefix}${i}@example.com`])];

describe('the import summary names its list by id', () => {
  it('carries the id of the list the import wrote, and null for the suppression list', async () => {
    const first = await importFile('Spring buyers', emails(3, 'spring'));
    const second = await importFile('Newsletter', emails(2, 'news'));
    const lists = await call('lists.list', {});
    expect(first.listId).toBe(lists.find((list) => list.name === 'Spring buyers')!.id);
    expect(second.listId).toBe(lists.find((list) => list.name === 'Newsletter')!.id);
    expect(second.listId).not.toBe(first.listId);

    // Into an existing list: the same id.
    const again = await importFile('spring BUYERS', emails(4, 'spring'));
    expect(again).toMatchObject({ list: 'Spring buyers', listId: first.listId, added: 1 });

    const suppression = await importFile(null, emails(1, 'spring'));
    expect(suppression.listId).toBeNull();
  });
});

describe('lists.list: last sync and Pinterest status', () => {
  it('is empty before any sync, then reports the newest run and each customer list with its last known status', async () => {
    const imported = await importFile('Spring buyers', emails(150, 'buyer'));
    const listId = imported.listId!;
    // A second kind below Pinterest's audience minimum: its audience stays pending.
    importMembers(core.db, listId, { gaid: hashes(20, 7) }, 'add');
    const untouched = makeList(core.db, 'Never synced', { email: hashes(5, 8) });

    const before = await overview('Spring buyers');
    expect(before).toMatchObject({ id: listId, lastSync: null, pinterest: [] });

    const job = await syncJob(listId);
    expect(job.state).toBe('succeeded');
    const report = syncReportSchema.parse(job.result);
    // The report's rows count each customer list's writes (its create included); the total adds
    // the reads (what the sync screen's "Requests sent" breakdown relies on).
    const writes = fake.state.requests.filter((request) => request.write).length;
    expect(Object.values(report.kinds).reduce((sum, kind) => sum + kind.requests, 0)).toBe(writes);
    expect(report).toMatchObject({ requests: fake.state.requests.length, retries: 0 });
    expect(report.requests).toBeGreaterThan(writes);

    const after = await overview('Spring buyers');
    const [run] = await call('sync.history', { listId });
    expect(after.lastSync).toEqual({
      runId: report.runId,
      adAccountId: AD_ACCOUNT,
      state: 'succeeded',
      startedAt: run!.startedAt,
      endedAt: report.finishedAt,
      added: 170,
      removed: 0,
      error: null,
    });
    expect(after.pinterest).toEqual([
      {
        adAccountId: AD_ACCOUNT,
        kind: 'email',
        listType: 'EMAIL',
        customerListId: report.customerLists.email!.id,
        audienceState: 'created',
        remote: {
          customerList: expect.objectContaining({ status: 'READY', numUploadedUserRecords: 150 }),
          audience: { status: 'READY', size: 150 },
          fetchedAt: expect.any(String),
          problem: null,
        },
      },
      {
        adAccountId: AD_ACCOUNT,
        kind: 'gaid',
        listType: 'MAID',
        customerListId: report.customerLists.gaid!.id,
        audienceState: 'pending',
        remote: expect.objectContaining({ customerList: expect.objectContaining({ numUploadedUserRecords: 20 }), audience: null }),
      },
    ]);
    // The same snapshots sync.status shows, target by target.
    const status = await syncStatus(core.db, listId);
    expect(after.pinterest.map((target) => target.remote)).toEqual(status.targets.map((row) => row.remote));
    // Another list is not confused with this one.
    expect(await overview('Never synced')).toMatchObject({ id: untouched, lastSync: null, pinterest: [] });

    // A refresh keeps a newer snapshot: the overview shows the newest.
    fake.state.requests.length = 0;
    const refreshed = await call('sync.status', { listId, refresh: true });
    const newest = await overview('Spring buyers');
    expect(newest.pinterest.map((target) => target.remote?.fetchedAt)).toEqual(refreshed.targets.map((row) => row.remote?.fetchedAt));

    // lists.get (the detail) and lists.rename carry the same fields.
    const detail = await call('lists.get', { listId });
    expect({ lastSync: detail.lastSync, pinterest: detail.pinterest }).toEqual({ lastSync: newest.lastSync, pinterest: newest.pinterest });
    const renamed = await call('lists.rename', { listId, name: 'Spring buyers 2026' });
    expect(renamed.lastSync?.runId).toBe(report.runId);
    expect(renamed.pinterest).toHaveLength(2);
    expectNoViolations(fake);
  });

  it('shows a sync that stopped as the newest run, with its outcome, what it confirmed and why', async () => {
    const listId = makeList(core.db, 'Flaky', { email: hashes(120, 30) });
    const first = await syncJob(listId);
    expect(first.state).toBe('succeeded');

    importMembers(core.db, listId, { email: hashes(40, 31) }, 'add');
    fake.faults.set({ serverErrorTimes: 1000, appliesTo: 'writes' });
    const stopped = await syncJob(listId);
    expect(stopped.state).toBe('failed');
    fake.faults.set({ serverErrorTimes: 0 });

    const list = await overview('Flaky');
    const [newest, older] = await call('sync.history', { listId });
    expect(list.lastSync).toMatchObject({ runId: newest!.runId, state: 'failed', added: 0, removed: 0, error: { code: 'PINTEREST_UNAVAILABLE' } });
    expect(list.lastSync!.error).toEqual(newest!.error);
    expect(stopped.error!.message).toContain(list.lastSync!.error!.message);
    expect(list.lastSync!.runId).toBeGreaterThan(older!.runId);
    expect(list.lastSync!.endedAt).not.toBeNull();
    // The customer list from the first sync is still there, with its status from then.
    expect(list.pinterest).toEqual([expect.objectContaining({ kind: 'email', audienceState: 'created', remote: expect.objectContaining({ audience: { status: 'READY', size: 120 } }) })]);
  });
});
