import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/open.js';
import { readHashSet } from '../../electron/core/store/index.js';
import { compactLedger, computePlan, ledgerView } from '../../electron/core/sync/index.js';
import { confirmBatch, recordBatchSent } from '../../electron/core/sync/ledger.js';
import { runInWorker } from '../../electron/core/sync/ledger-task.js';
import { interruptStaleRuns, startRun } from '../../electron/core/sync/runs.js';
import { ensureTarget, setRemoteList } from '../../electron/core/sync/targets.js';
import { collectHex } from '../helpers/hash-data.js';
import { useTempDirs } from '../helpers/temp.js';
import { AD_ACCOUNT, concat, hashes, importMembers, makeList, minus, sortedHex } from './helpers/sync-fixtures.js';

/** The ledger's rules, directly: what is confirmed, what is uncertain, and what the plan resends. */

const tempDir = useTempDirs();
let db: Db;
let dbPath: string;

beforeEach(() => {
  dbPath = path.join(tempDir(), 'pinlist.db');
  db = openDatabase(dbPath);
});

afterEach(() => {
  db.close();
});

const owner = { pid: process.pid, host: 'test' };

function setUp(members: Buffer) {
  const listId = makeList(db, 'Ledger', { email: members });
  const target = ensureTarget(db, listId, AD_ACCOUNT, 'email', 'Ledger');
  setRemoteList(db, target.id, '5497558000001', false);
  const runId = startRun(db, { listId, adAccountId: AD_ACCOUNT, jobId: null, owner });
  return { listId, targetId: target.id, runId };
}

function batch(targetId: number, runId: number, op: 'ADD' | 'REMOVE', records: Buffer, confirmed: boolean): void {
  const id = recordBatchSent(db, { targetId, runId, op, hashes: records });
  if (confirmed) confirmBatch(db, id);
}

function planSets(listId: number, runId: number | null) {
  const plan = computePlan(db, { listId, adAccountId: AD_ACCOUNT, runId });
  const email = plan.kinds.find((k) => k.kind === 'email')!;
  return {
    email,
    adds: email.addSetId === null ? [] : collectHex(readHashSet(db, email.addSetId)),
    removes: email.removeSetId === null ? [] : collectHex(readHashSet(db, email.removeSetId)),
  };
}

describe('the confirmed ledger', () => {
  it('counts only answered batches as confirmed; unanswered ones are uncertain until compacted away', () => {
    const members = hashes(300, 1);
    const { targetId, runId } = setUp(members);
    batch(targetId, runId, 'ADD', members.subarray(0, 100 * 32), true);
    batch(targetId, runId, 'ADD', members.subarray(100 * 32, 200 * 32), false);
    const view = ledgerView(db, targetId);
    expect(collectHex(view.confirmed())).toEqual(sortedHex(members.subarray(0, 100 * 32)));
    expect(collectHex(view.uncertain())).toEqual(sortedHex(members.subarray(100 * 32, 200 * 32)));

    expect(compactLedger(db, targetId, 'email')).toEqual({ confirmed: 100, uncertain: 100 });
    expect(db.prepare('SELECT count(*) FROM sync_batches').pluck().get()).toBe(0);
    const after = ledgerView(db, targetId);
    expect(collectHex(after.confirmed())).toEqual(sortedHex(members.subarray(0, 100 * 32)));
    expect(after.uncertainCount).toBe(100);
  });

  it('resends an unanswered ADD as REMOVE when the member left, and an unanswered REMOVE as ADD when the member came back', () => {
    const members = hashes(400, 2);
    const { listId, targetId, runId } = setUp(members);
    // Run 1 confirmed the first 300, then died with batch [300, 400) in flight.
    batch(targetId, runId, 'ADD', members.subarray(0, 300 * 32), true);
    batch(targetId, runId, 'ADD', members.subarray(300 * 32), false);
    // Meanwhile members 350..399 leave the list.
    const desired = members.subarray(0, 350 * 32);
    importMembers(db, listId, { email: desired });
    interruptStaleRuns(db, listId);

    const run2 = startRun(db, { listId, adAccountId: AD_ACCOUNT, jobId: null, owner });
    const plan = planSets(listId, run2);
    expect(plan.adds).toEqual(sortedHex(members.subarray(300 * 32, 350 * 32)));
    expect(plan.removes).toEqual(sortedHex(members.subarray(350 * 32)));
    expect(plan.email).toMatchObject({ confirmed: 300, uncertain: 100, desired: 350 });

    // Run 2 confirms its adds, then dies with a REMOVE of [0, 20) in flight after the list shrank
    // (the REMOVE may have landed); then those members come back.
    batch(targetId, run2, 'ADD', members.subarray(300 * 32, 350 * 32), true);
    batch(targetId, run2, 'REMOVE', members.subarray(350 * 32), true);
    batch(targetId, run2, 'REMOVE', members.subarray(0, 20 * 32), false);
    interruptStaleRuns(db, listId);
    const run3 = startRun(db, { listId, adAccountId: AD_ACCOUNT, jobId: null, owner });
    const again = planSets(listId, run3);
    // Still desired and perhaps removed: added again. Nothing else is sent.
    expect(again.adds).toEqual(sortedHex(members.subarray(0, 20 * 32)));
    expect(again.removes).toEqual([]);
    expect(again.email).toMatchObject({ confirmed: 350, uncertain: 20 });
  });

  it('plans in a worker thread (a dry run writes nothing; a run materialises its plan as sets)', async () => {
    const members = hashes(5000, 3);
    const { listId, targetId, runId } = setUp(members);
    batch(targetId, runId, 'ADD', members.subarray(0, 4000 * 32), true);
    compactLedger(db, targetId, 'email');
    const extra = hashes(70, 4);
    const next = concat(minus(members, members.subarray(0, 30 * 32)), extra);
    importMembers(db, listId, { email: next });

    const dry = await runInWorker({ op: 'plan', dbPath, listId, adAccountId: AD_ACCOUNT, runId: null });
    expect(dry.kinds).toEqual([expect.objectContaining({ kind: 'email', desired: 5040, confirmed: 4000, adds: 1070, removes: 30, addSetId: null, removeSetId: null })]);
    expect(db.prepare('SELECT count(*) FROM sync_plan_sets').pluck().get()).toBe(0);

    const run2 = startRun(db, { listId, adAccountId: AD_ACCOUNT, jobId: null, owner });
    const real = await runInWorker({ op: 'plan', dbPath, listId, adAccountId: AD_ACCOUNT, runId: run2 });
    const email = real.kinds[0]!;
    expect(collectHex(readHashSet(db, email.addSetId!))).toEqual(sortedHex(concat(members.subarray(4000 * 32), extra)));
    expect(collectHex(readHashSet(db, email.removeSetId!))).toEqual(sortedHex(members.subarray(0, 30 * 32)));
  });
});
