/**
 * Export speed and main-thread stalls: 1M email hashes for Ads Manager and 200k rejected rows,
 * through the same channels as the app (`lists.exportHashes`, `lists.exportRejects`).
 *   npx tsx bench/export.bench.ts [hashes=1000000] [rejects=200000]
 * Prints time, MB/s, the event loop's worst delay during each export, and peak RSS. Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Core } from '../electron/core/core.js';
import { dispatch } from '../electron/core/dispatch.js';
import { handlers } from '../electron/core/handlers.js';
import { hostileRejects, memberHashes, seedImport } from '../test/helpers/list-data.js';

const hashCount = Number(process.argv[2] ?? 1_000_000);
const rejectCount = Number(process.argv[3] ?? 200_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-bench-export-'));
const core = new Core({ dataDir, surface: 'cli' });

try {
  const { listId } = seedImport(core.db, 'Bench', { members: { email: memberHashes(hashCount, 1) }, rejects: hostileRejects(rejectCount) });
  for (const [label, channel, input] of [
    [`${hashCount.toLocaleString('en')} hashes`, 'lists.exportHashes', { listId, kind: 'email' }],
    [`${rejectCount.toLocaleString('en')} rejects`, 'lists.exportRejects', { listId }],
  ] as const) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const result = await dispatch(handlers, channel, input, { core });
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    if (!result.ok) throw new Error(result.error.message);
    const { bytes, rows } = result.value as { bytes: number; rows: number };
    console.log(
      `${label.padEnd(20)} ${rows.toLocaleString('en').padStart(10)} rows  ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${seconds.toFixed(2)} s  ` +
        `${(bytes / 1e6 / seconds).toFixed(0)} MB/s  worst event-loop delay ${(delay.max / 1e6).toFixed(1)} ms  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  }
} finally {
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
