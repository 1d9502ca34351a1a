import { Option, type Command } from 'commander';
import { collectMap, describeSummary, parseMaps, stageFile, summaryJson, waitForImportJob } from '../import-job.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

interface ImportOptions {
  list: string;
  mode: 'replace' | 'add' | 'remove';
  map: string[];
  sheet?: string;
  encoding?: string;
  json?: boolean;
}

export function registerImport(program: Command, setup: CommandSetup): void {
  program
    .command('import')
    .description('Import a CSV, TSV or XLSX file into a list (created on first import): normalize, hash and store its identifiers')
    .argument('<file>', 'the spreadsheet to import')
    .requiredOption('--list <name>', 'the list to import into')
    .addOption(
      new Option('--mode <mode>', 'replace: the list becomes the file; add: union; remove: subtract').choices(['replace', 'add', 'remove']).default('replace'),
    )
    .option('--map <COLUMN=KIND>', 'map a column (header name or 1-based number) to email, gaid, idfa or ignore; repeatable', collectMap, [])
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first with data)')
    .option('--encoding <name>', 'override encoding detection, e.g. windows-1252, utf-16le')
    .option('--json', 'print one JSON object with the counts')
    .action(async (file: string, options: ImportOptions) => {
      const overrides = parseMaps(options.map);
      const runtime = setup.runtime();
      const core = runtime.core();
      const staged = stageFile(core, file);
      try {
        const { jobId } = await runtime.call('import.start', {
          fileId: staged.fileId,
          listName: options.list,
          mode: options.mode,
          overrides,
          sheet: options.sheet,
          encoding: options.encoding,
        });
        const summary = await waitForImportJob(core, setup.output, jobId, !options.json);
        if (options.json) printJson(setup.output, summaryJson(summary));
        else setup.output.out(describeSummary(summary, staged.name, options.mode));
      } finally {
        core.stagedFiles.release(staged.fileId);
      }
    });
}
