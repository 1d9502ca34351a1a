/**
 * Issue 12, "a file is read once": the plan ("What will happen") keeps what it read, and the
 * Import that follows commits it without reading the file again, unless the file changed in
 * between (then it is read again: never a stale commit). The reader's passes are counted with
 * `importReaderPasses()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { stagedPlansOf } from '../../electron/core/import/handlers.js';
import { discardStaged, importReaderPasses, importStandbyHandOffs, importStandbyStarts, planImport, runImport, type StagedImport } from '../../electron/core/import/pipeline.js';
import { keepStandbyHasher, preparedOf, takeStandbyHasher } from '../../electron/core/import/staged-result.js';
import { currentSet, findListByName } from '../../electron/core/store/lists.js';
import { orphanHashSets } from '../helpers/set-ownership.js';
import { openDatabase } from '../../electron/core/db/open.js';
import { importPlanSchema, importSummarySchema, type JobProgress, type OutputOf, type RequestName } from '../../shared/contract/index.js';
import { writeBigCsv, writeCsv } from '../fixtures/generate.js';
import { expectedHashes, storedHashes } from '../helpers/import-db.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

async function call<K extends RequestName>(core: Core, channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as OutputOf<K>;
}

async function planThenImport(core: Core, fileId: string, listName: string, between?: () => void) {
  const plan = await call(core, 'import.plan', { fileId, listName });
  const planned = await core.jobs.wait(plan.jobId);
  expect(planned.state).toBe('succeeded');
  between?.();
  const started = await call(core, 'import.start', { fileId, listName });
  const job = await core.jobs.wait(started.jobId);
  expect(job).toMatchObject({ state: 'succeeded', error: null });
  return { plan: importPlanSchema.parse(planned.result), summary: importSummarySchema.parse(job.result) };
}

function stagedDirs(core: Core): string[] {
  const tmp = path.join(core.dataDir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((name) => name.includes('-staged-')) : [];
}

/** A plan whose staged result is kept for an import, as the app keeps it. */
async function keptPlan(options: Parameters<typeof planImport>[0]): Promise<StagedImport> {
  let kept: StagedImport | null = null;
  await planImport({ ...options, onStaged: (staged) => (kept = staged) });
  if (!kept) throw new Error('the plan kept nothing');
  return kept;
}

const emails = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `customer.${from + i}@example${(from + i) % 97}.com`);

