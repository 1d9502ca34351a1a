import path from 'node:path';
import type { Command } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import type { CommandSetup } from '../program.js';
import { printJson } from '../output.js';

export function registerInfo(program: Command, setup: CommandSetup): void {
  program
    .command('info')
    .description('Show the version, the data folder and the database in use')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const runtime = setup.runtime();
      let info;
      try {
        info = await runtime.call('app.info', {});
      } catch (error) {
        // A damaged database or a read-only folder: say where things are, then what is wrong.
        if (!options.json) {
          setup.output.out(
            [`Pinlist ${pkg.version}`, `Data folder: ${runtime.dataDir}`, `Database:    ${path.join(runtime.dataDir, 'pinlist.db')} (cannot be used, see below)`].join('\n'),
          );
        }
        throw error;
      }
      if (options.json) return printJson(setup.output, info);
      setup.output.out(
        [`Pinlist ${info.version}`, `Data folder: ${info.dataDir}`, `Database:    ${info.databasePath} (schema ${info.schemaVersion})`].join('\n'),
      );
    });
}
