import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronNativeBinding } from '../../electron/main/native-binding.js';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const script = path.join(repoRoot, 'scripts', 'electron-native.mjs');

/**
 * A stand-in for prebuild-install or node-gyp: logs how it was run, and (when told to) writes
 * build/Release/better_sqlite3.node in its working folder as the real tools do.
 */
const TOOL = `
const fs = require('node:fs');
const name = process.argv[1].endsWith('node-gyp.js') ? 'gyp' : 'prebuild';
const record = { name, cwd: process.cwd(), args: process.argv.slice(2), nodeBuildCopied: fs.existsSync('build'), sourcesCopied: fs.existsSync('src/better_sqlite3.cpp') };
fs.appendFileSync(process.env.TOOL_LOG, JSON.stringify(record) + '\\n');
if (process.env[name === 'gyp' ? 'GYP_WORKS' : 'PREBUILD_WORKS'] !== '1') process.exit(1);
fs.mkdirSync('build/Release', { recursive: true });
fs.writeFileSync('build/Release/better_sqlite3.node', name + ' for electron');
`;

/** A project as `npm install` leaves it, in a folder whose path has spaces and a "build" folder. */
function project() {
  const base = tempDir();
  const root = path.join(base, 'build', 'my projects', 'pinlist');
  const sqlite = path.join(root, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(path.join(sqlite, 'build', 'Release'), { recursive: true });
  fs.mkdirSync(path.join(sqlite, 'src'), { recursive: true });
  fs.mkdirSync(path.join(root, 'node_modules', 'electron'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'pinlist', version: '0.0.0' }));
  fs.writeFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '41.0.0' }));
  fs.writeFileSync(path.join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '1.2.3' }));
  fs.writeFileSync(path.join(sqlite, 'src', 'better_sqlite3.cpp'), '// sources');
  fs.writeFileSync(path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'node build');
  const tools = path.join(base, 'tools with spaces');
  fs.mkdirSync(tools);
  fs.writeFileSync(path.join(tools, 'prebuild-install.js'), TOOL);
  fs.writeFileSync(path.join(tools, 'node-gyp.js'), TOOL);
  const log = path.join(base, 'tools.log');
  const run = (env: Record<string, string>) => {
    const result = spawnSync(
      process.execPath,
      [script, '--root', root, '--prebuild-install', path.join(tools, 'prebuild-install.js'), '--node-gyp', path.join(tools, 'node-gyp.js')],
      { encoding: 'utf8', env: { ...process.env, TOOL_LOG: log, ...env } },
    );
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { name: string; cwd: string; args: string[]; nodeBuildCopied: boolean; sourcesCopied: boolean }) : [];
    fs.rmSync(log, { force: true });
    return { code: result.status, output: result.stdout + result.stderr, calls };
  };
  return { root, sqlite, run };
}

function expected(root: string) {
  const found = electronNativeBinding(root, '41.0.0', false);
  return 'binding' in found ? found.binding : null;
}

describe('scripts/electron-native.mjs (npm prestart)', () => {
  it('fetches the prebuilt binary for this Electron into the folder the app loads it from, once', () => {
    const { root, sqlite, run } = project();
    const first = run({ PREBUILD_WORKS: '1' });
    expect(first.code, first.output).toBe(0);
    expect(first.calls).toHaveLength(1);
    const [call] = first.calls;
    expect(call).toMatchObject({ name: 'prebuild', nodeBuildCopied: false, sourcesCopied: true });
    expect(call!.args).toEqual(expect.arrayContaining(['--runtime=electron', '--target=41.0.0', `--arch=${process.arch}`, `--platform=${process.platform}`]));
    // It worked in a scratch copy, never in the installed package, which keeps Node's build.
    expect(path.relative(root, call!.cwd).startsWith('.electron-native')).toBe(true);
    expect(fs.readFileSync(path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
    const binding = expected(root);
    expect(binding).not.toBeNull();
    expect(fs.readFileSync(binding!, 'utf8')).toBe('prebuild for electron');
    expect(fs.readdirSync(path.join(root, '.electron-native'))).toEqual([path.basename(path.dirname(binding!))]);

    const again = run({ PREBUILD_WORKS: '1' });
    expect(again.code).toBe(0);
    expect(again.calls).toEqual([]);
  });

  it('compiles with node-gyp against Electron\'s headers when no prebuilt binary is published', () => {
    const { root, run } = project();
    const result = run({ PREBUILD_WORKS: '0', GYP_WORKS: '1' });
    expect(result.code, result.output).toBe(0);
    expect(result.calls.map((call) => call.name)).toEqual(['prebuild', 'gyp']);
    expect(result.calls[1]!.args).toEqual(expect.arrayContaining(['rebuild', '--release', '--target=41.0.0', '--dist-url=https://electronjs.org/headers']));
    expect(fs.readFileSync(expected(root)!, 'utf8')).toBe('gyp for electron');
  });

  it('fails with one clear error line, and leaves nothing half-made, when neither works', () => {
    const { root, run } = project();
    const result = run({ PREBUILD_WORKS: '0', GYP_WORKS: '0' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^error\[NATIVE_BUILD_FAILED\]: Could not get better-sqlite3 for Electron 41\.0\.0.*install .*then run `npm start` again/m);
    expect(expected(root)).toBeNull();
    expect(fs.readdirSync(path.join(root, '.electron-native'))).toEqual([]);
  });

  it('builds again for a new better-sqlite3', () => {
    const { root, sqlite, run } = project();
    expect(run({ PREBUILD_WORKS: '1' }).code).toBe(0);
    fs.writeFileSync(path.join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '1.2.4' }));
    expect(expected(root)).toBeNull();
    const upgraded = run({ PREBUILD_WORKS: '1' });
    expect(upgraded.calls).toHaveLength(1);
    expect(expected(root)).not.toBeNull();
  });
});
