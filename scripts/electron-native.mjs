// `npm start` runs this first. `npm install` built better-sqlite3 for Node; Electron has its own
// ABI, so a second copy is built for it into .electron-native/<electron>-<platform>-<arch>/ and the
// app loads it with better-sqlite3's `nativeBinding` option. Node keeps its own copy, so the CLI,
// browser mode and the tests go on working: no hand rebuild in either direction.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let electronVersion;
try {
  electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
} catch {
  console.error('pinlist: Electron is not installed. Run `npm install` first.');
  process.exit(1);
}

const target = path.join(root, '.electron-native', `${electronVersion}-${process.platform}-${process.arch}`);
const binding = path.join(target, 'better_sqlite3.node');
if (existsSync(binding)) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.electron-native', 'build');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });

const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (command, args) => execFileSync(command, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' });

console.log(`pinlist: preparing better-sqlite3 for Electron ${electronVersion} (once)…`);
try {
  // A prebuilt binary for this Electron if one is published, …
  run(bin('prebuild-install'), ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, `--platform=${process.platform}`]);
} catch {
  // … otherwise compile it against Electron's headers.
  run(bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron']);
}
mkdirSync(target, { recursive: true });
cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
rmSync(work, { recursive: true, force: true });
console.log(`pinlist: better-sqlite3 for Electron is ready (${path.relative(root, binding)}).`);
