/**
 * Member storage benchmarks. Prints figures; asserts nothing.
 *
 *   npx tsx bench/store.bench.ts                  sort, write, read, diff at 1M
 *   npx tsx bench/store.bench.ts --import 10000000 builder + commitImport of N hashes, with peak RSS
 *
 * Run `--import` once per size in its own process: peak RSS is per process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../electron/core/db/open.js';
import { commitImport } from '../electron/core/store/commit.js';
import { readHashSet, writeHashSet } from '../electron/core/store/hash-sets.js';
import { createList } from '../electron/core/store/lists.js';
import { diff, hashesOf } from '../electron/core/store/merge.js';
import { HashSetBuilder } from '../electron/core/store/sorted-runs.js';
import { SortScratch, sortUniqueHashes } from '../electron/core/store/sort.js';
import { randomHashes } from '../test/helpers/hash-data.js';

const MILLION = 1_000_000;

function time<T>(label: string, fn: () => T, detail?: (result: T) => string): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms${detail ? `  ${detail(result)}` : ''}`);
  return result;
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

function tempDb(): { db: Db; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-bench-'));
  return { db: openDatabase(path.join(dir, 'pinlist.db')), dir };
}

function micro(): void {
  const scratch = new SortScratch();
  const raw = randomHashes(MILLION, 1);
  // 5% duplicates, as a customer file might have.
  for (let i = 0; i < MILLION / 20; i++) raw.copy(raw, ((i * 7919) % MILLION) * 32, i * 32, i * 32 + 32);
  const warm = Buffer.from(raw);
  sortUniqueHashes(warm, MILLION, scratch); // first run pays for the scratch allocation
  const input = Buffer.from(raw);
  const sorted = time('sort+dedupe 1M (warm scratch)', () => sortUniqueHashes(input, MILLION, scratch), (r) => `${r.count} unique, ${r.duplicates} dup`);
  time('sort+dedupe 1M (cold, new scratch)', () => sortUniqueHashes(Buffer.from(raw), MILLION));

  const { db, dir } = tempDb();
  try {
    const set = sorted.buffer;
    const written = time('write 1M set (SQLite, WAL)', () => writeHashSet(db, 'email', hashesOf(set)), (r) => `${r.size} hashes`);
    time('read 1M set', () => {
      let n = 0;
      for (const chunk of readHashSet(db, written.setId)) n += chunk.length / 32;
      return n;
    });

    // Confirmed = desired with 1% replaced: 0.5% removed, 0.5% added.
    const changed = Buffer.from(set);
    const fresh = randomHashes(MILLION / 200, 99);
    for (let i = 0; i < MILLION / 200; i++) fresh.copy(changed, ((i * 199) % sorted.count) * 32, i * 32, i * 32 + 32);
    const confirmed = sortUniqueHashes(changed, sorted.count, scratch).buffer;
    const confirmedSet = writeHashSet(db, 'email', hashesOf(confirmed));
    const count = (d: ReturnType<typeof diff>): string => {
      let chunks = 0;
      for (const chunk of d) chunks += chunk.hashes.length > 0 ? 1 : 0;
      return `${d.adds} adds, ${d.removes} removes, ${chunks} chunks`;
    };
    time('diff 1M vs 1M, 1% changed (in memory)', () => count(diff(hashesOf(set), hashesOf(confirmed))), (s) => s);
    time('diff 1M vs 1M, 1% changed (read from SQLite)', () => count(diff(readHashSet(db, written.setId), readHashSet(db, confirmedSet.setId))), (s) => s);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`peak RSS ${peakRssMb()} MB`);
}

/** The storage half of an import: hashes arrive in batches of 10k, as from the normalizer. */
function importRun(total: number): void {
  const { db, dir } = tempDb();
  try {
    const listId = createList(db, 'bench').id;
    const start = performance.now();
    const builder = new HashSetBuilder({ tempDir: path.join(dir, 'tmp'), reuseChunks: true });
    const batchSize = 10_000;
    const batch = Buffer.allocUnsafeSlow(batchSize * 32);
    let x = 12345;
    for (let done = 0; done < total; done += batchSize) {
      const n = Math.min(batchSize, total - done);
      const words = new Uint32Array(batch.buffer, 0, n * 8);
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x >>> 0;
      }
      builder.add(batch, n);
    }
    const added = performance.now();
    const result = commitImport(db, {
      listId,
      mode: 'replace',
      incoming: [{ kind: 'email', hashes: builder.finish() }],
      file: { name: 'bench.csv', size: 0, sha256: '' },
      mapping: {},
      format: {},
      rowsRead: total,
      valid: total,
      rejected: 0,
      rejectReasons: {},
      durationMs: 0,
    });
    const end = performance.now();
    console.log(
      `import ${total} hashes: add+sort runs ${(added - start).toFixed(0)} ms (${builder.runsSpilled} runs spilled), ` +
        `merge+commit ${(end - added).toFixed(0)} ms, total ${(end - start).toFixed(0)} ms, ` +
        `${result.membersAfter.email} members, peak RSS ${peakRssMb()} MB`,
    );
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const importAt = process.argv.indexOf('--import');
if (importAt >= 0) importRun(Number(process.argv[importAt + 1] ?? MILLION));
else micro();
