import { runCli } from './program.js';

/** Entry point of the `pinlist` command (bin/pinlist.js loads the built copy of this file). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv);
  // Long-lived commands (serve) never get here until they stop.
  process.exitCode = code;
}
