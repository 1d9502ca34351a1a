/**
 * The import's heavy work (parse, normalize, hash, sort, commit) runs in worker threads: the
 * calling thread, which serves the UI and IPC in the app, stays responsive during a 200k-row import.
 * Loose bounds only (the machine is shared); the benchmark prints the real figures.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.js';
import { makeTempDir, removeDir, writeBigCsv } from '../fixtures/generate.js';
import { useImportEnv } from '../helpers/import-db.js';

const env = useImportEnv();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-thread-');
});
afterAll(async () => {
  await removeDir(dir);
});

describe('import off the calling thread', () => {
  it('keeps the event loop free while importing 200k rows', async () => {
    const file = await writeBigCsv(dir, 'big.csv', 200_000);
    const e = env();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let progressEvents = 0;
    delay.enable();
    const before = performance.eventLoopUtilization();
    const summary = await e.run(file, { onProgress: () => progressEvents++ });
    const utilization = performance.eventLoopUtilization(before);
    delay.disable();

    expect(summary).toMatchObject({ rowsRead: 200_000, valid: 200_000, members: { email: 200_000 } });
    expect(progressEvents).toBeGreaterThan(0);
    // Were the work on this thread, one stall would last the whole import and utilization be ~1.
    expect(delay.max / 1e6).toBeLessThan(1000);
    expect(utilization.utilization).toBeLessThan(0.5);
  });

  it('answers once committed, and the calling thread leaves copying the WAL into the database to the worker', async () => {
    const file = await writeBigCsv(dir, 'checkpointed.csv', 60_000);
    const e = env();
    const caller = openDatabase(e.dbPath);
    try {
      const settingsSeen = new Set<number>();
      const autoCheckpoint = (): number => caller.pragma('wal_autocheckpoint', { simple: true }) as number;
      const summary = await e.run(file, { callerDb: caller, onProgress: () => settingsSeen.add(autoCheckpoint()) });
      expect(summary.members.email).toBe(60_000);
      // Paused while the import ran: the next small write here (releasing the import's lock) would
      // otherwise copy the members into the database on this thread (70 ms for a million).
      expect([...settingsSeen]).toEqual([0]);
      caller.prepare('UPDATE lists SET updated_at = updated_at').run();
      // Restored once the worker has ended, by which time it has copied them itself.
      await vi.waitFor(() => expect(autoCheckpoint()).toBe(1000), { timeout: 20_000, interval: 10 });
      expect(fs.statSync(e.dbPath).size).toBeGreaterThan(60_000 * 32);
    } finally {
      caller.close();
    }
  });
});
