import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** A copy of the scanned sources (electron/, renderer/, shared/) with `edit` applied to one file. */
function copyWith(file: string, edit: (source: string) => string): string {
  const root = tempDir();
  for (const dir of ['electron', 'renderer', 'shared']) {
    fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
  }
  const target = path.join(root, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(target, after);
  return root;
}

function audit(root: string) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'audit-electron.mjs'), '--root', root], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('npm run audit:electron (electronegativity gate)', () => {
  it('fails when the window loses its sandbox or context isolation', { timeout: 120_000 }, () => {
    const root = copyWith('electron/main/window.ts', (source) => source.replace('contextIsolation: true', 'contextIsolation: false').replace('sandbox: true', 'sandbox: false'));
    const run = audit(root);
    expect(run.code, run.output).toBe(1);
    for (const check of ['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK']) {
      expect(run.output).toMatch(new RegExp(`FAIL +${check} (HIGH|MEDIUM)/`));
    }
    expect(run.output).toMatch(/audit:electron: FAILED/);
  });

  it('fails on a new shell.openExternal that is not on the allowlist', { timeout: 120_000 }, () => {
    const root = copyWith('electron/main/electron-main.ts', (source) => `${source}\nexport const openAnything = (url: string) => shell.openExternal(url);\n`);
    const run = audit(root);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/FAIL +OPEN_EXTERNAL_JS_CHECK MEDIUM\/\w+ electron\/main\/electron-main\.ts/);
  });
});
