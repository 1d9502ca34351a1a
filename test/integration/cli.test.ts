import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cliPath, runPinlist, runPinlistBinary } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('pinlist CLI (in-process, through runCli)', () => {
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
    const child = spawn(process.execPath, [cliPath, '--data-dir', dir, 'preview', file, '--rows', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

/**
 * What only the real binary shows: bin/pinlist.js loading the build, exit statuses, the process's
 * own stdout/stderr, the environment, and signals. Everything else runs in-process (above).
 */
describe('pinlist binary (built; smoke)', () => {
  it('prints its version and help, exits 2 with one error line for a usage error', async () => {
    const version = await runPinlistBinary(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runPinlistBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: pinlist/);
    const usage = await runPinlistBinary(['no-such-command']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(usage.stderr).toMatch(/^error\[USAGE\]: /);
  });

  it('reads PINLIST_DATA_DIR from its environment and exits 1 with error[CODE] when the folder cannot be used', async () => {
    const dir = tempDir();
    const info = await runPinlistBinary(['info', '--json'], { env: { PINLIST_DATA_DIR: dir } });
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ dataDir: dir, surface: 'cli' });
    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, '');
    const refused = await runPinlistBinary(['info'], { env: { PINLIST_DATA_DIR: path.join(blocker, 'inside') } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error\[DATA_DIR_UNAVAILABLE\]: /);
  });

  it('serve stops cleanly on SIGINT (exit 0, nothing on stderr)', async () => {
    const child = spawn(process.execPath, [cliPath, '--data-dir', tempDir(), 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/Press Ctrl\+C to stop/.test(stdout)) resolve();
      });
      child.once('close', () => reject(new Error(`serve ended before it was up: ${stderr}`)));
    });
    expect(stdout).toMatch(/running at http:\/\/127\.0\.0\.1:\d+/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
