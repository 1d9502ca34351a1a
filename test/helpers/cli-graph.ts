import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { repoRoot } from './cli.js';

export type ModuleGraph = Metafile['inputs'];

/** esbuild's module graph of the CLI's entry, as the build bundles it (nothing is written). */
export async function cliModuleGraph(): Promise<ModuleGraph> {
  const result = await build({
    entryPoints: { cli: path.join(repoRoot, 'electron/cli/main.ts') },
    absWorkingDir: repoRoot,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: path.join(repoRoot, '.tmp', 'cli-graph'),
  });
  return (result.metafile as Metafile).inputs;
}

/**
 * What `from` loads as soon as it is loaded: its static imports, transitively (a dynamic
 * import() loads only when the code that calls it runs). `packages`: the external packages reached.
 */
export function staticReach(inputs: ModuleGraph, from: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>([from]);
  const packages = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    for (const imported of inputs[queue.pop()!]!.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) packages.add(imported.path);
      else if (!files.has(imported.path)) {
        files.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return { files, packages };
}
