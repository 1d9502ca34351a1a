/**
 * Where an import's CPU goes, phase by phase: each phase of the pipeline run alone, on one
 * thread, over the same file (read/parse, normalize, hash, sort, commit), in CPU-seconds. The
 * real import overlaps them on two threads; what its CPU has beyond their sum is the cost of
 * running them apart (worker start-up, transfer between threads, garbage collection).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeEmail } from '../shared/normalize.js';
import { openDatabase } from '../electron/core/db/open.js';
import { detectLayout, readHead, requireIdentifierColumns } from '../electron/core/import/layout.js';
import { openTable } from '../electron/core/import/read/open.js';
import { commitImport } from '../electron/core/store/commit.js';
import { HASH_BYTES } from '../electron/core/store/hashes.js';
import { createList } from '../electron/core/store/lists.js';
import { IMPORT_RUN_LIMIT } from '../electron/core/import/hash-stage.js';
import { BatchSha256, writeSha256 } from '../electron/core/import/sha256-batch.js';
import { HashSetBuilder } from '../electron/core/store/sorted-runs.js';

export interface PhaseBreakdown {
  rows: number;
  /** CPU-seconds of each phase alone. */
  readParse: number;
  normalize: number;
  hash: number;
  sort: number;
  commit: number;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function measure<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const before = cpuSeconds();
  const value = await work();
  return { value, seconds: cpuSeconds() - before };
}

/** Runs each phase alone over `file` (its first identifier column). Holds the column in memory. */
export async function phaseBreakdown(file: string): Promise<PhaseBreakdown> {
  // Read and parse: the CSV reader as the import runs it, keeping only the identifier column.
  const read = await measure(async () => {
    const source = await openTable(file, { batchRows: 2048 });
    const batches = source.batches()[Symbol.asyncIterator]();
    const { head, headRowNumbers, buffered } = await readHead(batches);
    const layout = detectLayout(head, headRowNumbers, [], path.basename(file));
    const column = requireIdentifierColumns(layout)[0]!.index;
    // As the reader stage does once the layout is known: only the identifier column is cut out.
    source.narrow?.([column], layout.expectedFields);
    const values: string[] = [];
    const take = (rows: string[][], first: number): void => {
      for (let i = 0; i < rows.length; i++) if (first + i >= layout.dataStartRowNumber) values.push(rows[i]![column] ?? '');
    };
    for (const batch of buffered) take(batch.rows, batch.firstRowNumber);
    for (;;) {
      const next = await batches.next();
      if (next.done) break;
      take(next.value.rows, next.value.firstRowNumber);
    }
    return values;
  });
  const raw = read.value;

  const normalized = await measure(() => {
    const out: string[] = [];
    for (const value of raw) {
      const result = normalizeEmail(value);
      if (result.ok && !result.prehashed) out.push(result.value);
    }
    return out;
  });
  const values = normalized.value;

  // As the import hashes: in batches, with the WebAssembly SIMD kernel where it runs (decision 0016).
  const hashed = await measure(() => {
    const out = Buffer.allocUnsafe(values.length * HASH_BYTES);
    const sha = BatchSha256.create();
    if (!sha) for (let i = 0; i < values.length; i++) writeSha256(out, i * HASH_BYTES, values[i]!);
    for (let at = 0; sha && at < values.length; at += 2048) {
      const batch = values.slice(at, at + 2048);
      sha.hashInto(batch, out, batch.map((_, i) => at + i));
    }
    return out;
  });
  const hashes = hashed.value;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-phases-'));
  try {
    const sorted = await measure(() => {
      const builder = new HashSetBuilder({ tempDir: path.join(work, 'tmp'), runLimit: IMPORT_RUN_LIMIT });
      for (let at = 0; at < values.length; at += 2048) builder.add(hashes.subarray(at * HASH_BYTES, Math.min(values.length, at + 2048) * HASH_BYTES));
      const stream = builder.finish();
      const chunks: Buffer[] = [];
      for (const chunk of stream) chunks.push(Buffer.from(chunk));
      builder.close();
      return { chunks, duplicates: stream.duplicates };
    });
    const db = openDatabase(path.join(work, 'phases.db'));
    try {
      const committed = await measure(() =>
        db.transaction(() => {
          const list = createList(db, 'Phases');
          return commitImport(db, {
            listId: list.id,
            mode: 'replace',
            incoming: [{ kind: 'email', hashes: sorted.value.chunks }],
            file: { name: path.basename(file), size: fs.statSync(file).size, sha256: '0'.repeat(64) },
            mapping: [],
            format: {},
            rowsRead: raw.length,
            valid: values.length,
            rejected: raw.length - values.length,
            duplicates: sorted.value.duplicates,
            rejectReasons: {},
            durationMs: 0,
          });
        })(),
      );
      return { rows: raw.length, readParse: read.seconds, normalize: normalized.seconds, hash: hashed.seconds, sort: sorted.seconds, commit: committed.seconds };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
