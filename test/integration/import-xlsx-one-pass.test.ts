/**
 * Issue 14 item 1 for workbooks: the SHA-256 an import records is that of the bytes it parsed,
 * taken in its one pass over the file, never from a second read. Every read of the file is
 * counted here (FileHandle.read and fs.read, which createReadStream uses) while the reader runs
 * in this process; the full pipeline's recorded hash is checked against node:crypto's.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPinlistError } from '../../shared/errors.js';
import { importReaderPasses } from '../../electron/core/import/pipeline.js';
import { openTable } from '../../electron/core/import/read/open.js';
import { runReader, type ReaderSink } from '../../electron/core/import/reader-stage.js';
import { makeTempDir, removeDir, writeWorkbook } from '../fixtures/generate.js';
import { workbookBytes } from '../fixtures/xlsx-parts.js';
import { useImportEnv } from '../helpers/import-db.js';

const env = useImportEnv();
let dir: string;
let file: string;

const ROWS: string[][] = [['Email', 'Name']];
for (let i = 0; i < 3000; i++) ROWS.push([`person${i}@example.com`, `Person ${i} ${'x'.repeat(i % 40)}`]);

beforeAll(async () => {
  dir = await makeTempDir('pinlist-xlsx-one-pass-');
  // A hidden sheet and a second visible one: parts the import must not read twice either.
  file = await writeWorkbook(dir, 'people.xlsx', [
    { name: 'People', rows: ROWS },
    { name: 'Notes', rows: [['Note'], ['hello']] },
    { name: 'Secret', rows: [['Email'], ['hidden@example.com']], state: 'hidden' },
  ]);
});
afterAll(async () => {
  await removeDir(dir);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const sha256Of = (path: string): string => crypto.createHash('sha256').update(fs.readFileSync(path)).digest('hex');

/** Counts every byte read from `path` through a FileHandle or fs.read while `run` runs. */
async function countReads<T>(path: string, run: () => Promise<T>): Promise<{ result: T; reads: { position: number | null; bytes: number }[] }> {
  const probe = await open(path, 'r');
  const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };
  await probe.close();
  const reads: { position: number | null; bytes: number }[] = [];
  const handleRead = proto.read;
  vi.spyOn(proto, 'read').mockImplementation(async function (this: unknown, ...args: unknown[]) {
    const outcome = await handleRead.apply(this, args);
    reads.push({ position: typeof args[3] === 'number' ? args[3] : null, bytes: outcome.bytesRead });
    return outcome;
  });
  const fsRead = fs.read;
  vi.spyOn(fs, 'read').mockImplementation(function (...args: unknown[]) {
    const callback = args[args.length - 1] as (error: unknown, bytesRead: number, buffer: unknown) => void;
    const position = args[4];
    (fsRead as (...a: unknown[]) => void)(...args.slice(0, -1), (error: unknown, bytesRead: number, buffer: unknown) => {
      if (!error) reads.push({ position: typeof position === 'number' ? position : null, bytes: bytesRead });
      callback(error, bytesRead, buffer);
    });
  } as typeof fs.read);
  const result = await run();
  return { result, reads };
}

const sink: ReaderSink = {
  layout: () => undefined,
  batch: () => undefined,
  progress: () => undefined,
};

describe('XLSX import: one pass, hashing what it parses', () => {
  it('reads each byte of the workbook once, in order, and its SHA-256 is the file’s', async () => {
    const size = fs.statSync(file).size;
    const { result, reads } = await countReads(file, () => runReader({ file, fileName: 'people.xlsx', overrides: [] }, sink));
    expect(result.rowsRead).toBe(3000);
    expect(result.sha256).toBe(sha256Of(file));
    expect(result.fileSize).toBe(size);
    // Every read positioned, none overlapping another, together exactly the file (one byte past
    // the end is the check that it did not grow, and reads nothing).
    const total = reads.reduce((n, r) => n + r.bytes, 0);
    expect(total).toBe(size);
    expect(reads.every((r) => r.position !== null)).toBe(true);
    const ranges = reads.filter((r) => r.bytes > 0).map((r) => [r.position!, r.position! + r.bytes] as const).sort((a, b) => a[0] - b[0]);
    let end = 0;
    for (const [from, to] of ranges) {
      expect(from).toBe(end);
      end = to;
    }
    expect(end).toBe(size);
  });

  it('the import records the SHA-256 of the file, with one reader pass', async () => {
    const e = env();
    const passes = importReaderPasses();
    const summary = await e.run(file, {});
    expect(importReaderPasses() - passes).toBe(1);
    expect(summary).toMatchObject({ rowsRead: 3000, valid: 3000 });
    const recorded = e.read((db) => db.prepare('SELECT file_sha256, file_size FROM imports').get()) as { file_sha256: string; file_size: number };
    expect(recorded).toEqual({ file_sha256: sha256Of(file), file_size: fs.statSync(file).size });
  });

  it('gives the same rows as the preview’s positioned reads, and a hash only once read to the end', async () => {
    const read = async (onePass: boolean, maxRows?: number) => {
      const source = await openTable(file, { onePass, maxRows, sheet: 'people', batchRows: 500 });
      const rows: string[][] = [];
      for await (const batch of source.batches()) rows.push(...batch.rows);
      return { rows, hash: source.contentHash?.() ?? null };
    };
    const positioned = await read(false);
    const whole = await read(true);
    expect(whole.rows).toEqual(positioned.rows);
    expect(whole.rows).toEqual(ROWS);
    expect(positioned.hash).toBeNull();
    expect(whole.hash).toEqual({ sha256: sha256Of(file), bytes: fs.statSync(file).size });
    expect((await read(true, 10)).hash).toBeNull();
  });

  it('a damaged workbook ends the same from the one pass as from positioned reads', { timeout: 120_000 }, async () => {
    const rows = [['Email', 'Name'], ...Array.from({ length: 200 }, (_, i) => [`p${i}@exämple.de`, `Person ${i}`])];
    const bases = [
      workbookBytes([{ name: 'A', rows }], { sharedStrings: true, deflate: true, absoluteTargets: true }),
      workbookBytes([{ name: 'A', rows }], { sharedStrings: true, deflate: false }),
    ];
    const outcome = async (path: string, onePass: boolean): Promise<unknown> => {
      try {
        const source = await openTable(path, { onePass, batchRows: 7 });
        const read: string[][] = [];
        for await (const batch of source.batches()) read.push(...batch.rows);
        return { rows: read };
      } catch (error) {
        return isPinlistError(error) ? error.code : String(error);
      }
    };
    let index = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          base: fc.nat({ max: bases.length - 1 }),
          kind: fc.constantFrom('flip', 'truncate', 'insert'),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          length: fc.integer({ min: 1, max: 32 }),
        }),
        async (m) => {
          const base = bases[m.base]!;
          const at = Math.floor(m.at * base.length);
          let bytes = Buffer.from(base);
          if (m.kind === 'flip') for (let i = at; i < Math.min(bytes.length, at + m.length); i++) bytes[i] = bytes[i]! ^ 0x10;
          else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(m.length, 0x41), bytes.subarray(at)]);
          else bytes = bytes.subarray(0, at);
          const path = join(dir, `mutated-${index++}.xlsx`);
          fs.writeFileSync(path, bytes);
          expect(await outcome(path, true)).toEqual(await outcome(path, false));
        },
      ),
      { seed: 20261202, numRuns: 150 },
    );
  });
});
