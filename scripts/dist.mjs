#!/usr/bin/env node
// `npm run dist`: electron-builder, without breaking the Node build of better-sqlite3.
//
// electron-builder (npmRebuild) rebuilds native modules for Electron *in the project's own
// node_modules* before it packs them. Left like that, the CLI, browser mode and the tests would
// all fail afterwards with a NODE_MODULE_VERSION error until a hand rebuild. So Node's binary is
// kept aside and put back when electron-builder ends, however it ends.
//
// Usage: node scripts/dist.mjs [electron-builder args]
//   For tests: --builder FILE.js (a stand-in for electron-builder's cli.js), --root DIR.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
function take(name) {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const [, value] = args.splice(index, 2);
  return value;
}
const root = path.resolve(take('--root') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const require = createRequire(path.join(root, 'noop.js'));
const builder = take('--builder') ?? path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');

/** Every native binary the rebuild may replace (better-sqlite3's; @napi-rs/keyring is N-API and is not rebuilt). */
const kept = [path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node')].filter((file) => existsSync(file));
const aside = mkdtempSync(path.join(os.tmpdir(), 'pinlist-dist-'));
kept.forEach((file, index) => copyFileSync(file, path.join(aside, String(index))));

try {
  const run = spawnSync(process.execPath, [builder, ...args], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  kept.forEach((file, index) => {
    // Beside, then renamed: the file in place is never half-written.
    copyFileSync(path.join(aside, String(index)), `${file}.restore`);
    renameSync(`${file}.restore`, file);
  });
  rmSync(aside, { recursive: true, force: true });
  if (kept.length > 0) console.log(`pinlist: restored Node's build of better-sqlite3 (${kept.map((file) => path.relative(root, file)).join(', ')})`);
}
