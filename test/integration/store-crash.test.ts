import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { commitImport } from '../../electron/core/store/commit.js';
import { readHashSet } from '../../electron/core/store/hash-sets.js';
import { importHistory } from '../../electron/core/store/import-records.js';
import { createList, currentSet } from '../../electron/core/store/lists.js';
import { hashesOf } from '../../electron/core/store/merge.js';
import { removeStaleRunDirs } from '../../electron/core/store/sorted-runs.js';
import { sortUniqueHashes } from '../../electron/core/store/sort.js';
import { randomHashes } from '../helpers/hash-data.js';
import { expectChangeSetsFollowImports, expectedChanges } from '../helpers/set-ownership.js';
import { useTempDirs } from '../helpers/temp.js';
import { childScriptArgs } from '../helpers/child-process.js';

const tempDir = useTempDirs();
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const child = path.join(repo, 'test/helpers/store-commit-child.ts');

const COUNT = 300_000;
const REJECTS = 30_000;
const SEEDS = [1, 2] as const;

interface ChildRun {
  /** Lines the child printed before it ended. */
  lines: string[];
  killed: boolean;
}

/**
 * Runs the child; once it prints `killAfter.line`, waits `killAfter.ms` and SIGKILLs it (if it is
 * still running).
 */
function runChild(args: string[], killAfter?: { line: string; ms: number }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...childScriptArgs(child), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let buffered = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (data: string) => {
      buffered += data;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (killAfter && line === killAfter.line) setTimeout(() => proc.kill('SIGKILL'), killAfter.ms);
      }
    });
    proc.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lines, killed: true });
      else if (code === 0) resolve({ lines, killed: false });
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe('commitImport under SIGKILL', () => {
  it('leaves the list exactly as before or exactly as after, every time', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'pinlist.db');
    const runTemp = path.join(dir, 'tmp');
    const expected = new Map<number, Buffer>(SEEDS.map((seed) => [seed, sortUniqueHashes(randomHashes(COUNT, seed), COUNT).buffer]));

    const setup = openDatabase(dbPath);
    const listId = createList(setup, 'Crash test').id;
    commitImport(setup, {
      listId,
      mode: 'replace',
      incoming: [{ kind: 'email', hashes: hashesOf(expected.get(1)!) }],
      file: { name: 'seed-1.csv', size: 1, sha256: 'x' },
      mapping: {},
      format: {},
      rowsRead: COUNT,
      valid: COUNT,
      rejected: 0,
      rejectReasons: {},
      durationMs: 0,
    });
    setup.close();

    /** What an import from seed `from` (0: an empty list) to seed `to` changed; the sets are big, so each pair is worked out once. */
    const changeCache = new Map<string, ReturnType<typeof expectedChanges>>();
    const changesBetween = (from: number, to: number): ReturnType<typeof expectedChanges> => {
      let changes = changeCache.get(`${from}>${to}`);
      if (!changes) changeCache.set(`${from}>${to}`, (changes = expectedChanges(expected.get(from) ?? Buffer.alloc(0), expected.get(to)!)));
      return changes;
    };

    /** Which seed's content the list holds now (asserting it is exactly one of them). */
    function check(): { seed: number; imports: number } {
      const db = openDatabase(dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const set = currentSet(db, listId, 'email')!;
        const content = Buffer.concat([...readHashSet(db, set.setId)]);
        const seed = SEEDS.find((candidate) => expected.get(candidate)!.equals(content));
        expect(seed, 'list content is neither the old nor the new set').toBeDefined();
        // No half-written or orphaned sets: each is the list's members or a committed import's
        // change set (migration 6), and each import's change sets are exactly what it changed.
        const before = expectChangeSetsFollowImports(db, listId, 'email', changesBetween);
        expect(before, 'the last import is not what the list holds').toBe(seed);
        const history = importHistory(db, listId);
        expect(history[0]!.fileName).toBe(`seed-${seed}.csv`);
        expect(history[0]!.membersAfter.email).toBe(content.length / 32);
        const rejects = db.prepare('SELECT count(*) FROM rejects WHERE import_id = ?').pluck().get(history[0]!.id);
        expect(rejects).toBe(history.length === 1 ? 0 : REJECTS);
        return { seed: seed!, imports: history.length };
      } finally {
        db.close();
      }
    }

    const args = (seed: number): string[] => [dbPath, String(listId), String(seed), String(COUNT), String(REJECTS), runTemp];

    // A full run, to learn how long the transaction takes on this machine.
    const calibration = await runChild(args(2));
    expect(calibration.killed).toBe(false);
    const txMs = Math.max(20, Number(calibration.lines.at(-1)!.split(' ')[1]));
    let state = check();
    expect(state).toEqual({ seed: 2, imports: 2 });

    let rolledBack = 0;
    for (let round = 0; round < 8; round++) {
      const target = state.seed === 1 ? 2 : 1;
      // One round kills while still sorting; odd rounds at a random point inside the transaction;
      // even rounds around its end, where the commit itself is being written.
      const window = round % 2 === 1 ? [0, 0.8] : [0.8, 1.4];
      const ms = Math.floor(txMs * (window[0]! + Math.random() * (window[1]! - window[0]!)));
      const killAfter = round === 0 ? { line: 'building', ms: 30 } : { line: 'tx', ms };
      const run = await runChild(args(target), killAfter);
      const after = check();
      if (after.seed === target) {
        expect(after.imports).toBe(state.imports + 1);
      } else {
        expect(after).toEqual(state);
        if (run.lines.includes('tx')) rolledBack++;
      }
      state = after;
    }
    // At least one kill landed inside a transaction and was rolled back (else this proved little).
    expect(rolledBack).toBeGreaterThan(0);
    // A killed import leaves its sort runs behind; the sweep removes them (the child is dead).
    removeStaleRunDirs(runTemp);
    expect(fs.existsSync(runTemp) ? fs.readdirSync(runTemp) : []).toEqual([]);
  }, 180_000);
});
