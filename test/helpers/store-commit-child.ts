/**
 * Child process for the SIGKILL test: builds a member set from a seed and commits it as a
 * replace import, announcing on stdout when it starts building ("building"), when the commit's
 * transaction has started reading the new members ("tx"), and when it is done ("done <ms>").
 *
 * Usage: node --import tsx store-commit-child.ts <db> <listId> <seed> <count> <rejects> <tempDir>
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/core/db/open.js';
import { commitImport, type RejectRow } from '../../electron/core/store/commit.js';
import { HashSetBuilder } from '../../electron/core/store/sorted-runs.js';
import { randomHashes } from './hash-data.js';

const [dbPath, listIdArg, seedArg, countArg, rejectsArg, tempDir] = process.argv.slice(2);
const listId = Number(listIdArg);
const seed = Number(seedArg);
const count = Number(countArg);
const rejectCount = Number(rejectsArg);
const say = (line: string): void => {
  fs.writeSync(1, `${line}\n`);
};

const db = openDatabase(dbPath!);
const builder = new HashSetBuilder({ tempDir: tempDir!, runLimit: 100_000 });
say('building');
const hashes = randomHashes(count, seed);
for (let i = 0; i < count; i += 10_000) builder.add(hashes.subarray(i * 32, Math.min(count, i + 10_000) * 32));
const sorted = builder.finish();

let announced = false;
function* announced_(): Generator<Buffer> {
  for (const chunk of sorted) {
    if (!announced) {
      announced = true;
      say('tx');
    }
    yield chunk;
  }
}

function* rejects(): Generator<RejectRow> {
  for (let i = 0; i < rejectCount; i++) {
    yield { rowNumber: i + 2, column: 'Email', reason: 'missing_at', rawValue: `not an email ${seed}/${i}` };
  }
}

const start = performance.now();
commitImport(db, {
  listId,
  mode: 'replace',
  incoming: [{ kind: 'email', hashes: announced_() }],
  file: { name: `seed-${seed}.csv`, size: count * 40, sha256: 'cd'.repeat(32) },
  mapping: { Email: 'email' },
  format: { delimiter: ',' },
  rowsRead: count + rejectCount,
  valid: count,
  rejected: rejectCount,
  rejectReasons: { missing_at: rejectCount },
  rejects: rejects(),
  durationMs: 0,
});
say(`done ${Math.round(performance.now() - start)}`);
db.close();
