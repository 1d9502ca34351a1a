#!/usr/bin/env node
// Packaging check (CI): packs the app with electron-builder (`--dir --linux`) against a local
// stand-in Electron distribution (no download), then asserts what ships:
// - app.asar holds package.json, the built main/preload/workers (dist/main/*.js|.cjs), the built
//   renderer (dist/renderer/**) and production node_modules only: no sources, tests, fixtures,
//   TypeScript or source maps, and no package the lockfile marks as dev-only;
// - the native modules (better_sqlite3.node, the @napi-rs/keyring binding) are unpacked;
// - the fuses are flipped as scripts/after-pack.cjs's FUSES say (read back from the binary).
//
// The stand-in `electron` executable is a tiny script carrying Electron's fuse sentinel and a
// fuse wire with Electron's defaults, which is all electron-builder and @electron/fuses touch.
// npmRebuild is off here: rebuilding better-sqlite3 for Electron needs Electron's headers (a
// download); `npm run dist` keeps it on.
//
// Usage: node scripts/check-package.mjs [extra electron-builder args, e.g. -c.asar.smartUnpack=false]
//   PINLIST_KEEP_PACKAGE=1 keeps the packed app (its folder is printed) for a look.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const { getCurrentFuseWire } = require('@electron/fuses');
const { FUSES } = require('./after-pack.cjs');

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default fuse states, in wire order ('1' enabled, '0' disabled). */
const DEFAULT_WIRE = '10110001';
const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};

function makeStandInElectron(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const executable = path.join(dir, 'electron');
  const script = Buffer.from("#!/bin/sh\necho 'Electron stand-in for the packaging check'\nexit 0\n# ");
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE), Buffer.from('\n')]);
  fs.writeFileSync(executable, Buffer.concat([script, wire]), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), require('electron/package.json').version);
}

/**
 * Packages the lockfile installs for production (not dev-only), as name@version. By name and
 * version rather than by path: electron-builder lays node_modules out again (it may hoist a
 * nested copy).
 */
function productionPackages() {
  const lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8'));
  const packages = new Set();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages.add(`${name}@${entry.version}`);
  }
  return packages;
}

/** `node_modules/a/node_modules/@b/c/lib/x.js` → `node_modules/a/node_modules/@b/c`. */
function packagePathOf(file) {
  const parts = file.split('/');
  let end = -1;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== 'node_modules' || i + 1 >= parts.length) continue;
    end = parts[i + 1].startsWith('@') ? i + 2 : i + 1;
    i = end;
  }
  return end < 0 ? null : parts.slice(0, end + 1).join('/');
}

