/**
 * SIGKILL the built CLI (`npm run build:main` first) in the middle of `pinlist import` of a
 * 300k-row file, at random moments and while its commit is writing, and check every time that the
 * list is exactly its old or its new self, hash by hash.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { writeCsv } from '../fixtures/generate.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { expectedHashes, storedHashes } from '../helpers/import-db.js';
import { expectChangeSetsFollowImports, expectedChanges } from '../helpers/set-ownership.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const ROWS = 300_000;

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'import-hasher.worker.js'))) {
    throw new Error('The CLI is not built: run `npm run build:main` first.');
  }
});

interface Run {
  killed: boolean;
  /** The commit had started writing (the WAL changed) before the kill. */
  walTouched: boolean;
  ms: number;
}

/**
 * Runs `pinlist import`; kills it `killAfterMs` after the start, or (`onWal`) that long after the
 * database's write-ahead log first changes, i.e. inside the commit's transaction.
 */
function runImport(data: string, file: string, kill?: { afterMs: number; onWal?: boolean }): Promise<Run> {
  const wal = path.join(data, 'pinlist.db-wal');
  // Opening the database creates an empty WAL; only the commit's transaction writes frames to it.
  const walState = (): string => {
    try {
      const stat = fs.statSync(wal);
      return stat.size === 0 ? 'empty' : `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'empty';
    }
  };
  const walBefore = walState();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliPath, '--data-dir', data, 'import', file, '--list', 'Crash test', '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    let walTouched = false;
    const timers: NodeJS.Timeout[] = [];
    const poll = setInterval(() => {
      if (!walTouched && walState() !== walBefore) {
        walTouched = true;
        if (kill?.onWal) timers.push(setTimeout(() => child.kill('SIGKILL'), kill.afterMs));
      }
    }, 1);
    if (kill && !kill.onWal) timers.push(setTimeout(() => child.kill('SIGKILL'), kill.afterMs));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      for (const timer of timers) clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL') resolve({ killed: true, walTouched, ms });
      else if (code === 0) resolve({ killed: false, walTouched, ms });
      else reject(new Error(`pinlist import exited with ${code}: ${stderr}`));
    });
  });
}

describe('pinlist import under SIGKILL', () => {
  it('leaves the list exactly as before or exactly as after, every time', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const values = (seed: number): string[] => Array.from({ length: ROWS }, (_, i) => `person.${seed}.${i}@example${i % 89}.com`);
    const files = new Map<number, string>();
    const expected = new Map<number, string[]>();
    for (const seed of [1, 2]) {
      const rows = values(seed);
      files.set(seed, await writeCsv(dir, `seed-${seed}.csv`, [['Email', 'Name'], ...rows.map((email, i) => [email, `Name ${i}`])]));
      expected.set(seed, expectedHashes(rows));
    }

    /** What an import from seed `from` (0: an empty list) to seed `to` changed; the sets are big, so each pair is worked out once. */
    const asSet = (seed: number): Buffer => Buffer.from((expected.get(seed) ?? []).join(''), 'hex');
    const changeCache = new Map<string, ReturnType<typeof expectedChanges>>();
    const changesBetween = (from: number, to: number): ReturnType<typeof expectedChanges> => {
      let changes = changeCache.get(`${from}>${to}`);
      if (!changes) changeCache.set(`${from}>${to}`, (changes = expectedChanges(asSet(from), asSet(to))));
      return changes;
    };

    /** Which seed's members the list holds (asserting it is exactly one of them), and how many imports it has. */
    function check(): { seed: number; imports: number } {
      const db = openDatabase(path.join(data, 'pinlist.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const hashes = storedHashes(db, 'Crash test', 'email');
        const seed = [1, 2].find((candidate) => {
          const want = expected.get(candidate)!;
          return want.length === hashes.length && want.every((hash, i) => hash === hashes[i]);
        });
        expect(seed, 'the list is neither the old nor the new file').toBeDefined();
        // No half-written or orphaned sets: each is the list's members or a committed import's
        // change set (migration 6), and each import's change sets are exactly what it changed.
        const listId = db.prepare("SELECT id FROM lists WHERE name = 'Crash test'").pluck().get() as number;
        const before = expectChangeSetsFollowImports(db, listId, 'email', changesBetween);
        expect(before, 'the last import is not what the list holds').toBe(seed);
        const last = db.prepare('SELECT file_name AS file, valid FROM imports ORDER BY id DESC LIMIT 1').get() as { file: string; valid: number };
        expect(last).toEqual({ file: `seed-${seed}.csv`, valid: ROWS });
        return { seed: seed!, imports: db.prepare('SELECT count(*) FROM imports').pluck().get() as number };
      } finally {
        db.close();
      }
    }

    const calibration = await runImport(data, files.get(1)!);
    expect(calibration.killed).toBe(false);
    let state = check();
    expect(state).toEqual({ seed: 1, imports: 1 });

    let rolledBackInCommit = 0;
    let killed = 0;
    // Eight rounds, and up to eight more while no kill has yet landed inside a commit: on a fast,
    // quiet machine a commit can finish before a kill aimed at it arrives.
    for (let round = 0; round < 16 && (round < 8 || rolledBackInCommit === 0); round++) {
      const target = state.seed === 1 ? 2 : 1;
      // Even rounds: a random moment of the whole run. Odd rounds (and all extra ones): just after the commit starts writing.
      const aimAtCommit = round % 2 === 1 || round >= 8;
      const kill = aimAtCommit ? { afterMs: Math.random() * (round >= 8 ? 5 : 60), onWal: true } : { afterMs: Math.random() * calibration.ms * 1.2 };
      const run = await runImport(data, files.get(target)!, kill);
      if (run.killed) killed++;
      const after = check();
      if (after.seed === target) {
        expect(after.imports).toBe(state.imports + 1);
      } else {
        expect(after).toEqual(state);
        if (run.killed && run.walTouched) rolledBackInCommit++;
      }
      state = after;
    }
    expect(killed).toBeGreaterThan(0);
    // At least one kill landed inside a commit's transaction and was rolled back (else this proved little).
    expect(rolledBackInCommit).toBeGreaterThan(0);

    // The next import sweeps the sort runs and spills the killed ones left behind.
    const final = await runImport(data, files.get(state.seed === 1 ? 2 : 1)!);
    expect(final.killed).toBe(false);
    expect(fs.existsSync(path.join(data, 'tmp')) ? fs.readdirSync(path.join(data, 'tmp')) : []).toEqual([]);
  }, 300_000);
});