describe('a plan followed by its import reads the file once', () => {
  it('plan then import: one reader pass, the same result as a plain import, the staged result removed', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const file = await writeBigCsv(tempDir(), 'customers.csv', 30_000);
      const { fileId } = core.stagedFiles.registerPath(file);
      const progress: JobProgress[] = [];
      core.events.subscribe((name, payload) => {
        if (name === 'job.progress') progress.push(payload as JobProgress);
      });

      const passes = importReaderPasses();
      const { plan, summary } = await planThenImport(core, fileId, 'Once');
      expect(importReaderPasses() - passes).toBe(1);
      expect(plan).toMatchObject({ added: 30_000, rowsRead: 30_000 });
      expect(summary).toMatchObject({ rowsRead: 30_000, valid: 30_000, added: 30_000, duplicates: 0, rejected: 0, members: { email: 30_000 } });
      expect(storedHashes(core.db, 'Once', 'email')).toEqual(expectedHashes(emails(1, 30_000)));
      expect(stagedDirs(core)).toEqual([]);

      // The import after the plan still shows a named saving phase with its members.
      const saving = progress.filter((p) => p.kind === 'import' && p.phase === 'saving');
      expect(saving.at(-1)?.detail).toBe('Saving 30,000 members');
      // The plan shows rows as it reads, then its own final phase.
      expect(progress.some((p) => p.kind === 'import-plan' && p.phase === 'reading')).toBe(true);
      expect(progress.some((p) => p.kind === 'import-plan' && p.phase === 'saving')).toBe(true);

      // The import record is the file's, as a plain import records it.
      const record = core.db.prepare('SELECT file_size AS size, rows_read AS rowsRead, rejected FROM imports WHERE id = ?').get(summary.importId);
      expect(record).toEqual({ size: fs.statSync(file).size, rowsRead: 30_000, rejected: 0 });
    } finally {
      await core.close();
    }
  });

  it('rejects and duplicates survive staging', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const file = await writeCsv(tempDir(), 'mixed.csv', [['Email'], ['ann@example.com'], ['oops'], ['ANN@example.com '], ['bob@example.com'], ['x@@y']]);
      const { fileId } = core.stagedFiles.registerPath(file);
      const passes = importReaderPasses();
      const { summary } = await planThenImport(core, fileId, 'Mixed');
      expect(importReaderPasses() - passes).toBe(1);
      expect(summary).toMatchObject({ rowsRead: 5, valid: 2, rejected: 2, duplicates: 1, added: 2 });
      const rejects = core.db.prepare('SELECT row_number AS row, raw_value AS raw FROM rejects WHERE import_id = ? ORDER BY row_number').all(summary.importId);
      expect(rejects).toEqual([
        { row: 3, raw: 'oops' },
        { row: 6, raw: 'x@@y' },
      ]);
    } finally {
      await core.close();
    }
  });

  for (const change of ['rewritten', 'same size and time, other bytes'] as const) {
    it(`a file ${change} between plan and import is read again: the import commits the new file`, async () => {
      const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
      try {
        const dir = tempDir();
        const file = await writeCsv(dir, 'list.csv', [['Email'], ['a1@example.com'], ['a2@example.com'], ['a3@example.com']]);
        // A whole second, which utimes can set again exactly (a time to the nanosecond it cannot).
        const mtime = 1_700_000_000;
        fs.utimesSync(file, mtime, mtime);
        const { fileId } = core.stagedFiles.registerPath(file);
        const passes = importReaderPasses();
        const { plan, summary } = await planThenImport(core, fileId, 'Changing', () => {
          if (change === 'rewritten') {
            fs.writeFileSync(file, 'Email\nb1@example.com\nb2@example.com\n');
          } else {
            // Same length, same modification time, same inode: only the content hash tells, while
            // the staged commit runs (it is rolled back, and the file read again).
            fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('a2@', 'z2@'));
            fs.utimesSync(file, mtime, mtime);
          }
        });
        expect(importReaderPasses() - passes).toBe(2);
        expect(plan.added).toBe(3);
        const expected = change === 'rewritten' ? ['b1@example.com', 'b2@example.com'] : ['a1@example.com', 'z2@example.com', 'a3@example.com'];
        expect(summary.valid).toBe(expected.length);
        expect(storedHashes(core.db, 'Changing', 'email')).toEqual(expectedHashes(expected));
        expect(stagedDirs(core)).toEqual([]);
        // The sets the plan wrote ahead went with it (a rolled-back commit, or a plan not used).
        expect(core.db.prepare('SELECT count(*) FROM prepared_sets').pluck().get()).toBe(0);
        expect(orphanHashSets(core.db)).toEqual([]);
      } finally {
        await core.close();
      }
    });
  }

  it('other reading choices than the plan had, or a released file: the plan is not used, and its folder goes', async () => {
    const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
    try {
      const file = await writeCsv(tempDir(), 'two.csv', [['Email', 'Backup'], ['ann@example.com', 'x@example.com'], ['bob@example.com', 'y@example.com']]);
      const { fileId } = core.stagedFiles.registerPath(file);
      const passes = importReaderPasses();
      const plan = await call(core, 'import.plan', { fileId, listName: 'Choices' });
      await core.jobs.wait(plan.jobId);
      expect(stagedDirs(core)).toHaveLength(1);
      const started = await call(core, 'import.start', { fileId, listName: 'Choices', overrides: [{ column: 'Backup', kind: 'ignore' }] });
      const job = await core.jobs.wait(started.jobId);
      expect(job.state).toBe('succeeded');
      expect(importReaderPasses() - passes).toBe(2);
      expect(stagedDirs(core)).toEqual([]);

      const again = await call(core, 'import.plan', { fileId, listName: 'Choices' });
      await core.jobs.wait(again.jobId);
      expect(stagedDirs(core)).toHaveLength(1);
      core.stagedFiles.release(fileId);
      stagedPlansOf(core);
      expect(stagedDirs(core)).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('hands the import the hasher its plan left waiting; one that died is replaced, and a discarded plan ends its own', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'pinlist.db');
    openDatabase(dbPath).close();
    const file = await writeBigCsv(dir, 'standby.csv', 5_000);
    const base = { dbPath, tempDir: path.join(dir, 'tmp'), file, target: { list: 'Standby' } };
    const plan = (): Promise<StagedImport> => keptPlan(base);

    const handOffs = importStandbyHandOffs();
    const starts = importStandbyStarts().early;
    const firstPlan = await plan();
    // Started once the file was read, before the plan answered, and kept by it.
    expect(importStandbyStarts()).toEqual({ early: starts + 1, unkept: 0 });
    const first = await runImport({ ...base, staged: firstPlan });
    expect(first.members.email).toBe(5_000);
    expect(importStandbyHandOffs() - handOffs).toBe(1);

    const orphaned = await plan();
    const waiting = takeStandbyHasher(orphaned)!;
    keepStandbyHasher(orphaned, waiting);
    await waiting.terminate();
    const second = await runImport({ ...base, staged: orphaned, mode: 'add' });
    expect(second).toMatchObject({ added: 0, members: { email: 5_000 } });
    expect(importStandbyHandOffs() - handOffs).toBe(1);

    const discarded = await plan();
    discardStaged(discarded);
    expect(takeStandbyHasher(discarded)).toBeNull();
    expect(fs.existsSync(discarded.dir)).toBe(false);
  });

  it('the member sets its import needs are written while the plan is read: Import only repoints the list, and a dropped plan deletes them', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'pinlist.db');
    const db = openDatabase(dbPath);
    try {
      const file = await writeBigCsv(dir, 'ahead.csv', 4_000);
      const base = { dbPath, tempDir: path.join(dir, 'tmp'), file, target: { list: 'Ahead' } };
      const plan = (): Promise<StagedImport> => keptPlan(base);
      const preparedCount = (): number => db.prepare('SELECT count(*) FROM prepared_sets').pluck().get() as number;

      // The caller's connection does not checkpoint while the plan's hasher writes (decision 0017).
      const autoCheckpoint = (): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;
      const seen = new Set<number>();
      let staged!: StagedImport;
      await planImport({ ...base, callerDb: db, onProgress: () => seen.add(autoCheckpoint()), onStaged: (kept) => (staged = kept) });
      expect([...seen]).toEqual([0]);
      const prepared = preparedOf(staged);
      await vi.waitFor(() => expect(autoCheckpoint()).toBe(1000), { timeout: 10_000, interval: 10 });
      expect(prepared).toMatchObject([{ kind: 'email', mode: 'replace', currentSetId: null, size: 4_000, added: 4_000 }]);
      expect(preparedCount()).toBe(1);
      const lastSet = db.prepare('SELECT max(id) FROM hash_sets').pluck().get();
      const summary = await runImport({ ...base, staged });
      expect(summary).toMatchObject({ added: 4_000, members: { email: 4_000 } });
      expect(currentSet(db, findListByName(db, 'Ahead')!.id, 'email')!.setId).toBe(prepared![0]!.setId);
      expect(db.prepare('SELECT max(id) FROM hash_sets').pluck().get()).toBe(lastSet);
      expect(preparedCount()).toBe(0);

      // A plan dropped unused: its waiting hasher deletes what was written for it, then ends.
      const dropped = await plan();
      expect(preparedOf(dropped)).toHaveLength(1);
      expect(preparedCount()).toBe(1);
      await discardStaged(dropped);
      expect(preparedCount()).toBe(0);
      expect(orphanHashSets(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a plan that fails after its file was read ends the hasher it had started for the import', async () => {
    const dir = tempDir();
    const file = await writeBigCsv(dir, 'fails-late.csv', 3_000);
    // The plan's hasher opens the database only to count what would change, after the read: a
    // folder where the database should be fails it there.
    const dbPath = path.join(dir, 'not-a-database');
    fs.mkdirSync(dbPath);
    const starts = importStandbyStarts().early;
    let kept: StagedImport | null = null;
    await expect(planImport({ dbPath, tempDir: path.join(dir, 'tmp'), file, target: { list: 'Late' }, onStaged: (staged) => (kept = staged) })).rejects.toThrow();
    expect(kept).toBeNull();
    expect(importStandbyStarts().early).toBe(starts + 1);
    await vi.waitFor(() => expect(importStandbyStarts().unkept).toBe(0), { timeout: 10_000 });
  });
});
