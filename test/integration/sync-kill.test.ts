import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { DATABASE_FILE } from '../../electron/core/paths.js';
import { listTargets, syncHistory } from '../../electron/core/sync/index.js';
import { rng } from '../helpers/hash-data.js';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { whenDirChanges } from '../helpers/when-dir-changes.js';
import { AD_ACCOUNT, concat, expectMembership, expectNoViolations, hashes, importMembers, makeDataDir, makeList, minus, sortedHex } from './helpers/sync-fixtures.js';
import { childScriptArgs } from '../helpers/child-process.js';

/**
 * `pinlist sync` killed with SIGKILL at random moments (mid-request, mid-plan, mid-compaction,
 * between a create and its record), then run again: Pinterest ends up holding exactly the list,
 * and each rerun resends at most the batch that was in flight.
 */

const runner = fileURLToPath(new URL('./helpers/run-cli.ts', import.meta.url));
const BATCH = 50;

let fake: FakePinterest;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  fake = await startFakePinterest({ faults: { latencyMs: 8 } });
  fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Main' });
  dataDir = makeDataDir();
  env = {
    ...process.env,
    PINLIST_DATA_DIR: dataDir,
    PINTEREST_API_BASE: fake.baseUrl,
    PINTEREST_OAUTH_URL: fake.oauthUrl,
    PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken,
    PINLIST_KEYCHAIN_SERVICE: `pinlist-test-${process.pid}`,
  };
});

