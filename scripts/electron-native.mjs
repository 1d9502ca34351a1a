#!/usr/bin/env node
// `npm start` runs this first. `npm install` built better-sqlite3 for Node; Electron has its own
// ABI, so a second copy is built for it into
// .electron-native/<electron>-<platform>-<arch>-better-sqlite3-<version>/better_sqlite3.node and
// the app loads it with better-sqlite3's `nativeBinding` option (electron/main/native-binding.ts
// computes the same path). Node keeps its own copy, so the CLI, browser mode and the tests go on
// working: no hand rebuild in either direction. A new Electron or better-sqlite3 gets a new folder.
//
// How: in a scratch copy of better-sqlite3 (never its installed folder), prebuild-install fetches a
// prebuilt binary for this Electron; if none is published, node-gyp compiles one against Electron's
// headers. Both run as `node <their .js>` without a shell, so a path with spaces works on Windows.
//
// Usage: node scripts/electron-native.mjs
//   Options for tests: --root DIR (the project), --electron-version V, --prebuild-install FILE.js,
//   --node-gyp FILE.js (stand-ins for the real tools).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_HELP = {
  darwin: 'the Xcode Command Line Tools (`xcode-select --install`)',
  win32: 'Python 3 and Visual Studio Build Tools with "Desktop development with C++"',
  linux: 'Python 3, make and a C++ compiler (Debian/Ubuntu: `sudo apt-get install python3 build-essential`)',
};

function option(name) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

/** The folder the Electron build goes to; electron/main/native-binding.ts must agree. */
export function electronNativeDir(root, electronVersion, sqliteVersion, platform = process.platform, arch = process.arch) {
  return path.join(root, '.electron-native', `${electronVersion}-${platform}-${arch}-better-sqlite3-${sqliteVersion}`);
}

/** A package's file, resolved the way Node would from `from` (a folder), or undefined. */
function resolveFrom(from, request) {
  try {
    return createRequire(path.join(from, 'noop.js')).resolve(request);
  } catch {
    return undefined;
  }
}

function readVersion(packageJson) {
  return JSON.parse(readFileSync(packageJson, 'utf8')).version;
}

/**
 * node-gyp is not a dependency of ours: npm runs scripts with npm_config_node_gyp pointing at its
 * own copy, and @electron/rebuild (under electron-builder) brings one. The first that exists wins.
 */
function findNodeGyp(root, sqliteDir) {
  const candidates = [
    option('--node-gyp'),
    process.env.npm_config_node_gyp,
    resolveFrom(sqliteDir, 'node-gyp/bin/node-gyp.js'),
    resolveFrom(root, 'node-gyp/bin/node-gyp.js'),
  ];
  const rebuild = resolveFrom(root, '@electron/rebuild/package.json') ?? resolveFrom(path.dirname(resolveFrom(root, 'app-builder-lib/package.json') ?? root), '@electron/rebuild/package.json');
  if (rebuild) candidates.push(resolveFrom(path.dirname(rebuild), 'node-gyp/bin/node-gyp.js'));
  return candidates.find((candidate) => candidate && candidate.endsWith('.js') && existsSync(candidate));
}

function runNode(script, args, cwd) {
  if (!script) return false;
  const run = spawnSync(process.execPath, [script, ...args], { cwd, stdio: 'inherit', env: process.env });
  return run.status === 0;
}

function main() {
  const root = path.resolve(option('--root') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const electronPackage = resolveFrom(root, 'electron/package.json');
  const electronVersion = option('--electron-version') ?? (electronPackage && readVersion(electronPackage));
  if (!electronVersion) {
    console.error('error[NOT_INSTALLED]: Electron is not installed in this folder. Run `npm install` first.');
    return 1;
  }
  const sqlitePackage = resolveFrom(root, 'better-sqlite3/package.json');
  if (!sqlitePackage) {
    console.error('error[NOT_INSTALLED]: better-sqlite3 is not installed in this folder. Run `npm install` first.');
    return 1;
  }
  const sqliteDir = path.dirname(sqlitePackage);
  const target = electronNativeDir(root, electronVersion, readVersion(sqlitePackage));
  const binding = path.join(target, 'better_sqlite3.node');
  if (existsSync(binding)) return 0;

  console.log(`pinlist: preparing better-sqlite3 for Electron ${electronVersion} (once)…`);
  mkdirSync(path.join(root, '.electron-native'), { recursive: true });
  const work = mkdtempSync(path.join(root, '.electron-native', 'work-'));
  try {
    // The package without Node's own build/ (the tools write theirs there). The filter looks at
    // paths inside the package only: the project may well sit in a folder called "build".
    cpSync(sqliteDir, work, {
      recursive: true,
      filter: (file) => path.relative(sqliteDir, file).split(path.sep)[0] !== 'build',
    });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    const platformArgs = [`--arch=${process.arch}`, `--platform=${process.platform}`];
    const prebuilt =
      runNode(option('--prebuild-install') ?? resolveFrom(sqliteDir, 'prebuild-install/bin.js'), ['--runtime=electron', `--target=${electronVersion}`, ...platformArgs], work) &&
      existsSync(built);
    if (!prebuilt) {
      const nodeGyp = findNodeGyp(root, sqliteDir);
      console.log(`pinlist: no prebuilt better-sqlite3 for Electron ${electronVersion} here; compiling it${nodeGyp ? '' : ' (node-gyp not found)'}…`);
      const compiled =
        runNode(nodeGyp, ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], work) && existsSync(built);
      if (!compiled) {
        console.error(
          `error[NATIVE_BUILD_FAILED]: Could not get better-sqlite3 for Electron ${electronVersion}: no prebuilt binary could be downloaded and compiling failed. ` +
            `Check your network connection, or install ${TOOLS_HELP[process.platform] ?? 'Python 3 and a C++ compiler'}, then run \`npm start\` again. ` +
            'The command line and browser mode (`npx pinlist serve`) do not need this step.',
        );
        return 1;
      }
    }
    mkdirSync(target, { recursive: true });
    // Copied beside, then renamed: an interrupted run never leaves a half-written binding behind.
    cpSync(built, `${binding}.partial`);
    renameSync(`${binding}.partial`, binding);
    console.log(`pinlist: better-sqlite3 for Electron is ready (${path.relative(root, binding)}).`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
