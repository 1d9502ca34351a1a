import type { Command } from 'commander';
import type { CommandSetup } from '../program.js';
import { printJson } from '../output.js';

export function registerInfo(program: Command, setup: CommandSetup): void {
  program
    .command('info')
    .description('Show the version, the data folder and the database in use')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const info = await setup.runtime().call('app.info', {});
      if (options.json) return printJson(setup.output, info);
      setup.output.out(
        [`Pinlist ${info.version}`, `Data folder: ${info.dataDir}`, `Database:    ${info.databasePath} (schema ${info.schemaVersion})`].join('\n'),
      );
    });
}