async function main() {
  if (!fs.existsSync(path.join(repo, 'dist', 'main', 'electron-main.js')) || !fs.existsSync(path.join(repo, 'dist', 'renderer', 'index.html'))) {
    console.log('check:package: building the app first (npm run build)');
    const build = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { cwd: repo, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-package-'));
  try {
    const electronDist = path.join(work, 'electron-dist');
    const output = path.join(work, 'release');
    makeStandInElectron(electronDist);
    const builder = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
    const args = [builder, '--dir', '--linux', '--x64', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`, ...process.argv.slice(2)];
    console.log(`check:package: electron-builder ${args.slice(1).join(' ')}`);
    const run = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    if (run.status !== 0) {
      console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
      throw new Error(`electron-builder exited ${run.status}`);
    }
    const appDir = path.join(output, 'linux-unpacked');
    const archive = path.join(appDir, 'resources', 'app.asar');
    check(fs.existsSync(archive), 'resources/app.asar was not written');
    const files = asar
      .listPackage(archive, { isPack: false })
      .map((entry) => entry.replace(/^[\\/]/, '').replaceAll('\\', '/'))
      .filter((entry) => {
        try {
          return !asar.statFile(archive, entry).files;
        } catch {
          return true;
        }
      });

    // 1. Only the built app and production dependencies.
    const production = productionPackages();
    const ours = files.filter((file) => !file.startsWith('node_modules/'));
    for (const file of ours) {
      const allowed = file === 'package.json' || /^dist\/main\/[^/]+\.(js|cjs)$/.test(file) || file.startsWith('dist/renderer/');
      check(allowed, `unexpected file in the asar: ${file}`);
    }
    for (const needed of ['package.json', 'dist/main/electron-main.js', 'dist/main/preload.cjs', 'dist/main/cli.js', 'dist/renderer/index.html']) {
      check(files.includes(needed), `missing from the asar: ${needed}`);
    }
    const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
    check(files.includes(packaged.main), `package.json's main (${packaged.main}) is not in the asar`);
    for (const file of files) {
      check(!/\.(ts|mts|cts|tsx)$/.test(file), `TypeScript in the asar: ${file}`);
      check(!file.endsWith('.map'), `source map in the asar: ${file}`);
      check(!/(^|\/)(test|tests|__tests__)\//.test(file), `test file in the asar: ${file}`);
    }
    for (const file of ours) check(!/(^|\/)(fixtures|bench|electron|shared|src)\//.test(file), `source, fixture or bench file in the asar: ${file}`);
    const packages = new Set(files.map(packagePathOf).filter(Boolean));
    const names = new Set();
    for (const pkg of packages) {
      let manifest = null;
      try {
        manifest = JSON.parse(asar.extractFile(archive, `${pkg}/package.json`).toString('utf8'));
      } catch {
        check(false, `${pkg} has no package.json in the asar`);
        continue;
      }
      names.add(manifest.name);
      check(production.has(`${manifest.name}@${manifest.version}`), `not a production dependency (dev-only or unknown to the lockfile): ${manifest.name}@${manifest.version} at ${pkg}`);
    }
    for (const devOnly of ['react', 'react-dom', '@tanstack/react-virtual', 'electron', 'vitest', 'typescript']) {
      check(!names.has(devOnly), `${devOnly} is packaged (dev-only; the renderer bundle already contains what it needs)`);
    }

    // 2. Native modules load from disk, not from inside the archive.
    const natives = files.filter((file) => file.endsWith('.node'));
    for (const pattern of [/better-sqlite3\/build\/Release\/better_sqlite3\.node$/, /@napi-rs\/keyring-[^/]+\/keyring\.[^/]+\.node$/]) {
      const found = natives.find((file) => pattern.test(file));
      check(Boolean(found), `no native module matching ${pattern} in the package`);
      if (!found) continue;
      check(asar.statFile(archive, found).unpacked === true, `${found} is inside the asar (must be unpacked)`);
      check(fs.existsSync(path.join(appDir, 'resources', 'app.asar.unpacked', found)), `${found} is missing from app.asar.unpacked`);
    }
    for (const file of natives) check(asar.statFile(archive, file).unpacked === true, `${file} is inside the asar (must be unpacked)`);

    // 3. Fuses, read back from the packed executable.
    const wire = await getCurrentFuseWire(path.join(appDir, 'pinlist'));
    for (const [index, wanted] of Object.entries(FUSES)) {
      if (index === 'version') continue;
      const expected = wanted ? 49 : 48;
      check(wire[index] === expected, `fuse ${index} is ${String.fromCharCode(wire[index] ?? 63)}, expected ${wanted ? 'enabled' : 'disabled'}`);
    }

    console.log(
      `check:package: ${files.length} files in app.asar (${ours.length} of the app, ${packages.size} production packages), ` +
        `${natives.length} native modules, ${Object.keys(FUSES).length - 1} fuses checked`,
    );
  } finally {
    if (!process.env.PINLIST_KEEP_PACKAGE) fs.rmSync(work, { recursive: true, force: true });
    else console.log(`check:package: kept ${work}`);
  }
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 50)) console.error(`  FAIL ${problem}`);
    if (problems.length > 50) console.error(`  … and ${problems.length - 50} more`);
    console.error(`check:package: FAILED (${problems.length} problems)`);
    process.exitCode = 1;
  } else {
    console.log('check:package: OK');
  }
}

main().catch((error) => {
  console.error(`check:package: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
