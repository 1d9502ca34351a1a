import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { cliModuleGraph, staticReach } from '../helpers/cli-graph.js';

/**
 * The CLI's two rules (issue 13, issue 12, decision 0009): a command reaches the core only
 * through dispatch (`runtime.call`), and `pinlist --version` / `--help` load neither the core nor
 * zod. The first is a lint rule, shown here to fail; the second is read from esbuild's module
 * graph of the CLI's entry: what its static imports reach is exactly what `--version` loads
 * (commands load the rest inside their actions, the core in the program's preAction hook).
 */

const CORE_RULES = ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'];

async function cliImportErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return (result?.messages ?? []).filter((m) => CORE_RULES.includes(m.ruleId ?? '')).map((m) => m.message);
}

describe('CLI commands reach the core only through dispatch', () => {
  it('refuses a value import of the core in a command, and accepts its types and the real command modules', async () => {
    const file = 'electron/cli/commands/new-command.ts';
    const direct = await cliImportErrors(file, "import { runDue } from '../../core/automation/index.js';\nexport const run = runDue;\n");
    expect(direct).toHaveLength(1);
    expect(direct[0]).toMatch(/through dispatch/);
    expect(await cliImportErrors(file, "import { findListByName } from '../../core/store/index.js';\nexport const find = findListByName;\n")).toHaveLength(1);
    expect(await cliImportErrors('electron/cli/new-helper.ts', "import { Core } from '../core/core.js';\nexport const make = () => new Core({ dataDir: '.' });\n")).toHaveLength(1);
    // Loading it by hand inside an action is the same reach behind the contract (serve, which hosts browser mode, aside).
    const lazy = "export async function run(): Promise<unknown> {\n  const { runDue } = await import('../../core/automation/index.js');\n  return runDue;\n}\n";
    expect(await cliImportErrors(file, lazy)).toHaveLength(1);
    expect(await cliImportErrors('electron/cli/commands/serve.ts', lazy)).toEqual([]);
    // Types are erased at build time, so they cost nothing and reach behind nothing.
    expect(await cliImportErrors(file, "import type { Core } from '../../core/core.js';\nexport type C = Core;\n")).toEqual([]);

    const commandsDir = path.join(repoRoot, 'electron/cli/commands');
    const modules = fs.readdirSync(commandsDir).filter((name) => name.endsWith('.ts'));
    expect(modules).toEqual(expect.arrayContaining(['source.ts', 'refresh.ts', 'schedule.ts', 'run-due.ts', 'alerts.ts', 'audiences.ts', 'sync.ts']));
    const eslint = new ESLint({ cwd: repoRoot });
    const results = await eslint.lintFiles(modules.map((name) => path.join(commandsDir, name)));
    const offending = results.flatMap((r) => r.messages.filter((m) => CORE_RULES.includes(m.ruleId ?? '')).map((m) => `${path.basename(r.filePath)}: ${m.message}`));
    expect(offending).toEqual([]);
  }, 120_000);
});

describe('pinlist --version and --help', () => {
  it('load neither the core, the contract (zod) nor SQLite: the entry statically reaches none of them', async () => {
    const inputs = await cliModuleGraph();
    const entry = 'electron/cli/main.ts';
    expect(inputs[entry]).toBeDefined();
    const { files: reached, packages } = staticReach(inputs, entry);
    // The walk sees the commands (so it is a real walk), and the core only through dynamic imports.
    expect(reached).toContain('electron/cli/commands/run-due.ts');
    expect(reached).toContain('electron/cli/commands/audiences.ts');
    expect(Object.keys(inputs)).toContain('electron/core/core.ts');
    expect([...reached].filter((file) => file.startsWith('electron/core/') && file !== 'electron/core/paths.ts')).toEqual([]);
    expect([...reached].filter((file) => file.startsWith('shared/contract/'))).toEqual([]);
    expect([...packages].filter((name) => /^(zod|better-sqlite3|@napi-rs\/keyring|keytar|exceljs|cli-progress)(\/|$)/.test(name))).toEqual([]);
  }, 60_000);
});
