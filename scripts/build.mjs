// Builds the main-process side (CLI, browser mode, Electron main, preload, workers) with esbuild,
// and the renderer with Vite. Runs on `npm install` (prepare) so `npx pinlist` works at once.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2]; // 'main' | 'renderer' | undefined (both)
const outdir = path.join(root, 'dist', 'main');

// Worker entry points live next to the code that spawns them; they are emitted flat beside cli.js.
const workerDir = path.join(root, 'electron', 'core', 'workers');
const workers = readdirSync(workerDir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.worker.ts'))
  .map((entry) => path.join(workerDir, entry.name));

/**
 * Packages built into the bundle instead of loaded from node_modules. zod is ~95 files there, all
 * of them (every locale too) loaded by `import 'zod'`; bundled, esbuild keeps what the contract
 * uses, in one chunk: about 30 ms less on every CLI command that validates a call (decision 0013).
 */
const BUNDLED_PACKAGES = ['zod'];

/** Every other package stays in node_modules (native modules; electron-builder packs them). */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || path.isAbsolute(args.path)) return undefined;
      if (BUNDLED_PACKAGES.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [externalPackages],
};

async function buildMain() {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    format: 'esm',
    // Shared chunks beside the entries (spawnWorker finds workers from import.meta.url, so no
    // subfolder): the CLI's per-command dynamic imports load only what that command needs.
    splitting: true,
    // Dispatch checks every output against its schema unless NODE_ENV is production: the built app and CLI skip it.
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.PINLIST_BUILD_ENV ?? 'production') },
    outdir,
    entryPoints: {
      cli: 'electron/cli/main.ts',
      'electron-main': 'electron/main/electron-main.ts',
      ...Object.fromEntries(workers.map((file) => [path.basename(file, '.ts'), file])),
    },
    absWorkingDir: root,
    external: ['electron'],
  });
  // A sandboxed preload cannot be an ES module and can only require a few Electron modules.
  await build({
    ...common,
    plugins: [],
    format: 'cjs',
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir,
    absWorkingDir: root,
    external: ['electron'],
  });
}

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (only !== 'renderer') await buildMain();
if (only !== 'main') await buildRenderer();
console.log(`pinlist: built ${only ?? 'main and renderer'} into dist/`);
