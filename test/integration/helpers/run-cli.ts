// Runs the `pinlist` command from source (as bin/pinlist.js runs the built copy): node --import tsx run-cli.ts <args>
import { main } from '../../../electron/cli/main.js';

await main(process.argv.slice(2));
