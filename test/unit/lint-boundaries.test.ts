import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * `npm run lint` enforces the layout's boundaries. Each case lints a file's text as if it stood at
 * a path in the tree (the repo's own eslint.config.js decides by path), so the rules are shown to
 * fail, not only to exist.
 */
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint boundaries', () => {
  it('refuses a core file that imports electron, and accepts the same file without it', async () => {
    // A real core file, as it is, then with an Electron import added.
    const original = fs.readFileSync(path.join(repoRoot, 'electron/core/jobs/events.ts'), 'utf8');
    expect(await restrictedImports('electron/core/jobs/events.ts', original)).toEqual([]);
    const withElectron = `import { app } from 'electron';\n${original}\nexport const appName = (): string => app.getName();\n`;
    const messages = await restrictedImports('electron/core/jobs/events.ts', withElectron);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/core runs without Electron/);
  }, 60_000);

  it('refuses a core file that imports a surface, and a surface that imports another', async () => {
    expect(await restrictedImports('electron/core/jobs/new-file.ts', "import { runCli } from '../../cli/program.js';\nexport const run = runCli;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/server/new-file.ts', "import { runCli } from '../cli/program.js';\nexport const run = runCli;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/new-file.ts', "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n")).toHaveLength(1);
  }, 60_000);
});
