/**
 * The rejects' extra column (issue 9 item 15) is read in the import's one pass over the file: the
 * reader sends its value with each row, the hasher keeps it beside each reject in the reject
 * spill (and a staged plan keeps it), and the commit stores it. Also: a browser upload
 * (`<id>.upload`) is judged by the name the user gave it.
 * Real SQLite, real import workers; the reader's passes are counted with `importReaderPasses()`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { importTempDir } from '../../electron/core/import/handlers.js';
import { importReaderPasses, runImport } from '../../electron/core/import/pipeline.js';
import { importSummarySchema, type OutputOf, type RequestName } from '../../shared/contract/index.js';
import { writeBytes, writeCsv, writeXlsx } from '../fixtures/generate.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

async function call<K extends RequestName>(core: Core, channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
  return result.value as OutputOf<K>;
}

async function withCore(use: (core: Core) => Promise<void>): Promise<void> {
  const core = new Core({ dataDir: path.join(tempDir(), 'data'), surface: 'cli' });
  try {
    await use(core);
  } finally {
    await core.close();
  }
}

async function importJob(core: Core, input: Record<string, unknown>) {
  const job = await core.jobs.wait((await call(core, 'import.start', input)).jobId);
  if (job.state !== 'succeeded') throw Object.assign(new Error(`${job.error?.code}: ${job.error?.message}`), { code: job.error?.code, message: job.error?.message });
  return importSummarySchema.parse(job.result);
}

function storedRejects(core: Core, importId: number) {
  return core.db.prepare('SELECT row_number AS row, column_name AS col, raw_value AS raw, extra_value AS extra FROM rejects WHERE import_id = ? ORDER BY row_number, column_name').all(importId);
}

function extraColumnOf(core: Core, importId: number): unknown {
  return core.db.prepare('SELECT reject_extra_column FROM imports WHERE id = ?').pluck().get(importId);
}

function stagedDirs(core: Core): string[] {
  const tmp = importTempDir(core);
  return fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((name) => name.includes('-staged-')) : [];
}

const ROWS = [
  ['Customer ID', 'Email', 'Phone'],
  ['C-1', 'ok@example.com', '1'],
  ['C-2', 'no-at-sign', '2'],
  ['C-3', 'fine@example.com', '3'],
  ['C-4', 'x@@example.com', '4'],
];
const EXPECTED = [
  { row: 3, col: 'Email', raw: 'no-at-sign', extra: 'C-2' },
  { row: 5, col: 'Email', raw: 'x@@example.com', extra: 'C-4' },
];

describe('the rejects’ extra column, read in the one pass', () => {
  for (const type of ['csv', 'xlsx'] as const) {
    it(`${type}: one reader pass; each reject stored with its extra value, the column recorded on the import`, async () => {
      await withCore(async (core) => {
        const file = type === 'csv' ? await writeCsv(tempDir(), 'people.csv', ROWS) : await writeXlsx(tempDir(), 'people.xlsx', ROWS);
        const { fileId } = core.stagedFiles.registerPath(file);
        const passes = importReaderPasses();
        const summary = await importJob(core, { fileId, listName: 'People', rejectsExtraColumn: 'customer id' });
        expect(importReaderPasses() - passes).toBe(1);
        expect(summary).toMatchObject({ rowsRead: 4, valid: 2, rejected: 2 });
        expect(storedRejects(core, summary.importId)).toEqual(EXPECTED);
        expect(extraColumnOf(core, summary.importId)).toBe('Customer ID');
      });
    });
  }

  it('without an extra column nothing is kept beside the rejects', async () => {
    await withCore(async (core) => {
      const { fileId } = core.stagedFiles.registerPath(await writeCsv(tempDir(), 'people.csv', ROWS));
      const summary = await importJob(core, { fileId, listName: 'People' });
      expect(storedRejects(core, summary.importId)).toEqual(EXPECTED.map((reject) => ({ ...reject, extra: null })));
      expect(extraColumnOf(core, summary.importId)).toBeNull();
    });
  });

  it('by number, for a ragged row, several identifier columns, and whether the reader or the hasher hashes', async () => {
    await withCore(async (core) => {
      const file = await writeCsv(tempDir(), 'two.csv', [
        ['Email', 'Backup email', 'Ref'],
        ['bad', 'also-bad', 'R\u00e9f-1'],
        ['ann@example.com', '', 'R-2'],
        ['bob@example.com', 'x', 'R-3', 'one too many'],
        ['', '', 'R-4'],
      ]);
      for (const readerHashing of ['always', 'never'] as const) {
        const passes = importReaderPasses();
        const summary = await runImport({
          dbPath: core.databasePath,
          tempDir: importTempDir(core),
          file,
          target: { list: `Two ${readerHashing}` },
          overrides: [{ column: 'Backup email', kind: 'email' }],
          rejectsExtraColumn: '3',
          readerHashing,
        });
        expect(importReaderPasses() - passes).toBe(1);
        expect(storedRejects(core, summary.importId)).toEqual([
          { row: 2, col: 'Backup email', raw: 'also-bad', extra: 'R\u00e9f-1' },
          { row: 2, col: 'Email', raw: 'bad', extra: 'R\u00e9f-1' },
          { row: 4, col: '(whole row)', raw: 'bob@example.com,x,R-3,one too many', extra: 'R-3' },
          { row: 5, col: 'Email', raw: '', extra: 'R-4' },
        ]);
        expect(extraColumnOf(core, summary.importId)).toBe('Ref');
      }
    });
  });

  it('a column the file does not have: BAD_MAPPING from the one pass, nothing written', async () => {
    await withCore(async (core) => {
      const { fileId } = core.stagedFiles.registerPath(await writeCsv(tempDir(), 'people.csv', ROWS));
      const passes = importReaderPasses();
      await expect(importJob(core, { fileId, listName: 'People', rejectsExtraColumn: 'Loyalty number' })).rejects.toMatchObject({ code: 'BAD_MAPPING' });
      expect(importReaderPasses() - passes).toBe(1);
      expect(core.db.prepare('SELECT COUNT(*) FROM imports').pluck().get()).toBe(0);
    });
  });

  it('a plan made with the extra column is committed as it is: one pass in all, the values kept', async () => {
    await withCore(async (core) => {
      const { fileId } = core.stagedFiles.registerPath(await writeXlsx(tempDir(), 'people.xlsx', ROWS));
      const passes = importReaderPasses();
      const plan = await call(core, 'import.plan', { fileId, listName: 'People', rejectsExtraColumn: 'Customer ID' });
      expect((await core.jobs.wait(plan.jobId)).state).toBe('succeeded');
      expect(stagedDirs(core)).toHaveLength(1);
      const summary = await importJob(core, { fileId, listName: 'People', rejectsExtraColumn: 'Customer ID' });
      expect(importReaderPasses() - passes).toBe(1);
      expect(storedRejects(core, summary.importId)).toEqual(EXPECTED);
      expect(extraColumnOf(core, summary.importId)).toBe('Customer ID');
      expect(stagedDirs(core)).toEqual([]);
    });
  });

  it('a plan made without the extra column is not used for an import that asks for one (nor the reverse)', async () => {
    await withCore(async (core) => {
      const { fileId } = core.stagedFiles.registerPath(await writeCsv(tempDir(), 'people.csv', ROWS));
      for (const [planned, imported] of [
        [undefined, 'Customer ID'],
        ['Customer ID', undefined],
      ] as const) {
        const passes = importReaderPasses();
        const plan = await call(core, 'import.plan', { fileId, listName: 'People', ...(planned ? { rejectsExtraColumn: planned } : {}) });
        expect((await core.jobs.wait(plan.jobId)).state).toBe('succeeded');
        const summary = await importJob(core, { fileId, listName: 'People', ...(imported ? { rejectsExtraColumn: imported } : {}) });
        expect(importReaderPasses() - passes).toBe(2);
        expect(storedRejects(core, summary.importId)).toEqual(imported ? EXPECTED : EXPECTED.map((reject) => ({ ...reject, extra: null })));
        expect(extraColumnOf(core, summary.importId)).toBe(imported ?? null);
        expect(stagedDirs(core)).toEqual([]);
      }
    });
  });
});

describe('a browser upload stored as <id>.upload', () => {
  it('a damaged workbook is FILE_BAD_XLSX naming the user’s file, not FILE_BINARY', async () => {
    await withCore(async (core) => {
      const upload = await writeBytes(core.dataDir, `${crypto.randomUUID()}.upload`, crypto.randomBytes(4096));
      const { fileId } = core.stagedFiles.registerPath(upload, true, 'Customers March.xlsx');
      const failure = await importJob(core, { fileId, listName: 'March' }).then(
        () => null,
        (error: { code?: string; message: string }) => error,
      );
      expect(failure?.code).toBe('FILE_BAD_XLSX');
      expect(failure?.message).toContain('Customers March.xlsx');
      expect(failure?.message).not.toMatch(/\.upload/);
    });
  });
});
