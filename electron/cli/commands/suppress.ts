import { Option, type Command } from 'commander';
import { addFileReadingOptions, runImportCommand, type FileReadingOptions } from '../import-job.js';
import type { CommandSetup } from '../program.js';

interface SuppressOptions extends FileReadingOptions {
  mode: 'add' | 'replace' | 'remove';
}

export function registerSuppress(program: Command, setup: CommandSetup): void {
  const command = program
    .command('suppress')
    .description('Import opted-out people into the suppression list: they are never uploaded, and a sync removes them from Pinterest')
    .argument('<file>', 'the spreadsheet of people to suppress')
    .addOption(
      new Option('--mode <mode>', 'add: union (default); replace: the suppression list becomes the file; remove: take them off it')
        .choices(['add', 'replace', 'remove'])
        .default('add'),
    );
  addFileReadingOptions(command).action((file: string, options: SuppressOptions) =>
    runImportCommand(setup, file, options, (runtime, fileId, overrides) =>
      runtime.call('suppression.start', {
        fileId,
        mode: options.mode,
        overrides,
        sheet: options.sheet,
        encoding: options.encoding,
        rejectsExtraColumn: options.rejectsColumn,
      }),
    ),
  );
}
