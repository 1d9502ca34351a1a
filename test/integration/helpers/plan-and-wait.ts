/**
 * A process that works out a plan and keeps it, as the app and `pinlist serve` keep one for the
 * Import that follows (so the plan's hasher writes that import's member sets ahead), prints
 * "planned", then waits to be killed. For import-prepared-crash.test.ts.
 *   node --import tsx plan-and-wait.ts <dbPath> <tempDir> <file>
 */
import { planImport } from '../../../electron/core/import/pipeline.js';

const [dbPath, tempDir, file] = process.argv.slice(2);
await planImport({ dbPath: dbPath!, tempDir: tempDir!, file: file!, target: { list: 'Planned' }, onStaged: () => undefined });
process.stdout.write('planned\n');
setInterval(() => undefined, 60_000);
