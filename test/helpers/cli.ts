import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { redactSecrets } from '../../shared/redact.js';
import { childScriptArgs } from './child-process.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'pinlist.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
}

/**
 * Runs `pinlist` in this process through the CLI's own entry (`runCli(argv, io)`): the same
 * program, commands, core and exit codes as the binary, without starting Node and loading the
 * build for every call. `env` is laid over process.env for the call (worker threads and the
 * core's env hooks see it, as a child's would); `input` is standard input.
 * For what only a real process shows (exit status, signals, the binary's own streams), use
 * runPinlistBinary; PINLIST_TEST_CLI=binary sends every call there.
 */
export async function runPinlist(args: string[], options: CliOptions = {}): Promise<CliResult> {
  // PINLIST_TEST_CLI=binary runs every CLI test against the build instead (slower; checks the bundle).
  if (process.env.PINLIST_TEST_CLI === 'binary') return runPinlistBinary(args, options);
  const { runCli } = await import('../../electron/cli/program.js');
  let stdout = '';
  let stderr = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stdout += chunk.toString();
      done();
    },
  });
  const restoreEnv = overlayEnv(options.env ?? {});
  const previousCwd = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await runCli(args, {
      out: (text) => void (stdout += text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => void (stderr += redactSecrets(text.endsWith('\n') ? text : `${text}\n`)),
      isTty: false,
      stream,
      env: process.env,
      stdin: Readable.from([options.input ?? '']),
    });
    return { code, stdout, stderr };
  } finally {
    if (options.cwd) process.chdir(previousCwd);
    restoreEnv();
  }
}

function overlayEnv(overrides: NodeJS.ProcessEnv): () => void {
  const saved = new Map(Object.keys(overrides).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Runs the built `pinlist` command as a user would, in its own process (requires `npm run build:main`). */
export function runPinlistBinary(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = outputOf(child);
  child.stdin.end(options.input ?? '');
  return result;
}

const sourceRunner = path.join(repoRoot, 'test', 'integration', 'helpers', 'run-cli.ts');

/**
 * Runs `pinlist` from source in its own process (`node --import tsx`), for tests that need a real
 * process without a build. `env` is laid over process.env; standard input is empty.
 */
export function runPinlistSource(args: string[], options: Omit<CliOptions, 'input'> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...childScriptArgs(sourceRunner), ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return outputOf(child);
}

/** What a child process printed on stdout and stderr, and its exit code, once it has closed. */
export function outputOf(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
