import { runCli } from './program.js';

/** Entry point of the `pinlist` command (bin/pinlist.js loads the built copy of this file). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `pinlist preview big.csv | head`: the reader left; that is a normal end, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const code = await runCli(argv);
  // Long-lived commands (serve) never get here until they stop.
  process.exitCode = code;
}
