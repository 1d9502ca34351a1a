/**
 * Sync benchmark (`npm run bench:sync`). Prints figures; asserts nothing it does not print.
 *
 * A 1,000,000-member list against the fake Pinterest with 50 ms latency per request:
 *   1. the first sync (large batches, to keep it reasonable),
 *   2. a re-import with 1% changed (0.5% left, 0.5% joined) and a second sync.
 * Prints the diff time (computed in a worker thread, off the main thread), the records sent
 * (must equal the changes exactly), the requests and the total time.
 *
 *   npx tsx bench/sync.bench.ts [--members 1000000] [--latency 50] [--first-batch 10000] [--batch 1000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../electron/core/core.js';
import { commitImport, createList, hashesOf, sortUniqueHashes } from '../electron/core/store/index.js';
import { runSync } from '../electron/core/sync/index.js';
import { startFakePinterest } from '../test/fake-pinterest/server.js';
import { randomHashes } from '../test/helpers/hash-data.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const MEMBERS = arg('members', 1_000_000);
const LATENCY = arg('latency', 50);
const FIRST_BATCH = arg('first-batch', 10_000);
const BATCH = arg('batch', 1_000);
const AD_ACCOUNT = '549755885175';

function importSet(core: Core, listId: number, members: Buffer): void {
  const sorted = sortUniqueHashes(members, members.length / 32);
  commitImport(core.db, {
    listId,
    mode: 'replace',
    incoming: [{ kind: 'email', hashes: hashesOf(sorted.buffer) }],
    file: { name: 'bench.csv', size: 0, sha256: 'bench' },
    mapping: [],
    format: {},
    rowsRead: sorted.count,
    valid: sorted.count,
    rejected: 0,
    rejectReasons: {},
    durationMs: 0,
    applySuppression: false,
  });
}

const line = (label: string, value: string) => console.log(`${label.padEnd(54)} ${value}`);
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  // No OpenAPI validation of 10,000-record bodies: it measures the fake, not Pinlist.
  const fake = await startFakePinterest({ specPath: null, faults: { latencyMs: LATENCY } });
  fake.state.addAdAccount({ id: AD_ACCOUNT });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-sync-bench-'));
  const core = new Core({
    dataDir,
    surface: 'cli',
    env: { PINTEREST_API_BASE: fake.baseUrl, PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken },
  });
  try {
    console.log(`Sync benchmark: ${MEMBERS.toLocaleString('en-US')} members, ${LATENCY} ms latency per request, node ${process.version}, ${os.cpus().length} CPUs`);
    const list = createList(core.db, 'Bench');
    const original = randomHashes(MEMBERS, 7);
    importSet(core, list.id, Buffer.from(original));

    // Main-thread stalls while the sync runs: the diff must not be one of them.
    let worstStall = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      worstStall = Math.max(worstStall, now - last - 10);
      last = now;
    }, 10);

    let started = performance.now();
    const first = await runSync({ core }, { listId: list.id, adAccountId: AD_ACCOUNT, batchSize: FIRST_BATCH });
    const firstMs = performance.now() - started;
    const customerListId = first.customerLists.email!.id!;
    console.log('\nFirst sync');
    line('  plan (worker; no diff: Pinterest holds nothing yet)', ms(first.diffMs));
    line('  records sent', `${first.added.toLocaleString('en-US')} (expected ${MEMBERS.toLocaleString('en-US')})`);
    line('  requests', String(first.requests));
    line('  total', ms(firstMs));
    line('  Pinterest holds', fake.state.membership(customerListId).size.toLocaleString('en-US'));

    // 1% changed: 0.5% leave, 0.5% join.
    const changed = Math.round(MEMBERS / 200);
    const next = Buffer.from(original);
    randomHashes(changed, 99).copy(next, 0);
    importSet(core, list.id, next);
    const requestsBefore = fake.state.requests.length;
    worstStall = 0;
    last = performance.now();
    started = performance.now();
    const second = await runSync({ core }, { listId: list.id, adAccountId: AD_ACCOUNT, batchSize: BATCH });
    const secondMs = performance.now() - started;
    clearInterval(probe);
    const sent = fake.state.requests
      .slice(requestsBefore)
      .reduce((sum, r) => sum + (r.write && r.status === 200 && r.records !== null ? r.records : 0), 0);
    console.log('\nSecond sync, 1% changed');
    line('  diff (worker thread)', `${ms(second.diffMs)} (target < 300 ms)`);
    line('  records sent', `${sent.toLocaleString('en-US')} = +${second.added.toLocaleString('en-US')} −${second.removed.toLocaleString('en-US')} (changes: ${(2 * changed).toLocaleString('en-US')}) ${sent === 2 * changed ? 'exact' : 'MISMATCH'}`);
    line('  requests', `${second.requests} (${fake.state.requests.length - requestsBefore} at the fake)`);
    line('  total', ms(secondMs));
    line('  worst main-thread stall', ms(worstStall));
    const holds = fake.state.membership(customerListId);
    let exact = holds.size === MEMBERS;
    for (let i = 0; exact && i < next.length; i += 32) exact = holds.has(next.toString('hex', i, i + 32));
    line('  Pinterest holds exactly the list', exact ? 'yes' : 'NO');
    if (!exact || sent !== 2 * changed) process.exitCode = 1;
  } finally {
    await core.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
