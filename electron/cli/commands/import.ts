import { Option, type Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { MAX_LIST_NAME_LENGTH } from '../../../shared/list-names.js';
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
  addFileReadingOptions(command).action(async (file: string, options: ImportOptions) => {
    const listName = checkListName(options.list, MAX_LIST_NAME_LENGTH);
    return runImportCommand(setup, file, options, (runtime, fileId, overrides) =>
      runtime.call('import.start', {
        fileId,
        listName,
        mode: options.mode,
        overrides,
        sheet: options.sheet,
        encoding: options.encoding,
        rejectsExtraColumn: options.rejectsColumn,
      }),
    );
  });
}

/** Refused here, as a usage error, rather than as an invalid request from the core. */
function checkListName(name: string, MAX_LIST_NAME_LENGTH: number): string {
  const clean = name.trim();
  if (clean === '') throw new PinlistError('USAGE', '--list needs the name of the list to import into, e.g. --list "Spring sale".');
  if (clean.length > MAX_LIST_NAME_LENGTH) {
    throw new PinlistError('USAGE', `List names can be at most ${MAX_LIST_NAME_LENGTH} characters (this one has ${clean.length}). Choose a shorter --list name.`);
  }
  return clean;
}
