import { Option, type Command } from 'commander';
import { addFileReadingOptions, runImportCommand, type FileReadingOptions } from '../import-job.js';
import type { CommandSetup } from '../program.js';

interface ImportOptions extends FileReadingOptions {
  list: string;
  mode: 'replace' | 'add' | 'remove';
}

export function registerImport(program: Command, setup: CommandSetup): void {
  const command = program
    .command('import')
    .description('Import a CSV, TSV or XLSX file into a list (created on first import): normalize, hash and store its identifiers')
    .argument('<file>', 'the spreadsheet to import')
    .requiredOption('--list <name>', 'the list to import into')
    .addOption(
      new Option('--mode <mode>', 'replace: the list becomes the file; add: union; remove: subtract').choices(['replace', 'add', 'remove']).default('replace'),
    );
  addFileReadingOptions(command).action((file: string, options: ImportOptions) =>
    runImportCommand(setup, file, options, (runtime, fileId, overrides) =>
      runtime.call('import.start', { fileId, listName: options.list, mode: options.mode, overrides, sheet: options.sheet, encoding: options.encoding }),
    ),
  );
}
