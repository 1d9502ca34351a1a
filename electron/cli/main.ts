import { redactSecrets } from '../../shared/redact.js';
import { errorLine, runCli } from './program.js';

/**
 * The last line of defence: an error nothing caught (a stream's 'error' with no listener, a timer
 * that throws while `serve` runs) becomes one `error[INTERNAL]` line, never Node's stack dump on a
 * person's terminal. PINLIST_DEBUG=1 keeps the stack for whoever reports the bug.
 */
function exitOnUncaught(error: unknown): void {
  const detail = process.env.PINLIST_DEBUG ? ((error as Error)?.stack ?? String(error)) : ((error as Error)?.message ?? String(error));
  process.stderr.write(`${errorLine('INTERNAL', redactSecrets(`Pinlist stopped on an unexpected error: ${detail}. Try again; if it keeps happening, report it.`))}\n`);
  process.exit(1);
}

/** Entry point of the `pinlist` command (bin/pinlist.js loads the built copy of this file). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `pinlist preview big.csv | head`: the reader left; that is a normal end, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.on('uncaughtException', exitOnUncaught);
  process.on('unhandledRejection', exitOnUncaught);
  const code = await runCli(argv);
  // Long-lived commands (serve) never get here until they stop.
  process.exitCode = code;
}
