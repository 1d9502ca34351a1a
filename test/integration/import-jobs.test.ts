/**
 * The import channels as the app calls them: through dispatch, as jobs with progress events,
 * results that match the contract's schemas, and cancellation through `jobs.cancel`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { importPlanSchema, importPreviewSchema, importSummarySchema, type JobProgress, type OutputOf, type RequestName } from '../../shared/contract/index.js';
import { makeTempDir, removeDir, writeBigCsv, writeCsv } from '../fixtures/generate.js';
import { dumpDatabase, expectedHashes, storedHashes } from '../helpers/import-db.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-jobs-');
});
afterAll(async () => {
  await removeDir(dir);
});

async function call<K extends RequestName>(core: Core, channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as OutputOf<K>;
}

describe('import channels', () => {
  it('preview, plan and start: results match the contract; progress is broadcast', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const file = await writeCsv(dir, 'app.csv', [['Email'], ['ann@example.com'], ['bob@example.com'], ['oops']]);
      const { fileId } = core.stagedFiles.registerPath(file);

      const preview = await call(core, 'import.preview', { fileId, rows: 2 });
      expect(importPreviewSchema.parse(preview).rows).toHaveLength(2);

      const plan = await call(core, 'import.plan', { fileId, listName: 'App list' });
      const planned = await core.jobs.wait(plan.jobId);
      expect(planned).toMatchObject({ kind: 'import-plan', state: 'succeeded' });
      expect(importPlanSchema.parse(planned.result)).toMatchObject({ listExists: false, added: 2, rejected: 1 });

      const progress: JobProgress[] = [];
      core.events.subscribe((name, payload) => {
        if (name === 'job.progress') progress.push(payload as JobProgress);
      });
      const started = await call(core, 'import.start', { fileId, listName: 'App list', mode: 'replace' });
      const job = await core.jobs.wait(started.jobId);
      expect(job).toMatchObject({ kind: 'import', state: 'succeeded', error: null });
      expect(importSummarySchema.parse(job.result)).toMatchObject({ list: 'App list', valid: 2, rejected: 1, added: 2, members: { email: 2 } });
      expect(progress.some((p) => p.jobId === started.jobId)).toBe(true);
      expect(storedHashes(core.db, 'App list', 'email')).toEqual(expectedHashes(['ann@example.com', 'bob@example.com']));

      const suppress = await call(core, 'suppression.start', { fileId });
      const suppressed = await core.jobs.wait(suppress.jobId);
      expect(suppressed).toMatchObject({ kind: 'suppress', state: 'succeeded' });
      expect(importSummarySchema.parse(suppressed.result)).toMatchObject({ list: 'Suppression list', added: 2 });
    } finally {
      await core.close();
    }
  });

  it('refuses an unknown file id and invalid input before starting anything', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const missing = await dispatch(handlers, 'import.start', { fileId: 'nope', listName: 'L' }, { core });
      expect(missing).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
      const bad = await dispatch(handlers, 'import.start', { fileId: 'x', listName: '', mode: 'merge' }, { core });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(core.jobs.list()).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('jobs.cancel stops an import and leaves the list exactly as it was', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const small = core.stagedFiles.registerPath(await writeCsv(dir, 'small.csv', [['Email'], ['ann@example.com']]));
      await core.jobs.wait((await call(core, 'import.start', { fileId: small.fileId, listName: 'Kept' })).jobId);
      const before = dumpDatabase(core.db);

      const big = core.stagedFiles.registerPath(await writeBigCsv(dir, 'big.csv', 300_000));
      const { jobId } = await call(core, 'import.start', { fileId: big.fileId, listName: 'Kept' });
      // Cancel once the import is under way (first progress event).
      await new Promise<void>((resolve) => {
        const stop = core.events.subscribe((name, payload) => {
          if (name === 'job.progress' && (payload as JobProgress).jobId === jobId) {
            stop();
            resolve();
          }
        });
      });
      expect(await call(core, 'jobs.cancel', { jobId })).toEqual({ cancelled: true });
      const job = await core.jobs.wait(jobId);
      expect(job.state).toBe('cancelled');
      expect(dumpDatabase(core.db)).toEqual(before);
    } finally {
      await core.close();
    }
  });
});
