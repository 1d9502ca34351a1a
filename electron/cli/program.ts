import { Command, CommanderError, Option } from 'commander';
import { toErrorPayload } from '../../shared/error-payload.js';
import { isPinlistError } from '../../shared/errors.js';
import pkg from '../../package.json' with { type: 'json' };
import { registerAccounts } from './commands/accounts.js';
import { registerAuth } from './commands/auth.js';
import { registerImport } from './commands/import.js';
import { registerInfo } from './commands/info.js';
import { registerPreview } from './commands/preview.js';
import { registerSuppress } from './commands/suppress.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerAudiences } from './commands/audiences.js';
import { registerExport } from './commands/export.js';
import { registerLists } from './commands/lists.js';
import { registerRejects } from './commands/rejects.js';
import { registerSettings } from './commands/settings.js';
import { registerShow } from './commands/show.js';
import { registerLookup } from './commands/lookup.js';
import { registerDb } from './commands/db.js';
import { registerSource } from './commands/source.js';
import { registerRefresh } from './commands/refresh.js';
import { registerSchedule } from './commands/schedule.js';
import { registerRunDue } from './commands/run-due.js';
import { registerAlerts } from './commands/alerts.js';
import { processOutput, type Output } from './output.js';
import { withCliHint } from './hints.js';
import { CliRuntime } from './runtime.js';

export interface CommandSetup {
  output: Output;
  /** Standard input (a pipe or a terminal), e.g. for a secret. */
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  runtime(): CliRuntime;
}

/** Where a run of the CLI reads and writes: the process's own streams, or a test's. */
export interface CliIo extends Output {
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream | NodeJS.ReadableStream;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Each command lives in its own module and registers itself here. */
const commandRegistrations: ((program: Command, setup: CommandSetup) => void)[] = [
  registerInfo,
  registerServe,
  registerAuth,
  registerAccounts,
  registerImport,
  registerPreview,
  registerSuppress,
  registerLists,
  registerShow,
  registerLookup,
  registerRejects,
  registerExport,
  registerSettings,
  registerSync,
  registerAudiences,
  registerDb,
  registerSource,
  registerRefresh,
  registerSchedule,
  registerRunDue,
  registerAlerts,
];

export function buildProgram(io: CliIo, runtimeRef: { current?: CliRuntime }): Command {
  const output: Output = io;
  const program = new Command('pinlist');
  program
    .description('Match-ready, SHA-256-hashed customer lists from your spreadsheets, kept in sync with Pinterest audiences.')
    .version(pkg.version, '-V, --version', 'print the version')
    // PINLIST_DATA_DIR is read with the command's own environment (see CliRuntime.dataDir).
    .addOption(new Option('--data-dir <dir>', 'data folder (default: PINLIST_DATA_DIR, else the per-user app data folder)'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.replace(/\n$/, '')),
      writeErr: (text) => output.err(text.replace(/\n$/, '')),
      outputError: (text, write) => write(`${errorLine('USAGE', text.replace(/^error: /, ''))}\n`),
    });

  const setup: CommandSetup = {
    output,
    // On first use: the first read of process.stdin opens a stream on it, ~6 ms of every command.
    get stdin() {
      return io.stdin ?? process.stdin;
    },
    runtime() {
      runtimeRef.current ??= new CliRuntime({ dataDir: program.opts<{ dataDir?: string }>().dataDir, env: io.env });
      return runtimeRef.current;
    },
  };
  for (const register of commandRegistrations) register(program, setup);
  // The core is loaded only when a command's action runs: --version, --help and usage errors never load it.
  program.hook('preAction', () => setup.runtime().load());
  return program;
}

/**
 * The one line a failure prints on stderr: `error[CODE]: message`. Messages that span lines (a
 * schema error's path, commander's "Did you mean …?") are joined, so a script reading stderr
 * line by line sees one error per failure.
 */
export function errorLine(code: string, message: string): string {
  return `error[${code}]: ${message.trim().replace(/\s*\n\s*/g, ' ')}`;
}

/**
 * Runs the CLI and resolves with its exit code: 0 done, 1 failed, 2 usage. `bin/pinlist.js` runs it
 * on the process's streams; tests run it in-process with their own `io` (output, env, stdin).
 */
export async function runCli(argv: string[], io: CliIo = processOutput): Promise<number> {
  const output: Output = io;
  const runtimeRef: { current?: CliRuntime } = {};
  const program = buildProgram(io, runtimeRef);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      // `pinlist help` asked for help (exit code 0); `pinlist` or `pinlist auth` alone lacks a
      // command, so its help went to stderr as a usage error.
      if (error.code === 'commander.help' && error.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isPinlistError(error)) {
      output.err(errorLine(error.code, withCliHint(error.code, error.message)));
      return error.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
    }
    const { code, message } = toErrorPayload(error);
    output.err(errorLine(code, message));
    return EXIT_FAILURE;
  } finally {
    await runtimeRef.current?.close();
  }
}
