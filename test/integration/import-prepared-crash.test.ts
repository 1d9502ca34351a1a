/**
 * A plan kept for its import writes that import's member sets ahead, held by nothing yet
 * (store/prepared-sets.ts). When the process that planned is killed, nothing of them may stay:
 * the next import, in another process, sweeps them, and leaves no set that nothing holds.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { writeBigCsv } from '../fixtures/generate.js';
import { childScriptArgs } from '../helpers/child-process.js';
import { runPinlistSource } from '../helpers/cli.js';
import { orphanHashSets } from '../helpers/set-ownership.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const planner = path.join(import.meta.dirname, 'helpers', 'plan-and-wait.ts');

describe('sets written ahead by a plan whose process was killed', () => {
  it('are swept by the next import, which leaves no set that nothing holds', async () => {
    const data = tempDir();
    const dbPath = path.join(data, 'pinlist.db');
    const file = await writeBigCsv(tempDir(), 'planned.csv', 20_000);

    const child = spawn(process.execPath, [...childScriptArgs(planner), dbPath, path.join(data, 'tmp'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('planned')) resolve();
      });
      void closed.then(() => reject(new Error(`the planning process ended first: ${stderr}`)));
    });
    const db = openDatabase(dbPath);
    try {
      const prepared = (): number => db.prepare('SELECT count(*) FROM prepared_sets').pluck().get() as number;
      expect(prepared()).toBeGreaterThan(0);
      expect(orphanHashSets(db).length).toBe(prepared());

      child.kill('SIGKILL');
      await closed;
      const next = await runPinlistSource(['--data-dir', data, 'import', file, '--list', 'Next', '--json']);
      expect(next.code).toBe(0);
      expect(JSON.parse(next.stdout)).toMatchObject({ added: 20_000 });
      expect(prepared()).toBe(0);
      expect(orphanHashSets(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