afterEach(async () => {
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startSync(listName: string): { child: ChildProcess; done: Promise<Exit> } {
  const child = spawn(process.execPath, [...childScriptArgs(runner), 'sync', listName, '--ad-account', AD_ACCOUNT, '--batch-size', String(BATCH), '--allow-shrink', '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/**
 * Waits until a sync run of the child is recorded as running (it holds the lock), or the child
 * ends: looked up again at each write the child's SQLite commits make in the data folder.
 */
async function whenRunStarts(afterRunId: number, done: Promise<Exit>): Promise<boolean> {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  const running = db.prepare("SELECT count(*) FROM sync_runs WHERE state = 'running' AND id > ?").pluck();
  try {
    return (await whenDirChanges(dataDir, () => (running.get(afterRunId) as number) > 0, done)) === true;
  } finally {
    db.close();
  }
}

/** Waits until the fake has received `writes` write requests, or the child ends. */
async function whenWritesReach(writes: number, done: Promise<Exit>): Promise<boolean> {
  return Promise.race([fake.whenRequests(writes, { write: true }).then(() => true), done.then(() => fake.state.writeRequestCount >= writes)]);
}

function membershipOf(customerListId: string | null): Set<string> {
  return customerListId ? fake.state.membership(customerListId) : new Set();
}

function symmetricDifference(a: Set<string>, wanted: string[]): number {
  const b = new Set(wanted);
  let n = 0;
  for (const x of a) if (!b.has(x)) n++;
  for (const x of b) if (!a.has(x)) n++;
  return n;
}

function recordsAnswered(from: number): number {
  return fake.state.requests.slice(from).reduce((sum, r) => sum + (r.write && r.status === 200 && r.records !== null ? r.records : 0), 0);
}

describe('a sync killed with SIGKILL and run again', () => {
  it('ends with Pinterest holding exactly the list, resending at most the batch in flight', async () => {
    const seed = Number(process.env.PINLIST_KILL_SEED ?? Date.now() % 100_000);
    const next = rng(seed);
    const random = () => next() / 2 ** 32;
    // Every assertion names the seed, so a failure can be replayed exactly.
    const replay = (what: string) => `${what} (seed ${seed}: rerun with PINLIST_KILL_SEED=${seed})`;
    // Whatever fails below (an assertion without a message of its own, a process that will not
    // start, a parse), the seed is in its message.
    try {
      const core = new Core({ dataDir, surface: 'cli', env });
      const members = hashes(1500, 1);
      const listId = makeList(core.db, 'Killed', { email: members });
      let desired = members;
      await core.close();

      const kills: number[] = [];
      // Writes to a list go one at a time, so each killed run leaves at most one batch in flight.
      // Those stay "uncertain" (resent) until a run completes, so a run may resend one batch per
      // kill since the last completed run: exactly "at most the batches that were in flight".
      let killsSinceCompleted = 0;
      const resendAllowance = () => BATCH * Math.max(1, killsSinceCompleted);
      for (let round = 0; round < 4; round++) {
        // Some rounds change the list between the kill and the rerun.
        if (round === 2) {
          const db = new Core({ dataDir, surface: 'cli', env });
          desired = concat(minus(desired, desired.subarray(0, 120 * 32)), hashes(90, 2));
          importMembers(db.db, listId, { email: desired });
          await db.close();
        }
        const inspect = new Core({ dataDir, surface: 'cli', env });
        const customerListId = listTargets(inspect.db, listId)[0]?.customerListId ?? null;
        const lastRunId = (inspect.db.prepare('SELECT coalesce(max(id), 0) FROM sync_runs').pluck().get() as number);
        await inspect.close();
        const holdingBefore = membershipOf(customerListId);
        const needed = symmetricDifference(holdingBefore, sortedHex(desired));
        const from = fake.state.requests.length;

        const { child, done } = startSync('Killed');
        const target = fake.state.writeRequestCount + 1 + Math.floor(random() * 8);
        // Odd rounds die early (planning in the worker, or the first requests); even rounds after
        // a random write arrived: mid-answer, mid-record, or between batches.
        const reached = round % 2 === 1 ? await whenRunStarts(lastRunId, done) : await whenWritesReach(target, done);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * (round % 2 === 1 ? 400 : 12))));
        if (reached) {
          child.kill('SIGKILL');
          kills.push(target);
        }
        const exit = await done;
        if (process.env.PINLIST_KILL_DEBUG) console.log({ round, reached, exit: exit.signal ?? exit.code, needed, sent: recordsAnswered(from) });
        if (reached) expect(exit.signal === 'SIGKILL' || exit.code === 0, replay(`round ${round} ends killed or done: ${exit.stderr}`)).toBe(true);
        // Whatever this run sent: the changes it needed, plus the batches earlier kills left in flight.
        expect(recordsAnswered(from), replay(`round ${round} resends at most the batches in flight`)).toBeLessThanOrEqual(needed + resendAllowance());
        if (exit.signal === 'SIGKILL') killsSinceCompleted++;
        else if (exit.code === 0) killsSinceCompleted = 0;
      }

      // Runs get killed (a run that finished before its moment came is fine, but not all of them).
      expect(kills.length, replay('at least two runs killed')).toBeGreaterThanOrEqual(2);

      // The last run is left alone.
      const inspect = new Core({ dataDir, surface: 'cli', env });
      const customerListId = listTargets(inspect.db, listId)[0]?.customerListId ?? null;
      await inspect.close();
      const needed = symmetricDifference(membershipOf(customerListId), sortedHex(desired));
      const from = fake.state.requests.length;
      const final = startSync('Killed');
      const exit = await final.done;
      expect(exit.code, replay(`the last run succeeds: ${exit.stderr}`)).toBe(0);
      const json = JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as { list: string; dryRun: boolean; customerLists: { email: { id: string } } };
      expect(json, replay('the last run reports the list')).toMatchObject({ list: 'Killed', dryRun: false });
      expect(recordsAnswered(from), replay('the last run resends at most the batches in flight')).toBeLessThanOrEqual(needed + resendAllowance());

      expect(fake.state.customerLists(), replay('one customer list on Pinterest')).toHaveLength(1);
      expectMembership(fake, json.customerLists.email.id, desired);
      const after = new Core({ dataDir, surface: 'cli', env });
      const history = syncHistory(after.db, listId);
      expect(history[0]?.state, replay('the last run succeeded')).toBe('succeeded');
      expect(history.filter((run) => run.state === 'interrupted').length, replay('each killed run is recorded as interrupted')).toBe(kills.length);
      expect(after.db.prepare('SELECT count(*) AS n FROM sync_locks').get(), replay('no lock left')).toEqual({ n: 0 });
      await after.close();
      expectNoViolations(fake);
    } catch (error) {
      if (error instanceof Error && !error.message.includes(`PINLIST_KILL_SEED=${seed}`)) error.message = replay(error.message);
      throw error;
    }
  }, 120_000);
});
