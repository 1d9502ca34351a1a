import { Option, type Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { checkReadingOptions, collectMap, parseMaps } from '../import-job.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { printSource } from './automation-output.js';

interface SourceFlags {
  file?: string;
  folder?: string;
  pattern?: string;
  map: string[];
  sheet?: string;
  encoding?: string;
  mode?: 'replace' | 'add' | 'remove';
  clear?: boolean;
  json?: boolean;
}

/** `pinlist source LIST …`: where a list's data comes from (a new list is created empty). */
export function registerSource(program: Command, setup: CommandSetup): void {
  program
    .command('source')
    .description("Show or set where a list's data comes from: a file, or the newest file in a folder matching a pattern")
    .argument('<list>', 'the list, by name (created empty if it does not exist)')
    .option('--file <path>', 'a file, re-read on each refresh')
    .option('--folder <dir>', 'a folder: the newest file matching --pattern is read')
    .option('--pattern <glob>', 'with --folder: file names to consider, e.g. "contacts_*.csv"')
    .option('--map <COLUMN=KIND>', 'map a column to email, gaid, idfa or ignore; repeatable', collectMap, [])
    .option('--sheet <name>', 'XLSX: the sheet to read')
    .option('--encoding <name>', 'override encoding detection')
    .addOption(new Option('--mode <mode>', 'how a refresh applies the file (default replace)').choices(['replace', 'add', 'remove']))
    .option('--clear', 'forget the source')
    .option('--json', 'print the list\'s automation as one JSON object')
    .action(async (name: string, flags: SourceFlags) => {
      const runtime = setup.runtime();
      const setting = flags.file !== undefined || flags.folder !== undefined;
      if (flags.file !== undefined && flags.folder !== undefined) throw new PinlistError('USAGE', 'Give either --file PATH or --folder DIR --pattern GLOB, not both.');
      if (flags.folder !== undefined && !flags.pattern) throw new PinlistError('USAGE', '--folder needs --pattern, e.g. --pattern "contacts_*.csv".');
      if (flags.pattern !== undefined && flags.folder === undefined) throw new PinlistError('USAGE', '--pattern goes with --folder DIR.');
      if (flags.clear && setting) throw new PinlistError('USAGE', '--clear forgets the source; do not give --file or --folder with it.');
      if (!setting && (flags.map.length > 0 || flags.sheet || flags.encoding || flags.mode)) {
        throw new PinlistError('USAGE', '--map, --sheet, --encoding and --mode go with --file or --folder.');
      }
      checkReadingOptions(flags);
      let view;
      if (setting) {
        const { listId } = await runtime.call('automation.listForSource', { name });
        view = await runtime.call('automation.setSource', {
          listId,
          kind: flags.file !== undefined ? 'file' : 'folder',
          path: (flags.file ?? flags.folder)!,
          pattern: flags.pattern,
          overrides: parseMaps(flags.map),
          sheet: flags.sheet,
          encoding: flags.encoding,
          mode: flags.mode,
        });
      } else {
        const wanted = name.trim().toLowerCase();
        const list = (await runtime.call('lists.list', {})).find((l) => l.name.toLowerCase() === wanted) ?? (/^\d+$/.test(name) ? { id: Number(name) } : undefined);
        if (!list) throw new PinlistError('LIST_NOT_FOUND', `There is no list named "${name}". Set a source to create it: \`pinlist source "${name}" --file PATH\`.`);
        view = flags.clear ? await runtime.call('automation.clearSource', { listId: list.id }) : await runtime.call('automation.get', { listId: list.id });
      }
      if (flags.json) printJson(setup.output, { list: view.list, source: view.source });
      else if (flags.clear) setup.output.out(`"${view.list}" has no source now.`);
      else printSource(setup.output, view);
    });
}
