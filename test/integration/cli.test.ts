import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPinlist } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('pinlist CLI (built)', () => {
  it('prints help listing its commands, and its version', async () => {
    const help = await runPinlist(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: pinlist/);
    expect(help.stdout).toMatch(/serve/);
    const version = await runPinlist(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const serveHelp = await runPinlist(['serve', '--help']);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toMatch(/--port/);
  });

  it('exits 2 with one error line for usage errors', async () => {
    const result = await runPinlist(['no-such-command'], { env: { PINLIST_DATA_DIR: tempDir() } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error\[USAGE\]: /);
  });

  it('keeps every error to one line, even a schema error with a path or a "Did you mean" hint', async () => {
    const env = { PINLIST_DATA_DIR: tempDir() };
    const cases: { args: string[]; code: number; pattern: RegExp }[] = [
      { args: ['lists', '--jsn'], code: 2, pattern: /^error\[USAGE\]: unknown option '--jsn' \(Did you mean --json\?\)$/ },
      { args: ['lsts'], code: 2, pattern: /^error\[USAGE\]: unknown command 'lsts' \(Did you mean lists\?\)$/ },
      { args: ['settings', 'set', 'batchSize', '0'], code: 1, pattern: /^error\[INVALID_INPUT\]: .*>=1 → at batchSize$/ },
    ];
    for (const { args, code, pattern } of cases) {
      const result = await runPinlist(args, { env });
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr.endsWith('\n'), args.join(' ')).toBe(true);
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trimEnd(), args.join(' ')).toMatch(pattern);
    }
  });

  it('exits 2 when no command is given (help on stderr), 0 when help is asked for', async () => {
    const env = { PINLIST_DATA_DIR: tempDir() };
    for (const args of [[], ['auth']]) {
      const missing = await runPinlist(args, { env });
      expect(missing.code, args.join(' ')).toBe(2);
      expect(missing.stderr).toMatch(/Usage: pinlist/);
      expect(missing.stdout).toBe('');
    }
    for (const args of [['help'], ['help', 'import'], ['auth', '--help']]) {
      const asked = await runPinlist(args, { env });
      expect(asked.code, args.join(' ')).toBe(0);
      expect(asked.stdout).toMatch(/Usage: pinlist/);
    }
  });

  it('prints JSON with --json and honours --data-dir', async () => {
    const dir = tempDir();
    const result = await runPinlist(['--data-dir', dir, 'info', '--json']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({ name: 'Pinlist', dataDir: dir, surface: 'cli' });
    expect(info.schemaVersion).toBeGreaterThan(0);
  });

  it('exits 1 with error[CODE] when the data folder cannot be used', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, '');
    const result = await runPinlist(['--data-dir', path.join(blocker, 'inside'), 'info']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error\[DATA_DIR_UNAVAILABLE\]: .*--data-dir/);
  });
});

describe('pinlist CLI piped into a reader that stops early', () => {
  it('ends quietly (exit 0, no EPIPE crash) when stdout closes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'many.csv');
    fs.writeFileSync(file, ['email', ...Array.from({ length: 5000 }, (_, index) => `person${index}@example.com`)].join('\n'));
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [cliPath, '--data-dir', dir, 'preview', file, '--rows', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
