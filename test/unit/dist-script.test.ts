import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** A stand-in electron-builder: rebuilds better-sqlite3 in place, as npmRebuild does, then exits with BUILDER_EXIT. */
const BUILDER = `
const fs = require('node:fs');
fs.writeFileSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'electron build');
fs.writeFileSync('builder-args.json', JSON.stringify(process.argv.slice(2)));
process.exit(Number(process.env.BUILDER_EXIT));
`;

function project() {
  const root = tempDir();
  const release = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release');
  fs.mkdirSync(release, { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '1.0.0' }));
  fs.writeFileSync(path.join(release, 'better_sqlite3.node'), 'node build');
  const builder = path.join(tempDir(), 'builder.js');
  fs.writeFileSync(builder, BUILDER);
  const run = (exit: number) =>
    spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'dist.mjs'), '--root', root, '--builder', builder, '--linux', 'deb'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BUILDER_EXIT: String(exit) },
    });
  return { root, binary: path.join(release, 'better_sqlite3.node'), run };
}

describe('scripts/dist.mjs (npm run dist)', () => {
  it("puts Node's better-sqlite3 back after electron-builder rebuilt it for Electron in place", () => {
    const { root, binary, run } = project();
    const result = run(0);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'builder-args.json'), 'utf8'))).toEqual(['--linux', 'deb']);
    expect(fs.readFileSync(binary, 'utf8')).toBe('node build');
  });

  it('does so when electron-builder fails too, and passes its failure on', () => {
    const { binary, run } = project();
    expect(run(3).status).toBe(3);
    expect(fs.readFileSync(binary, 'utf8')).toBe('node build');
  });
});
