/**
 * A plan ("What will happen") and the import after it, in a process of its own (run by
 * `npm run bench:import -- --plan`): the import commits what the plan kept, so it should take a
 * fraction of the plan. Between the two it waits `--think <ms>` (default 1000): in the app the
 * Import button is pressed after reading the plan, which is when the hasher the plan left waiting
 * (staged-result.ts) has loaded; `--think 0` measures an import pressed at once. Prints one JSON line.
 *   node bench/.data/build/plan-child.js <file> <workDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../electron/core/db/open.js';
import { planImport, runImport, type StagedImport } from '../electron/core/import/pipeline.js';
import { importReaderPasses } from '../electron/core/import/pipeline.js';

const [file, work, ...rest] = process.argv.slice(2);
const thinkMs = rest[0] === '--think' ? Number(rest[1]) : 1000;
const dbPath = path.join(work!, 'bench.db');
openDatabase(dbPath).close();
const base = { dbPath, tempDir: path.join(work!, 'tmp'), file: file!, target: { list: 'Bench' } };

let staged: StagedImport | null = null;
const planStarted = performance.now();
const plan = await planImport({ ...base, onStaged: (result) => (staged = result) });
const planSeconds = (performance.now() - planStarted) / 1000;
await new Promise((resolve) => setTimeout(resolve, thinkMs));
const importStarted = performance.now();
const summary = await runImport({ ...base, staged });
const importSeconds = (performance.now() - importStarted) / 1000;
fs.rmSync(work!, { recursive: true, force: true });
console.log(JSON.stringify({ planSeconds, importSeconds, thinkMs, planAdded: plan.added, added: summary.added, readerPasses: importReaderPasses() }));
