/**
 * The measured work of bench/scale.bench.ts, in a process of its own (bundled with the worker
 * entry points, as the app ships), so each peak RSS is that step's alone. Prints one JSON line.
 *
 *   node scale-child.js import  <dataDir> <file> <list> <mode>
 *   node scale-child.js ledger  <dataDir> <list> <adAccount>     the list's members become "what Pinterest holds"
 *   node scale-child.js queries <dataDir> <list> [<adAccount>]   time list, show, member pages, lookup (and the sync diff)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../electron/core/core.js';
import { openDatabase } from '../electron/core/db/open.js';
import { runImport } from '../electron/core/import/index.js';
import { readHashSet, writeHashSet } from '../electron/core/store/hash-sets.js';
import { currentSet } from '../electron/core/store/lists.js';
import { ensureTarget, setLedgerSets } from '../electron/core/sync/targets.js';
import { dispatch } from '../electron/core/dispatch.js';
import { handlers } from '../electron/core/handlers.js';
import { IDENTIFIER_KINDS } from '../shared/identifiers.js';
import { customerEmail } from './scale-data.js';

const [command, dataDir, ...rest] = process.argv.slice(2);
const dbPath = path.join(dataDir!, 'pinlist.db');
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
const peak = (): number => Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

async function importFile(file: string, list: string, mode: 'replace' | 'add' | 'remove'): Promise<unknown> {
  openDatabase(dbPath).close();
  const started = performance.now();
  const summary = await runImport({ dbPath, tempDir: path.join(dataDir!, 'tmp'), file, target: { list }, mode });
  return { seconds: (performance.now() - started) / 1000, peakRss: peak(), summary };
}

/** Pretends the list as it is now was fully synced: its members become each kind's confirmed ledger. */
function seedLedger(list: string, adAccount: string): unknown {
  const db = openDatabase(dbPath);
  try {
    const started = performance.now();
    const listId = db.prepare("SELECT id FROM lists WHERE name = ? AND role = 'audience'").pluck().get(list) as number;
    let copied = 0;
    db.transaction(() => {
      for (const kind of IDENTIFIER_KINDS) {
        const set = currentSet(db, listId, kind);
        if (!set || set.size === 0) continue;
        const target = ensureTarget(db, listId, adAccount, kind, list);
        const ledger = writeHashSet(db, kind, readHashSet(db, set.setId));
        setLedgerSets(db, target.id, ledger.setId, null);
        copied += ledger.size;
      }
    })();
    return { seconds: (performance.now() - started) / 1000, copied, peakRss: peak() };
  } finally {
    db.close();
  }
}

/** Median and fastest of `runs` calls through the same dispatch the app, CLI and browser use. */
async function timeCall(core: Core, channel: string, input: unknown, runs: number): Promise<{ medianMs: number; minMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await dispatch(handlers, channel, input, { core });
    times.push(performance.now() - started);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]! };
}

async function queries(list: string, adAccount: string | undefined): Promise<unknown> {
  const core = new Core({ dataDir: dataDir!, surface: 'cli' });
  try {
    const listId = core.db.prepare("SELECT id FROM lists WHERE name = ? AND role = 'audience'").pluck().get(list) as number;
    const size = currentSet(core.db, listId, 'email')?.size ?? 0;
    const lists = (core.db.prepare("SELECT count(*) FROM lists WHERE role = 'audience'").pluck().get() as number) ?? 0;
    const out: Record<string, unknown> = { lists, members: size };
    out.list = await timeCall(core, 'lists.list', {}, 9);
    out.show = await timeCall(core, 'lists.get', { listId }, 9);
    out.firstPage = await timeCall(core, 'lists.members', { listId, kind: 'email', offset: 0, limit: 100 }, 9);
    out.middlePage = await timeCall(core, 'lists.members', { listId, kind: 'email', offset: Math.max(0, Math.floor(size / 2) - 50), limit: 100 }, 9);
    out.lastPage = await timeCall(core, 'lists.members', { listId, kind: 'email', offset: Math.max(0, size - 100), limit: 100 }, 9);
    out.lookup = await timeCall(core, 'lists.lookup', { listId, kind: 'email', value: customerEmail(Math.floor(size / 3)) }, 9);
    if (adAccount) {
      const started = performance.now();
      const plan = await dispatch(handlers, 'sync.plan', { listId, adAccountId: adAccount }, { core });
      if (!plan.ok) throw new Error(`sync.plan failed: ${plan.error.message}`);
      out.diff = { ms: performance.now() - started, report: plan.value };
    }
    out.peakRss = peak();
    return out;
  } finally {
    await core.close();
  }
}

let result: unknown;
if (command === 'import') result = await importFile(rest[0]!, rest[1]!, rest[2] as 'replace' | 'add' | 'remove');
else if (command === 'ledger') result = seedLedger(rest[0]!, rest[1]!);
else if (command === 'queries') result = await queries(rest[0]!, rest[1]);
else throw new Error(`unknown command ${command}`);
clearInterval(sampler);
if (!fs.existsSync(dataDir!)) throw new Error('the data folder vanished');
console.log(JSON.stringify(result));
