import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Bundles a benchmark's child entry with every worker entry point beside it, as the app's build
 * does, so a benchmark measures the shipped code in a process of its own.
 */
export async function bundleWithWorkers(entryName: string, entryFile: string, outdir: string): Promise<string> {
  const workerDir = path.join(root, 'electron', 'core', 'workers');
  const workers = fs.readdirSync(workerDir).filter((name) => name.endsWith('.worker.ts'));
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
    outdir,
    entryPoints: {
      [entryName]: entryFile,
      ...Object.fromEntries(workers.map((name) => [path.basename(name, '.ts'), path.join(workerDir, name)])),
    },
  });
  return path.join(outdir, `${entryName}.js`);
}
